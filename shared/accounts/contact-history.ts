// What the contact rules need to know about an account, read from its events: the messages sent, the
// conversations had (a reply that engages with the debt, as opposed to a keyword such as STOP or HELP), and its flags.
import type { ContactRequest } from '../compliance/evaluate.ts';
import type { AccountEvent, ReplyIntent } from './events.ts';
import type { AccountState } from './fold.ts';

const CONVERSATION_INTENTS: ReadonlySet<ReplyIntent> = new Set(['pay', 'promise', 'dispute', 'other']);

export function isConversation(intent: ReplyIntent): boolean {
  return CONVERSATION_INTENTS.has(intent);
}

type HistoryEntry = NonNullable<ContactRequest['history']>[number];

export function contactHistoryOf(events: readonly AccountEvent[]): HistoryEntry[] {
  return events.flatMap((e): HistoryEntry[] => {
    if (e.type === 'touch-sent') return [{ at: e.at, channel: e.channel, kind: 'sent' }];
    if (e.type === 'reply-received' && isConversation(e.intent)) return [{ at: e.at, channel: e.channel, kind: 'conversation' }];
    return [];
  });
}

export function contactFlagsOf(state: AccountState): NonNullable<ContactRequest['flags']> {
  return {
    optedOut: (['email', 'sms'] as const).filter((c) => state.optedOut[c]),
    ceased: state.ceased,
    disputed: state.disputed,
  };
}
