// Time-barred debt (Reg F 1006.26): never sue or threaten to sue on it, and add the disclosure where the creditor's
// data marks the debt as out of statute. Which words go in is the templates' business; this says whether they must.
import { dayNumberOf } from './calendar.ts';

export interface TimeBarredFlags {
  /** The creditor marks the debt as time-barred. */
  timeBarred?: boolean;
  /** The same, under the name some placement files use. */
  outOfStatute?: boolean;
  /** The last day a suit could be brought (`YYYY-MM-DD`); from that day on, the disclosure goes in. */
  statuteOfLimitationsEndsOn?: string;
}

/**
 * Whether messages must carry the time-barred disclosure. When in doubt it goes in: a date that cannot be read, or a
 * date without `now`, counts as passed. The date is compared with the UTC date of `now`, which is never behind the
 * local date anywhere in the US states, so the disclosure starts no later than it should.
 */
export function timeBarredDisclosureRequired(flags: TimeBarredFlags, now?: Date): boolean {
  if (flags.timeBarred === true || flags.outOfStatute === true) return true;
  if (flags.statuteOfLimitationsEndsOn === undefined) return false;
  const ends = dayNumberOf(flags.statuteOfLimitationsEndsOn);
  if (ends === null || now === undefined) return true;
  return Math.floor(now.getTime() / 86_400_000) >= ends;
}
