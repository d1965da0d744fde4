// A conversation, for the frequency rules: a reply that engages with the debt, as opposed to a keyword such as STOP,
// START or HELP, which the platform answers without it counting as an exchange.
import type { ReplyIntent } from './events.ts';

const CONVERSATION_INTENTS: ReadonlySet<ReplyIntent> = new Set(['pay', 'promise', 'plan', 'dispute', 'hardship', 'other']);

export function isConversation(intent: ReplyIntent): boolean {
  return CONVERSATION_INTENTS.has(intent);
}
