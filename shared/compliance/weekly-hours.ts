// The local-time rules as minutes of each ISO weekday: the contact window narrowed by the creditor's hours and days,
// less the debtor's inconvenient times. The engine lays this week over the local calendar of every candidate zone.
import { MINUTES_PER_DAY, parseClock } from './calendar.ts';
import { CONTACT_WINDOW } from './contact-rules.ts';
import { subtract, type Interval } from './intervals.ts';

/** Debtor-named, local; a `from` after `to` runs past midnight, a `from` equal to `to` is the whole day. */
export interface InconvenientTime {
  daysOfWeek?: readonly number[];
  from: string;
  to: string;
}

/** Minute intervals per ISO weekday, indexed 1..7 (index 0 is unused and empty). */
export type Week = ReadonlyArray<readonly Interval[]>;

export interface WeeklyHours {
  /** Allowed local minutes: window ∩ policy hours ∩ policy days − inconvenient times. */
  allowed: Week;
  /** The debtor's inconvenient minutes, on their own (for the `inconvenient-time` reason). */
  inconvenient: Week;
  /** The creditor's hours, or null when it names none. */
  policyHours: Interval | null;
  /** The creditor's ISO weekdays, or null when it names none. */
  policyDays: ReadonlySet<number> | null;
}

const FULL_WINDOW: Interval[] = [[CONTACT_WINDOW.startMinute, CONTACT_WINDOW.endMinute]];
const DEFAULT_WEEK: Week = [[], FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW];
const NO_INCONVENIENCE: Week = [[], [], [], [], [], [], [], []];

/** Inconvenient times as minute intervals per ISO weekday; a time past midnight spills into the next day. */
function inconvenientByWeekday(times: readonly InconvenientTime[] | undefined): Week {
  if (times === undefined || times.length === 0) return NO_INCONVENIENCE;
  const week: Interval[][] = [[], [], [], [], [], [], [], []];
  for (const time of times) {
    const from = parseClock(time.from);
    const to = parseClock(time.to);
    if (from === null || to === null) throw new Error(`inconvenientTimes: "${time.from}"–"${time.to}" is not HH:MM–HH:MM`);
    const days =
      time.daysOfWeek === undefined ? [1, 2, 3, 4, 5, 6, 7] : time.daysOfWeek.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
    for (const day of days) {
      if (from < to) week[day]!.push([from, to]);
      else if (from === to)
        week[day]!.push([0, MINUTES_PER_DAY]); // the whole day: the cautious reading
      else {
        week[day]!.push([from, MINUTES_PER_DAY]);
        if (to > 0) week[(day % 7) + 1]!.push([0, to]);
      }
    }
  }
  return week;
}

/** The week of a creditor's narrowing and a debtor's inconvenient times; throws on a time that is not HH:MM. */
export function weeklyHours(
  policy: { daysOfWeek?: readonly number[]; hours?: { from: string; to: string } } | undefined,
  inconvenientTimes: readonly InconvenientTime[] | undefined,
): WeeklyHours {
  const policyDays = policy?.daysOfWeek === undefined ? null : new Set(policy.daysOfWeek);
  let policyHours: Interval | null = null;
  if (policy?.hours !== undefined) {
    const from = parseClock(policy.hours.from);
    const to = parseClock(policy.hours.to);
    if (from === null || to === null) throw new Error(`policy.hours: "${policy.hours.from}"–"${policy.hours.to}" is not HH:MM–HH:MM`);
    policyHours = [from, to];
  }
  const inconvenient = inconvenientByWeekday(inconvenientTimes);

  if (policyHours === null && policyDays === null && inconvenient === NO_INCONVENIENCE) {
    return { allowed: DEFAULT_WEEK, inconvenient, policyHours, policyDays };
  }
  const start = Math.max(CONTACT_WINDOW.startMinute, policyHours?.[0] ?? 0);
  const end = Math.min(CONTACT_WINDOW.endMinute, policyHours?.[1] ?? MINUTES_PER_DAY);
  const base: Interval[] = start < end ? [[start, end]] : [];
  const allowed: Interval[][] = [[]];
  for (let day = 1; day <= 7; day++) {
    allowed.push(policyDays !== null && !policyDays.has(day) ? [] : subtract(base, inconvenient[day]!));
  }
  return { allowed, inconvenient, policyHours, policyDays };
}
