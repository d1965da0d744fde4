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
//
// Here: the compiled request and the search. The fixed rules are in contact-rules.ts, the week of allowed local
// minutes in weekly-hours.ts, the instants each frequency cap blocks in cap-intervals.ts.
import { ceilMinute, DAY_MS, isoWeekday, MINUTE_MS } from './calendar.ts';
import { frequencyCaps, type Cap } from './cap-intervals.ts';
import { CONTACT_WINDOW, CONVERSATION_WAIT_DAYS } from './contact-rules.ts';
import type { CapChannel } from './data/frequency-caps.ts';
import { isUsFederalHoliday } from './holidays.ts';
import { mergeOpen, type Interval } from './intervals.ts';
import { weeklyHours, type InconvenientTime, type Week } from './weekly-hours.ts';
import { zoneClock, type ZoneClock } from './zone-clock.ts';

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
  inconvenientTimes?: readonly InconvenientTime[];
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

export class CompiledContact {
  readonly zones: readonly string[];
  private readonly permanent: readonly string[];
  private readonly unknownZones: readonly string[];
  private readonly zoneRules: readonly ZoneRules[];
  private readonly caps: readonly Cap[];
  private readonly blocked: readonly Interval[];
  private readonly never: boolean;
  /** Allowed local minutes per ISO weekday: window ∩ policy hours ∩ policy days − inconvenient times. */
  private readonly week: Week;
  private readonly inconvenient: Week;
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
      const conversationDays =
        conversations.length === 0 ? [] : conversations.map((c) => Math.floor(clock.localAt(c) / DAY_MS)).sort((a, b) => a - b);
      rules.push({ zone, clock, conversationDays });
    }
    this.unknownZones = unknown;
    this.zoneRules = rules;

    this.skipHolidays = input.policy?.skipUsFederalHolidays === true;
    const hours = weeklyHours(input.policy, input.inconvenientTimes);
    this.week = hours.allowed;
    this.inconvenient = hours.inconvenient;
    this.policyHours = hours.policyHours;
    this.policyDays = hours.policyDays;

    const caps = input.frequency ? frequencyCaps(input.channel, input.times, input.states, input.policy?.caps?.[input.channel]) : [];
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
