// Dates in a debtor's promise ("friday", "on the 15th", "3/15", "next week", "el viernes"), resolved to the day they
// name, from the day the message arrived in the debtor's time zone. Read on the classifier's match form: lower case,
// no accents, punctuation as spaces, slashes kept.
import { DateTime } from 'luxon';

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  lunes: 1,
  martes: 2,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sabado: 6,
  domingo: 7,
};
const WEEKDAY_ABBREVIATIONS: Record<string, number> = {
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};
const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};
const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const ORDINAL = '(?:st|nd|rd|th)';

interface DateRule {
  pattern: RegExp;
  resolve: (match: RegExpExecArray, today: DateTime) => DateTime | undefined;
}

/** `day` in `month` of this year, or of next year when this year's has passed (or does not exist, as 2/29). */
function nextMonthDay(today: DateTime, month: number, day: number): DateTime | undefined {
  for (let year = today.year; year <= today.year + 1; year++) {
    const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
    if (date.isValid && date.month === month && date >= today) return date;
  }
  return undefined;
}

/** The next date (today or later) whose day of the month is `day`. */
function nextDayOfMonth(today: DateTime, day: number): DateTime | undefined {
  if (day < 1 || day > 31) return undefined;
  for (let i = 0; i < 13; i++) {
    const month = today.startOf('month').plus({ months: i });
    if (day > (month.daysInMonth ?? 0)) continue;
    const date = month.set({ day });
    if (date >= today) return date;
  }
  return undefined;
}

/** The next `weekday` (1 = Monday) strictly after today. */
function nextWeekday(today: DateTime, weekday: number): DateTime {
  return today.plus({ days: ((weekday - today.weekday + 6) % 7) + 1 });
}

function explicitDate(today: DateTime, year: number | undefined, month: number, day: number): DateTime | undefined {
  if (year === undefined) return nextMonthDay(today, month, day);
  const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return date.isValid && date.month === month && date >= today ? date : undefined;
}

const DATE_RULES: readonly DateRule[] = [
  {
    // 3/15, 3/15/25, 03/15/2025; day-first when the first number cannot be a month (15/3)
    pattern: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/,
    resolve: (m, today) => {
      let month = Number(m[1]);
      let day = Number(m[2]);
      if (month > 12 && day <= 12) [month, day] = [day, month];
      if (month < 1 || month > 12) return undefined;
      const year = m[3] === undefined ? undefined : m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      return explicitDate(today, year, month, day);
    },
  },
  {
    // march 15, mar 15th
    pattern: new RegExp(`\\b(${MONTH_NAMES}) (\\d{1,2})${ORDINAL}?\\b`),
    resolve: (m, today) => nextMonthDay(today, MONTHS[m[1] as string] as number, Number(m[2])),
  },
  {
    // 15 march, 15th of march, 15 de marzo
    pattern: new RegExp(`\\b(\\d{1,2})${ORDINAL}? (?:of |de )?(${MONTH_NAMES})\\b`),
    resolve: (m, today) => nextMonthDay(today, MONTHS[m[2] as string] as number, Number(m[1])),
  },
  {
    // the 15th, on the 15, 15th, el 15
    pattern: new RegExp(`\\b(?:(?:on )?the (\\d{1,2})${ORDINAL}?|(\\d{1,2})${ORDINAL}|el (\\d{1,2}))\\b`),
    resolve: (m, today) => nextDayOfMonth(today, Number(m[1] ?? m[2] ?? m[3])),
  },
  {
    pattern: new RegExp(`\\b(${Object.keys(WEEKDAYS).join('|')})\\b`),
    resolve: (m, today) => nextWeekday(today, WEEKDAYS[m[1] as string] as number),
  },
  {
    // abbreviations only after "on", "this" or "next": "sun" and "wed" are words too
    pattern: new RegExp(`\\b(?:on|this|next) (${Object.keys(WEEKDAY_ABBREVIATIONS).join('|')})\\b`),
    resolve: (m, today) => nextWeekday(today, WEEKDAY_ABBREVIATIONS[m[1] as string] as number),
  },
  { pattern: /\bpasado manana\b/, resolve: (_, today) => today.plus({ days: 2 }) },
  { pattern: /\b(tomorrow|tmrw|tmr|tomorow|manana)\b/, resolve: (_, today) => today.plus({ days: 1 }) },
  { pattern: /\b(today|tonight|hoy|esta noche)\b/, resolve: (_, today) => today },
  {
    pattern: /\b(next week|next wk|(la )?proxima semana|(la )?semana que viene|(la )?siguiente semana)\b/,
    resolve: (_, today) => nextWeekday(today, 1),
  },
  {
    pattern: /\b(this weekend|the weekend|weekend|el fin de semana|fin de semana)\b/,
    resolve: (_, today) => (today.weekday === 6 ? today.plus({ days: 1 }) : nextWeekday(today, 6)),
  },
  {
    pattern: /\b(next month|(el )?proximo mes|(el )?mes que viene)\b/,
    resolve: (_, today) => today.startOf('month').plus({ months: 1 }),
  },
  { pattern: /\b(end of (the )?month|fin de mes|finales de mes)\b/, resolve: (_, today) => today.endOf('month').startOf('day') },
  {
    pattern: /\b(?:in|en) (\d{1,2}|a|one|two|three|una|dos|tres) (days?|weeks?|dias?|semanas?)\b/,
    resolve: (m, today) => {
      const counts: Record<string, number> = { a: 1, one: 1, una: 1, two: 2, dos: 2, three: 3, tres: 3 };
      const count = counts[m[1] as string] ?? Number(m[1]);
      const unit = m[2] as string;
      const days = unit.startsWith('d') ? count : count * 7;
      return days >= 1 && days <= 90 ? today.plus({ days }) : undefined;
    },
  },
];

/**
 * The first date expression in the message, as YYYY-MM-DD. Where expressions overlap ("the 15th of March"), the more
 * specific rule (earlier in DATE_RULES) wins; otherwise the one mentioned first.
 */
export function resolveDate(m: string, today: DateTime): string | undefined {
  const found: { rank: number; start: number; end: number; date: DateTime }[] = [];
  DATE_RULES.forEach((rule, rank) => {
    const match = rule.pattern.exec(m);
    if (match === null) return;
    const date = rule.resolve(match, today);
    if (date?.isValid) found.push({ rank, start: match.index, end: match.index + match[0].length, date });
  });
  found.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const first = found[0];
  if (first === undefined) return undefined;
  const overlapping = found.filter((f) => f.start < first.end && first.start < f.end);
  const best = overlapping.reduce((a, b) => (b.rank < a.rank ? b : a));
  return best.date.toISODate() ?? undefined;
}
