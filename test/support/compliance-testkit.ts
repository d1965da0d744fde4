// The contact engine's test kit, shared by the compliance tests (test/unit/compliance-*.test.ts) and the bench
// (bench/compliance.ts): a slow, obviously-correct reference for every rule, random debtors and requests, and the
// properties themselves. It lives under test/ because nothing here is on a production path.
//
// The reference reads local time with one Intl.DateTimeFormat#formatToParts per zone and instant, counts caps by brute
// force over every window that contains the instant, and takes holidays straight from the holiday package: it shares
// no code with the engine's offset cache, day arithmetic or interval search. fast-check is passed in (a dev
// dependency), so this module imports only its types.
import type fastCheck from 'fast-check';
import { allForYear } from '@18f/us-federal-holidays';
import { DEFAULT_CHANNEL_CAPS, STATE_FREQUENCY_CAPS } from '../../shared/compliance/data/frequency-caps.ts';
import { STATE_ZONES } from '../../shared/compliance/data/state-zones.ts';
import { compileContactRequest, evaluateContact, type ContactChannel, type ContactRequest } from '../../shared/compliance/evaluate.ts';
import { candidateTimeZones, debtorStates } from '../../shared/compliance/location.ts';

type FC = typeof fastCheck;

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---- the reference ----

interface Wall {
  /** Days since 1970-01-01 of the local date. */
  day: number;
  minute: number;
  weekday: number;
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallTime(zone: string, t: number): Wall {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const f: Record<string, string> = {};
  for (const part of formatter.formatToParts(t)) f[part.type] = part.value;
  const year = Number(f.year);
  const month = Number(f.month);
  const dayOfMonth = Number(f.day);
  const utcMidnight = Date.UTC(year, month - 1, dayOfMonth);
  return {
    day: Math.round(utcMidnight / DAY),
    minute: (Number(f.hour) % 24) * 60 + Number(f.minute),
    weekday: ((new Date(utcMidnight).getUTCDay() + 6) % 7) + 1,
    date: `${f.year}-${f.month}-${f.day}`,
  };
}

const holidayYears = new Map<number, Set<string>>();

/** Legal and observed US federal holiday dates of a year (and an observed New Year's Day in the December before). */
export function referenceHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayYears.get(year);
  if (set === undefined) {
    set = new Set<string>();
    for (const y of [year, year + 1]) {
      for (const shift of [true, false]) {
        for (const h of allForYear(y, { shiftSaturdayHolidays: shift, shiftSundayHolidays: shift })) set.add(h.dateString);
      }
    }
    holidayYears.set(year, set);
  }
  return set.has(date);
}

function hhmm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
}

function capBroken(times: readonly number[], t: number, count: number, days: number): boolean {
  if (count <= 0) return true;
  const span = days * DAY;
  const starts = [t, ...times.filter((s) => s > t - span && s <= t)];
  for (const w of starts) {
    let inside = 1; // the communication at t itself
    for (const s of times) if (s >= w && s < w + span) inside++;
    if (inside > count) return true;
  }
  return false;
}

/** Every rule that forbids the request at its own instant, by the book. Same codes as the engine, in any order. */
export function referenceReasons(request: ContactRequest): string[] {
  const t = Date.parse(request.at);
  const reasons = new Set<string>();
  const flags = request.flags ?? {};
  if (flags.ceased) reasons.add('hard-stop:cease');
  if (flags.disputed) reasons.add('hard-stop:dispute');
  if (flags.bankrupt) reasons.add('hard-stop:bankrupt');
  if (flags.deceased) reasons.add('hard-stop:deceased');
  if (flags.attorney) reasons.add('hard-stop:attorney');
  if (flags.recalled) reasons.add('hard-stop:recalled');
  if (flags.optedOut?.includes(request.channel)) reasons.add(`opted-out:${request.channel}`);

  const location: { state?: string; zip?: string; phone?: string } = { ...request.address };
  if (request.phone !== undefined) location.phone = request.phone;
  const zones = candidateTimeZones(location);
  const history = (request.history ?? []).map((h) => ({ ...h, t: Date.parse(h.at) }));
  const policy = request.policy;
  for (const zone of zones) {
    const wall = wallTime(zone, t);
    if (wall.minute < 8 * 60 || wall.minute >= 21 * 60) reasons.add(`outside-hours:${zone}`);
    else if (policy?.hours && (wall.minute < hhmm(policy.hours.from) || wall.minute >= hhmm(policy.hours.to))) reasons.add('policy:hours');
    if (policy?.daysOfWeek && !policy.daysOfWeek.includes(wall.weekday)) reasons.add('policy:day-of-week');
    if (policy?.skipUsFederalHolidays && referenceHoliday(wall.date)) reasons.add('policy:holiday');
    for (const time of request.inconvenientTimes ?? []) {
      const from = hhmm(time.from);
      const to = hhmm(time.to);
      const on = (weekday: number) => time.daysOfWeek === undefined || time.daysOfWeek.includes(weekday);
      const yesterday = wall.weekday === 1 ? 7 : wall.weekday - 1;
      const hit =
        from < to
          ? on(wall.weekday) && wall.minute >= from && wall.minute < to
          : from === to
            ? on(wall.weekday)
            : (on(wall.weekday) && wall.minute >= from) || (on(yesterday) && wall.minute < to);
      if (hit) reasons.add('inconvenient-time');
    }
    for (const h of history) {
      if (h.kind !== 'conversation') continue;
      const conversationDay = wallTime(zone, h.t).day;
      if (wall.day >= conversationDay && wall.day < conversationDay + 7) reasons.add('conversation-wait:7d');
    }
  }

  const channel = request.channel;
  const timesOf = (channels: readonly ContactChannel[]) => history.filter((h) => channels.includes(h.channel)).map((h) => h.t);
  const byDefault = DEFAULT_CHANNEL_CAPS[channel];
  if (capBroken(timesOf([channel]), t, byDefault.count, byDefault.days)) reasons.add(`frequency:${channel}:${byDefault.days}d`);
  const own = policy?.caps?.[channel];
  if (own && capBroken(timesOf([channel]), t, own.count, own.days)) reasons.add(`frequency:${channel}:${own.days}d`);
  for (const state of debtorStates(request.address)) {
    for (const rule of STATE_FREQUENCY_CAPS[state] ?? []) {
      if (rule.channels.includes(channel) && capBroken(timesOf(rule.channels), t, rule.count, rule.days))
        reasons.add(`frequency:state:${state}`);
    }
  }
  return [...reasons].sort();
}

/** Hard stops and opt-outs: reasons that no later time removes. */
export function permanentlyBlocked(request: ContactRequest): boolean {
  const f = request.flags ?? {};
  return Boolean(f.ceased || f.disputed || f.bankrupt || f.deceased || f.attorney || f.recalled || f.optedOut?.includes(request.channel));
}

// ---- random debtors and requests ----

/** ZIP codes worth meeting: split states on both sides of the line, no-DST zones, MA and WA, territories, unknown. */
export const INTERESTING_ZIPS = [
  '40202',
  '42101', // Kentucky: Louisville (Eastern), Bowling Green (Central)
  '32501',
  '33101', // Florida: Pensacola (Central), Miami (Eastern)
  '85001',
  '86515', // Arizona: Phoenix (no DST), Window Rock (Navajo Nation, DST)
  '79901',
  '77001', // Texas: El Paso (Mountain), Houston (Central)
  '97914',
  '97201', // Oregon: Ontario (Mountain), Portland (Pacific)
  '83814',
  '83702', // Idaho: Coeur d'Alene (Pacific), Boise (Mountain)
  '99501',
  '99546',
  '96813', // Alaska (Anchorage, Adak), Hawaii
  '02108',
  '98101', // Massachusetts, Washington
  '10001',
  '60611',
  '80202',
  '90012',
  '46204',
  '49935',
  '57501',
  '58501',
  '00601',
  '96910', // Puerto Rico, Guam
  '09001',
  '00000',
  '12345-6789', // military (not in the data), nothing, ZIP+4
];

export const INTERESTING_AREA_CODES = [
  '212',
  '312',
  '303',
  '213',
  '602',
  '808',
  '907',
  '270',
  '502',
  '850',
  '305',
  '208',
  '605',
  '701',
  '915',
  '541',
  '617',
  '206',
  '509',
  '423',
  '812',
  '906',
  '800',
  '888',
  '555',
  '416',
  '787',
  '671',
  '684',
];

export function arbitraries(fc: FC) {
  const zip = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...INTERESTING_ZIPS) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(5, '0')) },
  );
  const state = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(STATE_ZONES)) },
    { weight: 1, arbitrary: fc.constantFrom('ZZ', 'AE', 'ma', ' wa ') },
  );
  const subscriber = fc
    .tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([a, b]) => `${a}${String(b).padStart(6, '0')}`);
  const phone = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...INTERESTING_AREA_CODES), subscriber).map(([area, rest]) => `+1${area}${rest}`) },
    { weight: 1, arbitrary: fc.constantFrom('+447911123456', '+4930123456', '+15555550100', '+1212', '+33612345678') },
  );
  const location = fc.record({ zip, state, phone }, { requiredKeys: [] });

  const channel = fc.constantFrom<ContactChannel>('email', 'sms');

  /** 2024–2030 at any millisecond, near a US DST switch, or on a minute boundary. */
  const instant = fc.oneof(
    fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
    fc.tuple(fc.constantFrom(...usDstSwitches(2024, 2030)), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([a, b]) => a + b),
    fc.tuple(fc.constantFrom(...usHolidayNoons(2024, 2030)), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([a, b]) => a + b),
    fc
      .integer({ min: Date.parse('2024-01-01T00:00:00Z') / MINUTE, max: Date.parse('2030-12-31T00:00:00Z') / MINUTE })
      .map((m) => m * MINUTE),
  );

  const clockOn = (step: number, min: number, max: number) =>
    fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => {
      const m = n * step;
      return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    });
  const weekdays = fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 });

  const policy = fc.record(
    {
      daysOfWeek: weekdays,
      skipUsFederalHolidays: fc.boolean(),
      hours: fc.tuple(clockOn(15, 480, 1200), fc.integer({ min: 1, max: 52 })).map(([from, quarters]) => {
        const start = hhmm(from);
        const end = Math.min(1260, start + quarters * 15);
        return { from, to: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}` };
      }),
      caps: fc.record(
        {
          email: fc.record({ count: fc.integer({ min: 0, max: 8 }), days: fc.integer({ min: 1, max: 14 }) }),
          sms: fc.record({ count: fc.integer({ min: 0, max: 8 }), days: fc.integer({ min: 1, max: 14 }) }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

  const inconvenient = fc.array(
    fc.record({ daysOfWeek: fc.option(weekdays, { nil: undefined }), from: clockOn(15, 0, 1440), to: clockOn(15, 0, 1440) }).map((r) => {
      const { daysOfWeek, ...rest } = r;
      return daysOfWeek === undefined ? rest : { ...rest, daysOfWeek };
    }),
    { maxLength: 2 },
  );

  const hardStops = ['ceased', 'disputed', 'bankrupt', 'deceased', 'attorney', 'recalled'] as const;
  /** Mostly no flags; now and then one hard stop, an opt-out, or a mix of everything. */
  const flags = fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...hardStops).map((flag): NonNullable<ContactRequest['flags']> => ({ [flag]: true })) },
    { weight: 2, arbitrary: fc.subarray<ContactChannel>(['email', 'sms'], { minLength: 1 }).map((optedOut) => ({ optedOut })) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          optedOut: fc.subarray<ContactChannel>(['email', 'sms']),
          ceased: fc.boolean(),
          disputed: fc.boolean(),
          bankrupt: fc.boolean(),
          deceased: fc.boolean(),
          attorney: fc.boolean(),
          recalled: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    },
  );

  /**
   * History entries relative to the request instant: sends mostly over the past `past` ms, conversations between
   * `conversationFrom` and `conversationTo` ms ago, and a few entries just after the instant.
   */
  const historyAround = (at: number, past: number, conversationFrom: number, conversationTo: number) =>
    fc.array(
      fc
        .oneof(
          {
            weight: 14,
            arbitrary: fc.record({ offset: fc.integer({ min: -past, max: 0 }), channel, kind: fc.constant<'sent'>('sent') }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              offset: fc.integer({ min: -conversationFrom, max: -conversationTo }),
              channel,
              kind: fc.constant<'conversation'>('conversation'),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              offset: fc.integer({ min: 0, max: DAY }),
              channel,
              kind: fc.constantFrom<'sent' | 'conversation'>('sent', 'conversation'),
            }),
          },
        )
        .map(({ offset, channel: c, kind }) => ({ at: new Date(at + offset).toISOString(), channel: c, kind })),
      { maxLength: 12 },
    );

  const request = (conversationFrom: number, conversationTo: number) =>
    fc
      .tuple(
        instant,
        channel,
        location,
        // Flags, policies and inconvenient times are the exception: most requests have none.
        flags,
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policy }),
        fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: inconvenient }),
      )
      .chain(([at, ch, loc, fl, pol, inc]) =>
        historyAround(at, 8 * DAY, conversationFrom, conversationTo).map((history): ContactRequest => {
          const r: ContactRequest = { at: new Date(at).toISOString(), channel: ch };
          if (loc.zip !== undefined || loc.state !== undefined) {
            r.address = {};
            if (loc.zip !== undefined) r.address.zip = loc.zip;
            if (loc.state !== undefined) r.address.state = loc.state;
          }
          if (loc.phone !== undefined) r.phone = loc.phone;
          if (history.length > 0) r.history = history;
          if (fl !== undefined) r.flags = fl;
          if (pol !== undefined) r.policy = pol;
          if (inc !== undefined && inc.length > 0) r.inconvenientTimes = inc;
          return r;
        }),
      );

  return {
    location,
    instant,
    channel,
    policy,
    /** Any request: sends over the past 8 days, conversations up to 8 days back. */
    request: request(8 * DAY, 0),
    /** Requests whose answer tends to fall within two days: conversations 6–8 days back. */
    nearRequest: request(8 * DAY, 6 * DAY),
  };
}

/** The instants of the US DST switches (second Sunday of March, first Sunday of November, 07:00 UTC). */
export function usDstSwitches(from: number, to: number): number[] {
  const out: number[] = [];
  for (let year = from; year <= to; year++) {
    for (const [month, nth] of [
      [2, 2],
      [10, 1],
    ] as const) {
      const first = new Date(Date.UTC(year, month, 1));
      const firstSunday = 1 + ((7 - first.getUTCDay()) % 7);
      out.push(Date.UTC(year, month, firstSunday + 7 * (nth - 1), 7));
    }
  }
  return out;
}

function usHolidayNoons(from: number, to: number): number[] {
  const out: number[] = [];
  for (let year = from; year <= to; year++) for (const h of allForYear(year)) out.push(Date.parse(`${h.dateString}T17:00:00Z`));
  return out;
}

// ---- the properties (each throws on a counter-example) ----

function fail(message: string, request: ContactRequest, extra: unknown): never {
  throw new Error(`${message}\nrequest: ${JSON.stringify(request)}\n${JSON.stringify(extra)}`);
}

/** The engine's reasons at `at` are exactly the reference's: so an allowed decision breaks no rule, and vice versa. */
export function propertyReasonsMatchReference(request: ContactRequest): void {
  const decision = evaluateContact(request);
  if (decision.allowed) {
    // Spelled out, though the comparison below implies it: inside 08:00–21:00 in every candidate zone, no flag set.
    const location: { state?: string; zip?: string; phone?: string } = { ...request.address };
    if (request.phone !== undefined) location.phone = request.phone;
    for (const zone of candidateTimeZones(location)) {
      const { minute } = wallTime(zone, Date.parse(request.at));
      if (minute < 8 * 60 || minute >= 21 * 60) fail(`allowed at ${minute} minutes past midnight in ${zone}`, request, decision);
    }
    if (permanentlyBlocked(request)) fail('allowed despite a hard stop or an opt-out', request, decision);
  }
  const expected = referenceReasons(request);
  const actual = [...decision.reasons].sort();
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail('reasons differ from the reference', request, { actual, expected });
  if (decision.allowed !== (expected.length === 0)) fail('allowed disagrees with the reasons', request, decision);
  if (decision.allowed && decision.nextAllowedAt !== new Date(Date.parse(request.at)).toISOString())
    fail('allowed but nextAllowedAt is not at', request, decision);
  if (permanentlyBlocked(request) && decision.nextAllowedAt !== null) fail('a hard stop or opt-out with a next time', request, decision);
}

/**
 * nextAllowedAt is allowed (by the reference) and no earlier minute is (by the engine's point check, minute by minute
 * from `at`, and by the reference at `at` and the minute before the answer). Returns false when skipped: the answer
 * (or null) lies beyond `scanMs`, where the minute scan would be too slow for a test.
 */
export function propertyNextAllowedIsEarliest(request: ContactRequest, scanMs: number): boolean {
  const at = Date.parse(request.at);
  const decision = evaluateContact(request);
  const compiled = compileContactRequest(request);
  if (decision.nextAllowedAt === null) {
    if (permanentlyBlocked(request)) return true;
    // Nothing within 60 days: at least nothing within the scan either.
    for (let t = Math.floor(at / MINUTE) * MINUTE + MINUTE; t <= at + scanMs; t += MINUTE) {
      if (compiled.reasonsAt(t).length === 0) fail(`null, but ${new Date(t).toISOString()} is allowed`, request, decision);
    }
    return true;
  }
  const next = Date.parse(decision.nextAllowedAt);
  if (next < at) fail('nextAllowedAt before at', request, decision);
  if (next - at > scanMs) return false;
  const atNext = referenceReasons({ ...request, at: decision.nextAllowedAt });
  if (atNext.length > 0) fail('nextAllowedAt is not allowed', request, { decision, atNext });
  if (next === at) return true;
  if (next % MINUTE !== 0) fail('nextAllowedAt is not on a minute', request, decision);
  if (referenceReasons(request).length === 0) fail('at is allowed but nextAllowedAt is later', request, decision);
  if (next - MINUTE > at && referenceReasons({ ...request, at: new Date(next - MINUTE).toISOString() }).length === 0) {
    fail('the minute before nextAllowedAt is allowed', request, decision);
  }
  for (let t = Math.floor(at / MINUTE) * MINUTE + MINUTE; t < next; t += MINUTE) {
    if (compiled.reasonsAt(t).length === 0) fail(`an earlier minute is allowed: ${new Date(t).toISOString()}`, request, decision);
  }
  return true;
}

/**
 * A sender that always sends at nextAllowedAt, with random pauses, never breaks a rule: every send is allowed by the
 * reference given the sends before it, and over the whole run no cap's window ever holds more than the cap.
 */
export function propertySendingAtNextAllowedKeepsTheRules(request: ContactRequest, pauses: readonly number[]): number {
  let history = [...(request.history ?? [])].filter((h) => Date.parse(h.at) <= Date.parse(request.at));
  let t = Date.parse(request.at);
  const start = history.length;
  for (const pause of pauses) {
    const current: ContactRequest = { ...request, at: new Date(t).toISOString(), history };
    const decision = evaluateContact(current);
    if (decision.nextAllowedAt === null) break;
    const sendAt: ContactRequest = { ...current, at: decision.nextAllowedAt };
    const broken = referenceReasons(sendAt);
    if (broken.length > 0) fail('a send at nextAllowedAt breaks a rule', sendAt, broken);
    history = [...history, { at: decision.nextAllowedAt, channel: request.channel, kind: 'sent' }];
    t = Date.parse(decision.nextAllowedAt) + pause;
  }
  // Over the whole run, no window of the default cap holds more of the new sends than the cap.
  const sends = history.slice(start).map((h) => Date.parse(h.at));
  const cap = DEFAULT_CHANNEL_CAPS[request.channel];
  for (const s of sends) {
    const inWindow = sends.filter((x) => x >= s && x < s + cap.days * DAY).length;
    if (inWindow > cap.count) fail('a cap window holds too many sends', request, { sends: sends.map((x) => new Date(x).toISOString()) });
  }
  return sends.length;
}
