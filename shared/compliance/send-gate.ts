// The second check, at the real send time: a message that would break a rule is never sent, only recorded as suppressed.
import { contactRequestFor, type DebtorContact } from '../accounts/contact-history.ts';
import type { Channel } from '../accounts/events.ts';
import { isCleared, type AccountState } from '../accounts/fold.ts';
import { evaluateContact, type ContactPolicy } from './evaluate.ts';

export function checkSendAllowed(
  state: AccountState,
  channel: Channel,
  debtor: DebtorContact,
  at: Date,
  options: { policy?: ContactPolicy; closing: boolean },
): { allowed: boolean; reasons: string[] } {
  const { policy, closing } = options;
  const reasons: string[] = [];
  if (state.status === 'resolved') reasons.push('resolved');
  // A paid account gets its thank-you and survey; nothing that asks for money.
  if (!closing && isCleared(state)) reasons.push('balance-cleared');
  reasons.push(...evaluateContact(contactRequestFor(state, debtor, channel, at, policy)).reasons);
  return { allowed: reasons.length === 0, reasons };
}
