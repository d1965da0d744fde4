// The second check, at the real send time: a message that would break a rule is never sent, only recorded as suppressed.
import type { Channel } from '../accounts/events.ts';
import type { AccountState } from '../accounts/fold.ts';
import { checkContactHours } from './contact-hours.ts';

export function checkSendAllowed(
  state: AccountState,
  channel: Channel,
  timeZones: readonly string[],
  at: Date,
): { allowed: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (state.status === 'resolved') reasons.push('resolved');
  if (state.ceased) reasons.push('hard-stop:cease');
  if (state.disputed) reasons.push('hold:dispute');
  if (state.optedOut[channel]) reasons.push(`opted-out:${channel}`);
  if (state.placedBalanceMinor > 0 && state.balanceMinor <= 0) reasons.push('balance-cleared');
  reasons.push(...checkContactHours(at, timeZones).reasons);
  return { allowed: reasons.length === 0, reasons };
}
