// The second check, at the real send time: a message that would break a rule is never sent, only recorded as suppressed.
import { contactRequestFor, type DebtorContact } from '../accounts/contact-history.ts';
import type { Channel } from '../accounts/events.ts';
import { isCleared, type AccountState } from '../accounts/fold.ts';
import { evaluateContact, type ContactPolicy } from './evaluate.ts';

/**
 * What a message is for: collecting, closing a paid account (thank-you, survey), the notice after a cease, or the
 * answer to something the debtor asked for within the past week (the payment plan they requested).
 */
export type MessagePurpose = 'collection' | 'closing' | 'cease-notice' | 'answer';

/**
 * The account as the contact rules see it for a message of this purpose. The one notice the law still allows after a
 * cease request (FDCPA 805(c): that collection has stopped) is exempt from the cease itself. An answer the debtor asked
 * for directly is exempt from the wait after a conversation (Reg F 1006.14(b)(3), prior consent within 7 days); the
 * conversation still counts toward the caps. Neither is exempt from any other rule.
 */
export function ruledState(state: AccountState, purpose: MessagePurpose): AccountState {
  if (purpose === 'cease-notice') return { ...state, ceased: false };
  if (purpose === 'answer') return { ...state, contactHistory: state.contactHistory.map((h) => ({ ...h, kind: 'sent' as const })) };
  return state;
}

export function checkSendAllowed(
  state: AccountState,
  channel: Channel,
  debtor: DebtorContact,
  at: Date,
  options: { policy?: ContactPolicy; purpose: MessagePurpose },
): { allowed: boolean; reasons: string[] } {
  const { policy, purpose } = options;
  const reasons: string[] = [];
  if (state.status === 'resolved') reasons.push('resolved');
  // Plan skips a channel that reaches someone else or no one; a Send planned before that was learnt must too.
  if (state.unreachable[channel]) reasons.push(`unreachable:${channel}`);
  // A paid account gets its thank-you and survey; nothing that asks for money.
  if (purpose !== 'closing' && isCleared(state)) reasons.push('balance-cleared');
  reasons.push(...evaluateContact(contactRequestFor(ruledState(state, purpose), debtor, channel, at, policy)).reasons);
  return { allowed: reasons.length === 0, reasons };
}
