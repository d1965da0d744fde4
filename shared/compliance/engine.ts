// The contact engine: one request compiled into per-zone local rules and frequency intervals, then asked two things —
// which rules forbid contact at an instant (the reasons), and the earliest instant from which every rule allows it.
//
// Time rules hold in EVERY candidate zone: the 08:00–21:00 window, the creditor's narrower hours, its weekdays and
// holidays, the debtor's inconvenient times and the wait after a conversation are all judged on the local clock and
// calendar of each zone. Frequency caps are judged on instants (rolling windows of days × 24 h).
//
// The search is a fixpoint: from t, each rule names the earliest instant ≥ t at which it alone is satisfied; the latest
// of those is the next candidate, and the search stops when no rule moves it. No allowed instant is ever skipped (each
// jump lands on the first instant its rule allows), and every step moves forward, so the search ends at the earliest
// allowed minute or at the horizon.
import { ceilMinute, DAY_MS, isoWeekday, MINUTE_MS, MINUTES_PER_DAY, parseClock } from './calendar.ts';
import { DEFAULT_CHANNEL_CAPS, STATE_FREQUENCY_CAPS, type CapChannel } from './data/frequency-caps.ts';
import { isUsFederalHoliday } from './holidays.ts';
import { zoneClock, type ZoneClock } from './zone-clock.ts';

/** 08:00–21:00 local (Reg F 1006.6(b)(1)(i)); the end is exclusive. */
export const CONTACT_WINDOW = { startMinute: 8 * 60, endMinute: 21 * 60 } as const;

/** A conversation blocks its own local day and the six after it ("the conversation day is day 1"). */
export const CONVERSATION_WAIT_DAYS = 7;

export const HARD_STOPS = [
  ['ceased', 'cease'],
  ['disputed', 'dispute'],
  ['bankrupt', 'bankrupt'],
  ['deceased', 'deceased'],
  ['attorney', 'attorney'],
  ['recalled', 'recalled'],
] as const;

type Interval = readonly [number, number];

/** What the engine needs; evaluate.ts maps a ContactRequest onto it. Instants are ms since the epoch. */
export interface EngineInput {
  zones: readonly string[];
  channel: CapChannel;
  /** Reasons that hold at every instant (hard stops, opt-outs). */
  permanent: readonly string[];
  /** Instants of the communications on each channel (sends and conversations), ascending. */
  times: Readonly<Record<CapChannel, readonly number[]>>;
  /** Instants of the conversations. */
  conversations: readonly number[];
  states: readonly string[];
  inconvenientTimes?: ReadonlyArray<{ daysOfWeek?: readonly number[]; from: string; to: string }>;
  policy?: {
    daysOfWeek?: readonly number[];
    skipUsFederalHolidays?: boolean;
    hours?: { from: string; to: string };
    caps?: Partial<Record<CapChannel, { count: number; days: number }>>;
  };
  /** Apply the frequency caps and the conversation wait (off for the bare contact-hours check). */
  frequency: boolean;
}

interface ZoneRules {
  zone: string;
  clock: ZoneClock;
  /** First local day numbers of the 7-day waits after conversations, ascending. */
  conversationDays: number[];
}

interface Cap {
  reason: string;
  /** Open intervals (lo, hi) of instants at which one more communication would break the cap. */
  blocked: Interval[];
  /** A cap of zero: never. */
  never: boolean;
}

const FULL_WINDOW: Interval[] = [[CONTACT_WINDOW.startMinute, CONTACT_WINDOW.endMinute]];
const DEFAULT_WEEK: ReadonlyArray<readonly Interval[]> = [[], FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW, FULL_WINDOW];
const NO_INCONVENIENCE: ReadonlyArray<readonly Interval[]> = [[], [], [], [], [], [], [], []];

/** Subtract intervals from a sorted, disjoint list of intervals (all in minutes). */
function subtract(base: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  let result: Interval[] = [...base];
  for (const [cs, ce] of cuts) {
    const next: Interval[] = [];
    for (const [s, e] of result) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (cs > s) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    result = next;
  }
  return result;
}

/** Inconvenient times as minute intervals per ISO weekday (index 1..7); a `from` after `to` runs past midnight. */
function inconvenientByWeekday(times: EngineInput['inconvenientTimes']): ReadonlyArray<readonly Interval[]> {
  if (times === undefined || times.length === 0) return NO_INCONVENIENCE;
  const week: Interval[][] = [[], [], [], [], [], [], [], []];
  for (const time of times) {
    const from = parseClock(time.from);
    const to = parseClock(time.to);
    if (from === null || to === null) throw new Error(`inconvenientTimes: "${time.from}"–"${time.to}" is not HH:MM–HH:MM`);
    const days = time.daysOfWeek === undefined ? [1, 2, 3, 4, 5, 6, 7] : time.daysOfWeek.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
    for (const day of days) {
      if (from < to) week[day]!.push([from, to]);
      else if (from === to) week[day]!.push([0, MINUTES_PER_DAY]); // the whole day: the cautious reading
      else {
        week[day]!.push([from, MINUTES_PER_DAY]);
        if (to > 0) week[(day % 7) + 1]!.push([0, to]);
      }
    }
  }
  return week;
}

function mergeSorted(lists: ReadonlyArray<readonly number[]>): number[] {
  return lists.flat().sort((a, b) => a - b);
}

function mergeOpen(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && lo < last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/**
 * A cap of `count` per `days` × 24 h over the instants `times` (sorted): t is blocked when some `count` of them and t
 * fit in one window, i.e. t ∈ (s[i+count-1] − D, s[i] + D) with s[i+count-1] − s[i] < D. Exact for histories on both
 * sides of t; for a history entirely before t it is "at least `count` in (t − D, t]".
 */
function capIntervals(times: readonly number[], count: number, days: number): Interval[] {
  const span = days * DAY_MS;
  const blocked: Interval[] = [];
  for (let i = 0; i + count - 1 < times.length; i++) {
    const first = times[i]!;
    const last = times[i + count - 1]!;
    if (last - first < span) blocked.push([last - span, first + span]);
  }
  return blocked;
}

export class CompiledContact {
  readonly zones: readonly string[];
  private readonly permanent: readonly string[];
  private readonly unknownZones: readonly string[];
  private readonly zoneRules: readonly ZoneRules[];
  private readonly caps: readonly Cap[];
  private readonly blocked: readonly Interval[];
  private readonly never: boolean;
  /** Allowed local minutes per ISO weekday: window ∩ policy hours ∩ policy days − inconvenient times. */
  private readonly week: ReadonlyArray<readonly Interval[]>;
  private readonly inconvenient: ReadonlyArray<readonly Interval[]>;
  private readonly policyHours: Interval | null;
  private readonly policyDays: ReadonlySet<number> | null;
  private readonly skipHolidays: boolean;

  constructor(input: EngineInput) {
    this.zones = input.zones;
    this.permanent = input.permanent;

    const unknown: string[] = [];
    const rules: ZoneRules[] = [];
    const conversations = input.frequency ? input.conversations : [];
    for (const zone of input.zones) {
      const clock = zoneClock(zone);
      if (clock === null) {
        unknown.push(zone);
        continue;
      }
      const conversationDays = conversations.length === 0 ? [] : conversations.map((c) => Math.floor(clock.localAt(c) / DAY_MS)).sort((a, b) => a - b);
      rules.push({ zone, clock, conversationDays });
    }
    this.unknownZones = unknown;
    this.zoneRules = rules;

    const policy = input.policy;
    this.skipHolidays = policy?.skipUsFederalHolidays === true;
    this.policyDays = policy?.daysOfWeek === undefined ? null : new Set(policy.daysOfWeek);
    if (policy?.hours !== undefined) {
      const from = parseClock(policy.hours.from);
      const to = parseClock(policy.hours.to);
      if (from === null || to === null) throw new Error(`policy.hours: "${policy.hours.from}"–"${policy.hours.to}" is not HH:MM–HH:MM`);
      this.policyHours = [from, to];
    } else this.policyHours = null;
    this.inconvenient = inconvenientByWeekday(input.inconvenientTimes);

    if (this.policyHours === null && this.policyDays === null && this.inconvenient === NO_INCONVENIENCE) this.week = DEFAULT_WEEK;
    else {
      const start = Math.max(CONTACT_WINDOW.startMinute, this.policyHours?.[0] ?? 0);
      const end = Math.min(CONTACT_WINDOW.endMinute, this.policyHours?.[1] ?? MINUTES_PER_DAY);
      const base: Interval[] = start < end ? [[start, end]] : [];
      const week: Interval[][] = [[]];
      for (let day = 1; day <= 7; day++) {
        week.push(this.policyDays !== null && !this.policyDays.has(day) ? [] : subtract(base, this.inconvenient[day]!));
      }
      this.week = week;
    }

    const caps: Cap[] = [];
    if (input.frequency) {
      const addCap = (reason: string, channels: readonly CapChannel[], count: number, days: number): void => {
        const times = channels.length === 1 ? input.times[channels[0]!] : mergeSorted(channels.map((c) => input.times[c]));
        if (count <= 0) caps.push({ reason, blocked: [], never: true });
        else caps.push({ reason, blocked: capIntervals(times, count, days), never: false });
      };
      const channel = input.channel;
      const byDefault = DEFAULT_CHANNEL_CAPS[channel];
      addCap(`frequency:${channel}:${byDefault.days}d`, [channel], byDefault.count, byDefault.days);
      const own = policy?.caps?.[channel];
      if (own !== undefined) addCap(`frequency:${channel}:${own.days}d`, [channel], own.count, own.days);
      for (const state of input.states) {
        for (const rule of STATE_FREQUENCY_CAPS[state] ?? []) {
          if (rule.channels.includes(channel)) addCap(`frequency:state:${state}`, rule.channels, rule.count, rule.days);
        }
      }
    }
    this.caps = caps;
    const blocked = caps.flatMap((c) => c.blocked);
    this.blocked = blocked.length === 0 ? blocked : mergeOpen(blocked);
    this.never =
      this.permanent.length > 0 ||
      this.unknownZones.length > 0 ||
      this.zones.length === 0 ||
      caps.some((c) => c.never) ||
      this.week.every((intervals) => intervals.length === 0);
  }

  /** The rules that forbid contact at instant `t` (empty when it is allowed), as stable reason codes. */
  reasonsAt(t: number): string[] {
    const reasons: string[] = [...this.permanent];
    if (this.zones.length === 0) reasons.push('no-time-zones');
    for (const zone of this.unknownZones) reasons.push(`unknown-time-zone:${zone}`);
    let hours = false;
    let days = false;
    let holiday = false;
    let inconvenient = false;
    let conversation = false;
    for (const rules of this.zoneRules) {
      const local = rules.clock.localAt(t);
      const day = Math.floor(local / DAY_MS);
      const minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
      const weekday = isoWeekday(day);
      if (minute < CONTACT_WINDOW.startMinute || minute >= CONTACT_WINDOW.endMinute) reasons.push(`outside-hours:${rules.zone}`);
      else if (this.policyHours !== null && (minute < this.policyHours[0] || minute >= this.policyHours[1])) hours = true;
      if (this.policyDays !== null && !this.policyDays.has(weekday)) days = true;
      if (this.skipHolidays && isUsFederalHoliday(day)) holiday = true;
      for (const [from, to] of this.inconvenient[weekday]!) if (minute >= from && minute < to) inconvenient = true;
      if (this.inConversationWait(rules, day)) conversation = true;
    }
    if (days) reasons.push('policy:day-of-week');
    if (holiday) reasons.push('policy:holiday');
    if (hours) reasons.push('policy:hours');
    if (inconvenient) reasons.push('inconvenient-time');
    for (const cap of this.caps) {
      if (cap.never || cap.blocked.some(([lo, hi]) => lo < t && t < hi)) {
        if (!reasons.includes(cap.reason)) reasons.push(cap.reason);
      }
    }
    if (conversation) reasons.push(`conversation-wait:${CONVERSATION_WAIT_DAYS}d`);
    return reasons;
  }

  /**
   * The earliest instant ≥ `from` at which every rule allows contact: `from` itself when allowed, otherwise the start
   * of a minute; null when no instant will ever be allowed or none is within `horizonMs` of `from`.
   */
  nextAllowed(from: number, horizonMs: number): number | null {
    if (this.never) return null;
    const limit = from + horizonMs;
    let t = from;
    for (;;) {
      let next = t;
      for (const rules of this.zoneRules) {
        const z = this.nextInZone(rules, t, limit);
        if (z > next) next = z;
      }
      const c = this.nextOutsideCaps(t);
      if (c > next) next = c;
      if (next === t) return t;
      t = ceilMinute(next);
      if (t > limit) return null;
    }
  }

  private inConversationWait(rules: ZoneRules, day: number): boolean {
    for (const start of rules.conversationDays) {
      if (start > day) return false;
      if (day < start + CONVERSATION_WAIT_DAYS) return true;
    }
    return false;
  }

  private dayOpen(rules: ZoneRules, day: number): boolean {
    if (this.skipHolidays && isUsFederalHoliday(day)) return false;
    return !this.inConversationWait(rules, day);
  }

  /** The earliest instant ≥ t that the zone's local rules allow, or +∞ past `limit`. */
  private nextInZone(rules: ZoneRules, t: number, limit: number): number {
    const { clock } = rules;
    for (;;) {
      if (t > limit) return Number.POSITIVE_INFINITY;
      const offset = clock.offsetAt(t);
      const segmentEnd = clock.nextChangeAfter(t);
      const local = t + offset;
      // The first allowed local instant ≥ local, on the local axis (valid while the offset holds).
      const lastDay = Math.floor((limit + offset) / DAY_MS) + 1;
      let found = Number.NaN;
      for (let day = Math.floor(local / DAY_MS); day <= lastDay && Number.isNaN(found); day++) {
        if (!this.dayOpen(rules, day)) continue;
        const base = day * DAY_MS;
        for (const [s, e] of this.week[isoWeekday(day)]!) {
          if (base + e * MINUTE_MS > local) {
            found = Math.max(base + s * MINUTE_MS, local);
            break;
          }
        }
      }
      if (Number.isNaN(found)) return Number.POSITIVE_INFINITY;
      const candidate = found - offset;
      if (candidate < segmentEnd) return candidate;
      t = segmentEnd; // the offset changes first: look again from there
    }
  }

  /** The earliest instant ≥ t outside every cap's blocked intervals. */
  private nextOutsideCaps(t: number): number {
    for (const [lo, hi] of this.blocked) {
      if (lo >= t) break;
      if (t < hi) return hi;
    }
    return t;
  }
}
