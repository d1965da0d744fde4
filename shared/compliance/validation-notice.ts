// The validation notice (Reg F 1006.34): its information goes in the first communication or within five days of it,
// and the validation period runs until 30 days after the consumer receives it. Receipt may be assumed five days after
// sending, not counting Saturdays, Sundays and the legal public holidays of 5 U.S.C. 6103(a) (1006.34(b)(5)).
import { DAY_MS, isoDate, isWeekend } from './calendar.ts';
import { US_TIME_ZONES } from './data/state-zones.ts';
import { isUsFederalHoliday } from './holidays.ts';
import { zoneClock } from './zone-clock.ts';

/** Business days from sending to the assumed receipt. */
export const ASSUMED_RECEIPT_BUSINESS_DAYS = 5;
/** Calendar days from the assumed receipt to the end of the validation period. */
export const VALIDATION_PERIOD_DAYS = 30;
/** Days after the first communication by which the notice must have gone out. */
export const VALIDATION_NOTICE_DAYS = 5;

/**
 * The assumed receipt date and the last day of the validation period, as `YYYY-MM-DD`.
 *
 * The sending day is the latest local date among `zones` at `firstSentAt` (default: every US zone, which makes it
 * the Eastern date; pass the debtor's candidate zones when known): a later start only moves the receipt, and so the end
 * of the period, later, never earlier. An unknown zone, or an empty list, brings in every US zone.
 * Holidays count on both their legal and their observed day (see holidays.ts), for the same reason.
 */
export function validationPeriod(
  firstSentAt: Date,
  zones: readonly string[] = US_TIME_ZONES,
): { assumedReceiptDate: string; validationEndsOn: string } {
  const t = firstSentAt.getTime();
  if (!Number.isFinite(t)) throw new Error('validationPeriod: firstSentAt is not a valid date');
  // A zone the runtime does not know (or none at all) brings in every US zone instead: never an earlier date.
  const known = zones.map(zoneClock);
  const clocks = known.length > 0 && known.every((c) => c !== null) ? known : [...known, ...US_TIME_ZONES.map(zoneClock)];
  let sentDay = Number.NEGATIVE_INFINITY;
  for (const clock of clocks) if (clock !== null) sentDay = Math.max(sentDay, Math.floor(clock.localAt(t) / DAY_MS));
  let day = sentDay;
  for (let counted = 0; counted < ASSUMED_RECEIPT_BUSINESS_DAYS; ) {
    day += 1;
    if (!isWeekend(day) && !isUsFederalHoliday(day)) counted += 1;
  }
  return { assumedReceiptDate: isoDate(day), validationEndsOn: isoDate(day + VALIDATION_PERIOD_DAYS) };
}

export interface ValidationNoticeDue {
  /** No message has gone out yet: the notice belongs in the first message itself. */
  withFirstMessage: boolean;
  /** ISO instant by which the notice must have been sent: `now` before the first message, else 5 × 24 h after it. */
  dueBy: string;
  /** `now` is past `dueBy`: a notice not sent by now is late (hold the account and raise it with a person). */
  overdue: boolean;
}

/**
 * When the validation notice is due, for a caller that has not sent it yet: with the first message when there is none
 * (`firstSentAt` null or undefined), otherwise within 5 days of the first message (counted as 5 × 24 h, the earlier
 * of the readings).
 */
export function validationNoticeDue(firstSentAt: Date | null | undefined, now: Date): ValidationNoticeDue {
  if (firstSentAt === null || firstSentAt === undefined) {
    return { withFirstMessage: true, dueBy: now.toISOString(), overdue: false };
  }
  const dueBy = firstSentAt.getTime() + VALIDATION_NOTICE_DAYS * DAY_MS;
  return { withFirstMessage: false, dueBy: new Date(dueBy).toISOString(), overdue: now.getTime() > dueBy };
}
