// Contact hours (Reg F 1006.6(b)(1)(i)): a debt collector may not communicate at a time it knows, or should know, is
// inconvenient; 08:00 to 21:00 local time at the consumer's location is presumed convenient. Where the location is
// uncertain, Tactful contacts only when the time is inside the window in EVERY candidate time zone.
//
// Pure functions, no clock of their own. Local times come from the runtime's time-zone data (Intl/ICU, and luxon on
// top of it), so DST transitions are handled by the same tables the rest of the platform uses.
import { DateTime } from 'luxon';

/** The zones of the US states, one IANA id per distinct rule. The default when the location is unknown. */
export const US_TIME_ZONES = [
  'America/New_York', // Eastern
  'America/Chicago', // Central
  'America/Denver', // Mountain
  'America/Phoenix', // Arizona (Mountain Standard Time all year)
  'America/Los_Angeles', // Pacific
  'America/Anchorage', // Alaska
  'America/Adak', // Hawaii-Aleutian with DST (Alaska west of 169°30'W); never widens the window beyond Anchorage+Honolulu
  'Pacific/Honolulu', // Hawaii
] as const;

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const AZ = 'America/Phoenix';
const PT = 'America/Los_Angeles';

/**
 * State → every zone in use somewhere in that state. States that span zones list all of them; a later issue narrows
 * this down with the ZIP code and the phone's area code.
 */
const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  // Eastern only
  CT: [ET], DC: [ET], DE: [ET], GA: [ET], MA: [ET], MD: [ET], ME: [ET], NC: [ET], NH: [ET], NJ: [ET], NY: [ET],
  OH: [ET], PA: [ET], RI: [ET], SC: [ET], VA: [ET], VT: [ET], WV: [ET],
  // Eastern + Central
  FL: [ET, CT], IN: [ET, CT], KY: [ET, CT], MI: [ET, CT], TN: [ET, CT],
  // Central only
  AL: [CT], AR: [CT], IA: [CT], IL: [CT], LA: [CT], MN: [CT], MO: [CT], MS: [CT], OK: [CT], WI: [CT],
  // Central + Mountain
  KS: [CT, MT], ND: [CT, MT], NE: [CT, MT], SD: [CT, MT], TX: [CT, MT],
  // Mountain only
  CO: [MT], MT: [MT], NM: [MT], UT: [MT], WY: [MT],
  // Mountain + Pacific (Nevada: West Wendover keeps Mountain time)
  ID: [MT, PT], OR: [MT, PT], NV: [PT, MT],
  // Arizona keeps standard time all year, except the Navajo Nation, which observes DST (Mountain)
  AZ: [AZ, MT],
  // Pacific only
  CA: [PT], WA: [PT],
  // Alaska (the western Aleutians are on Hawaii-Aleutian time) and Hawaii
  AK: ['America/Anchorage', 'America/Adak'],
  HI: ['Pacific/Honolulu'],
  // Territories
  PR: ['America/Puerto_Rico'],
  VI: ['America/St_Thomas'],
  GU: ['Pacific/Guam'],
  MP: ['Pacific/Saipan'],
  AS: ['Pacific/Pago_Pago'],
};

/**
 * Candidate IANA zones for a debtor's location. For now the state decides (all zones of a state that spans several);
 * no state or an unknown one (including the military AA/AE/AP) gives all `US_TIME_ZONES`. `zip` and `phone` are
 * accepted for the ZIP and area-code rules to come and are not used yet. Deterministic: de-duplicated and sorted.
 */
export function candidateTimeZones(location: { state?: string; zip?: string; phone?: string }): string[] {
  const state = location.state?.trim().toUpperCase();
  const zones = state !== undefined && Object.hasOwn(STATE_ZONES, state) ? (STATE_ZONES[state] ?? US_TIME_ZONES) : US_TIME_ZONES;
  return [...new Set(zones)].sort();
}

/** Minutes after local midnight; the end is exclusive (21:00 itself is not allowed). */
export const CONTACT_WINDOW = { startMinute: 8 * 60, endMinute: 21 * 60 } as const;

export interface ContactHoursCheck {
  allowed: boolean;
  /** One reason per failing zone: `outside-hours:<zone>`, `unknown-time-zone:<zone>`, or `no-time-zones`. */
  reasons: string[];
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0..1439 */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      formatter = null; // not a time zone this runtime knows
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

function localTime(at: Date, formatter: Intl.DateTimeFormat): LocalTime {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value) % 24; break;
      case 'minute': minute = Number(part.value); break;
    }
  }
  return { year, month, day, minuteOfDay: hour * 60 + minute };
}

function inWindow(minuteOfDay: number): boolean {
  return minuteOfDay >= CONTACT_WINDOW.startMinute && minuteOfDay < CONTACT_WINDOW.endMinute;
}

/** Whether `at` lies inside the contact window in every zone; the reasons name each zone where it does not. */
export function checkContactHours(at: Date, zones: readonly string[]): ContactHoursCheck {
  if (zones.length === 0) return { allowed: false, reasons: ['no-time-zones'] };
  const reasons: string[] = [];
  for (const zone of zones) {
    const formatter = formatterFor(zone);
    if (formatter === null) reasons.push(`unknown-time-zone:${zone}`);
    else if (!inWindow(localTime(at, formatter).minuteOfDay)) reasons.push(`outside-hours:${zone}`);
  }
  return { allowed: reasons.length === 0, reasons };
}

const MINUTE = 60_000;
const SEARCH_HORIZON_MS = 8 * 24 * 60 * MINUTE;

/** The earliest instant ≥ t that is inside the window in `zone` (t itself when it already is). */
function nextAllowedInZone(t: number, zone: string, formatter: Intl.DateTimeFormat): number {
  const local = localTime(new Date(t), formatter);
  if (inWindow(local.minuteOfDay)) return t;
  let day = DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone });
  if (local.minuteOfDay >= CONTACT_WINDOW.endMinute) day = day.plus({ days: 1 });
  // Luxon moves a wall time that falls into a DST gap forward, which is what we want for a window start.
  const start = day.set({ hour: CONTACT_WINDOW.startMinute / 60, minute: 0, second: 0, millisecond: 0 }).toMillis();
  if (start >= t && inWindow(localTime(new Date(start), formatter).minuteOfDay)) return start;
  // Only for zones whose transitions touch the window itself (none in the US): walk minute boundaries.
  let candidate = Math.ceil(t / MINUTE) * MINUTE;
  for (let i = 0; i < 3 * 24 * 60; i++, candidate += MINUTE) {
    if (inWindow(localTime(new Date(candidate), formatter).minuteOfDay)) return candidate;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The earliest instant ≥ `from` at which contact is allowed in every zone (minute precision: `from` itself when it is
 * allowed, otherwise the start of a local minute), or null when there is none within 8 days (the windows of the zones
 * never overlap, or a zone is unknown, or there are no zones).
 *
 * Each step jumps to the next window start of every zone that is outside its window and takes the latest; no
 * allowed instant can be skipped that way, and the steps stop at the first instant all zones accept (a fixpoint).
 */
export function nextContactTime(from: Date, zones: readonly string[]): Date | null {
  if (zones.length === 0) return null;
  const entries: [string, Intl.DateTimeFormat][] = [];
  for (const zone of new Set(zones)) {
    const formatter = formatterFor(zone);
    if (formatter === null) return null;
    entries.push([zone, formatter]);
  }
  const limit = from.getTime() + SEARCH_HORIZON_MS;
  let t = from.getTime();
  while (t <= limit) {
    let next = t;
    for (const [zone, formatter] of entries) next = Math.max(next, nextAllowedInZone(t, zone, formatter));
    if (next === t) return new Date(t);
    t = next;
  }
  return null;
}
