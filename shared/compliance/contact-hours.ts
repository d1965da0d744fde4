// Contact hours (Reg F 1006.6(b)(1)(i)): a debt collector may not communicate at a time it knows, or should know, is
// inconvenient; 08:00 to 21:00 local time at the consumer's location is presumed convenient. Where the location is
// uncertain, Tactful contacts only when the time is inside the window in EVERY candidate time zone.
//
// The bare window check over a list of zones, on the same engine as evaluateContact (evaluate.ts), which adds the
// creditor policy, inconvenient times, frequency caps, opt-outs and hard stops. Pure functions, no clock of their own;
// local times come from the runtime's tzdata (Intl), so DST transitions are where the rest of the platform sees them.
import { CompiledContact } from './engine.ts';
import { DAY_MS } from './calendar.ts';

export { CONTACT_WINDOW } from './contact-rules.ts';
export { candidateTimeZones, US_TIME_ZONES } from './location.ts';

export interface ContactHoursCheck {
  allowed: boolean;
  /** One reason per failing zone: `outside-hours:<zone>`, `unknown-time-zone:<zone>`, or `no-time-zones`. */
  reasons: string[];
}

const compiled = new Map<string, CompiledContact>();

function windowRules(zones: readonly string[]): CompiledContact {
  const unique = [...new Set(zones)];
  const key = unique.join('\u0000');
  let rules = compiled.get(key);
  if (rules === undefined) {
    rules = new CompiledContact({
      zones: unique,
      channel: 'email',
      permanent: [],
      times: { email: [], sms: [] },
      conversations: [],
      states: [],
      frequency: false,
    });
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(key, rules);
  }
  return rules;
}

/** Whether `at` lies inside the contact window in every zone; the reasons name each zone where it does not. */
export function checkContactHours(at: Date, zones: readonly string[]): ContactHoursCheck {
  const reasons = windowRules(zones).reasonsAt(at.getTime());
  return { allowed: reasons.length === 0, reasons };
}

const SEARCH_HORIZON_MS = 8 * DAY_MS;

/**
 * The earliest instant ≥ `from` at which contact is allowed in every zone (minute precision: `from` itself when it is
 * allowed, otherwise the start of a local minute), or null when there is none within 8 days (the windows of the zones
 * never overlap, or a zone is unknown, or there are no zones).
 */
export function nextContactTime(from: Date, zones: readonly string[]): Date | null {
  const next = windowRules(zones).nextAllowed(from.getTime(), SEARCH_HORIZON_MS);
  return next === null ? null : new Date(next);
}
