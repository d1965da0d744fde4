import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  CONTACT_WINDOW,
  US_TIME_ZONES,
  candidateTimeZones,
  checkContactHours,
  nextContactTime,
} from '../../shared/compliance/contact-hours.ts';

const CHICAGO = ['America/Chicago'];
const TEXAS = ['America/Chicago', 'America/Denver'];
const MINUTE = 60_000;

/** An instant given as wall time in a zone. */
function local(iso: string, zone: string): Date {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt.toJSDate();
}

describe('candidateTimeZones', () => {
  it('maps single-zone states', () => {
    expect(candidateTimeZones({ state: 'IL' })).toEqual(['America/Chicago']);
    expect(candidateTimeZones({ state: 'NY' })).toEqual(['America/New_York']);
    expect(candidateTimeZones({ state: 'CA' })).toEqual(['America/Los_Angeles']);
    expect(candidateTimeZones({ state: 'HI' })).toEqual(['Pacific/Honolulu']);
  });

  it('lists every zone of a state that spans several, sorted', () => {
    expect(candidateTimeZones({ state: 'TX' })).toEqual(['America/Chicago', 'America/Denver']);
    expect(candidateTimeZones({ state: 'FL' })).toEqual(['America/Chicago', 'America/New_York']);
    for (const state of ['KY', 'TN', 'IN', 'MI']) {
      expect(candidateTimeZones({ state })).toEqual(['America/Chicago', 'America/New_York']);
    }
    for (const state of ['NE', 'KS', 'ND', 'SD']) {
      expect(candidateTimeZones({ state })).toEqual(['America/Chicago', 'America/Denver']);
    }
    for (const state of ['ID', 'OR']) {
      expect(candidateTimeZones({ state })).toEqual(['America/Denver', 'America/Los_Angeles']);
    }
    expect(candidateTimeZones({ state: 'AZ' })).toContain('America/Phoenix');
    expect(candidateTimeZones({ state: 'AK' })).toContain('America/Anchorage');
  });

  it('normalises the state', () => {
    expect(candidateTimeZones({ state: ' tx ' })).toEqual(candidateTimeZones({ state: 'TX' }));
  });

  it('falls back to every US zone when the state is missing or unknown', () => {
    const all = [...US_TIME_ZONES].sort();
    expect(candidateTimeZones({})).toEqual(all);
    expect(candidateTimeZones({ state: 'ZZ' })).toEqual(all);
    expect(candidateTimeZones({ state: '' })).toEqual(all);
    expect(candidateTimeZones({ zip: '00000' })).toEqual(all);
    expect(candidateTimeZones({ phone: '+18005550100' })).toEqual(all); // toll-free: no location
    expect(all).toEqual(expect.arrayContaining(['Pacific/Honolulu', 'America/Anchorage', 'America/Phoenix']));
  });

  it('is deterministic, de-duplicated and sorted for any input', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 3 }), { nil: undefined }), (state) => {
        const zones = candidateTimeZones(state === undefined ? {} : { state });
        expect(zones).toEqual([...new Set(zones)].sort());
        expect(zones.length).toBeGreaterThan(0);
        expect(candidateTimeZones(state === undefined ? {} : { state })).toEqual(zones);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

describe('checkContactHours', () => {
  it('allows 08:00 up to, not including, 21:00 in Chicago', () => {
    expect(checkContactHours(local('2025-01-15T07:59', 'America/Chicago'), CHICAGO)).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Chicago'],
    });
    expect(checkContactHours(local('2025-01-15T08:00', 'America/Chicago'), CHICAGO)).toEqual({ allowed: true, reasons: [] });
    expect(checkContactHours(local('2025-01-15T20:59:59', 'America/Chicago'), CHICAGO).allowed).toBe(true);
    expect(checkContactHours(local('2025-01-15T21:00', 'America/Chicago'), CHICAGO)).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Chicago'],
    });
  });

  it('needs every zone of a Texas debtor', () => {
    // 08:30 in Chicago is 07:30 in El Paso.
    expect(checkContactHours(local('2025-04-10T08:30', 'America/Chicago'), TEXAS)).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Denver'],
    });
    // 20:30 in El Paso is 21:30 in Houston.
    expect(checkContactHours(local('2025-04-10T20:30', 'America/Denver'), TEXAS)).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Chicago'],
    });
    expect(checkContactHours(local('2025-04-10T12:00', 'America/Chicago'), TEXAS).allowed).toBe(true);
  });

  it('refuses unknown zones and an empty zone list', () => {
    expect(checkContactHours(new Date('2025-04-10T18:00:00Z'), ['Mars/Olympus_Mons'])).toEqual({
      allowed: false,
      reasons: ['unknown-time-zone:Mars/Olympus_Mons'],
    });
    expect(checkContactHours(new Date('2025-04-10T18:00:00Z'), [])).toEqual({ allowed: false, reasons: ['no-time-zones'] });
  });

  it('agrees with luxon on the local wall time (property)', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...US_TIME_ZONES, ...WORLD_ZONES), (at, zone) => {
        const wall = DateTime.fromJSDate(at, { zone });
        const minute = wall.hour * 60 + wall.minute;
        const expected = minute >= CONTACT_WINDOW.startMinute && minute < CONTACT_WINDOW.endMinute;
        expect(checkContactHours(at, [zone]).allowed).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

describe('nextContactTime', () => {
  it('returns from itself when it is allowed', () => {
    const at = local('2025-01-15T08:00:30.250', 'America/Chicago');
    expect(nextContactTime(at, CHICAGO)).toEqual(at);
  });

  it('moves a Chicago debtor to the next 08:00', () => {
    expect(nextContactTime(local('2025-01-15T07:59', 'America/Chicago'), CHICAGO)).toEqual(local('2025-01-15T08:00', 'America/Chicago'));
    expect(nextContactTime(local('2025-01-15T07:59:59.999', 'America/Chicago'), CHICAGO)).toEqual(
      local('2025-01-15T08:00', 'America/Chicago'),
    );
    expect(nextContactTime(local('2025-01-15T21:00', 'America/Chicago'), CHICAGO)).toEqual(local('2025-01-16T08:00', 'America/Chicago'));
    expect(nextContactTime(local('2025-01-15T23:59', 'America/Chicago'), CHICAGO)).toEqual(local('2025-01-16T08:00', 'America/Chicago'));
  });

  it('waits for the later zone of a Texas debtor', () => {
    expect(nextContactTime(local('2025-04-10T07:00', 'America/Chicago'), TEXAS)).toEqual(local('2025-04-10T08:00', 'America/Denver'));
    // After 21:00 in Houston it is the next morning in El Paso that counts.
    expect(nextContactTime(local('2025-04-10T20:30', 'America/Denver'), TEXAS)).toEqual(local('2025-04-11T08:00', 'America/Denver'));
  });

  it('finds the window shared by every US zone when the location is unknown', () => {
    const all = candidateTimeZones({});
    // Winter: Hawaii's 08:00 (18:00Z) opens it; New York's 21:00 EST (02:00Z) closes it.
    expect(nextContactTime(new Date('2025-01-15T12:00:00Z'), all)).toEqual(new Date('2025-01-15T18:00:00Z'));
    expect(nextContactTime(new Date('2025-01-16T01:59:00Z'), all)).toEqual(new Date('2025-01-16T01:59:00Z'));
    expect(nextContactTime(new Date('2025-01-16T02:00:00Z'), all)).toEqual(new Date('2025-01-16T18:00:00Z'));
    // Summer: New York closes at 21:00 EDT (01:00Z).
    expect(nextContactTime(new Date('2025-07-15T12:00:00Z'), all)).toEqual(new Date('2025-07-15T18:00:00Z'));
    expect(nextContactTime(new Date('2025-07-16T01:00:00Z'), all)).toEqual(new Date('2025-07-16T18:00:00Z'));
  });

  it('handles the spring-forward day in New York', () => {
    const ny = ['America/New_York'];
    // 2025-03-09: 02:00 EST jumps to 03:00 EDT; 08:00 EDT is 12:00Z (it was 13:00Z the day before).
    expect(nextContactTime(new Date('2025-03-09T06:30:00Z'), ny)).toEqual(new Date('2025-03-09T12:00:00Z'));
    expect(nextContactTime(new Date('2025-03-09T03:00:00Z'), ny)).toEqual(new Date('2025-03-09T12:00:00Z'));
    expect(nextContactTime(new Date('2025-03-08T12:59:00Z'), ny)).toEqual(new Date('2025-03-08T13:00:00Z'));
    // The evening closes at 21:00 EDT = 01:00Z.
    expect(checkContactHours(new Date('2025-03-10T00:59:00Z'), ny).allowed).toBe(true);
    expect(checkContactHours(new Date('2025-03-10T01:00:00Z'), ny).allowed).toBe(false);
  });

  it('handles the fall-back day in New York', () => {
    const ny = ['America/New_York'];
    // 2025-11-02: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice, and 08:00 EST is 13:00Z.
    expect(nextContactTime(new Date('2025-11-02T05:30:00Z'), ny)).toEqual(new Date('2025-11-02T13:00:00Z'));
    expect(nextContactTime(new Date('2025-11-02T06:30:00Z'), ny)).toEqual(new Date('2025-11-02T13:00:00Z'));
    expect(checkContactHours(new Date('2025-11-03T01:59:00Z'), ny).allowed).toBe(true); // 20:59 EST
    expect(nextContactTime(new Date('2025-11-03T02:00:00Z'), ny)).toEqual(new Date('2025-11-03T13:00:00Z'));
  });

  it('keeps Phoenix on standard time in summer', () => {
    const phoenix = ['America/Phoenix'];
    // July: Denver is on MDT (UTC-6), Phoenix stays on MST (UTC-7): 08:00 in Phoenix is 15:00Z.
    expect(nextContactTime(new Date('2025-07-01T14:30:00Z'), phoenix)).toEqual(new Date('2025-07-01T15:00:00Z'));
    expect(checkContactHours(new Date('2025-07-02T03:30:00Z'), phoenix).allowed).toBe(true); // 20:30 MST
    expect(checkContactHours(new Date('2025-07-02T03:30:00Z'), ['America/Denver']).allowed).toBe(false); // 21:30 MDT
  });

  it('returns null when the windows never overlap, a zone is unknown, or there are no zones', () => {
    // UTC, UTC+8 and UTC-8 (UTC+1/UTC-7 in summer): no hour of the day is 08:00-21:00 in all three.
    const apart = ['Europe/London', 'Asia/Shanghai', 'America/Los_Angeles'];
    expect(nextContactTime(new Date('2025-01-15T12:00:00Z'), apart)).toBeNull();
    expect(nextContactTime(new Date('2025-07-15T12:00:00Z'), apart)).toBeNull();
    expect(nextContactTime(new Date('2025-01-15T12:00:00Z'), ['Nowhere/Special'])).toBeNull();
    expect(nextContactTime(new Date('2025-01-15T12:00:00Z'), [])).toBeNull();
  });

  it('ignores duplicate zones', () => {
    const at = new Date('2025-01-15T03:00:00Z');
    expect(nextContactTime(at, [...TEXAS, ...TEXAS])).toEqual(nextContactTime(at, TEXAS));
  });
});

// ---- properties ----

/** Zones whose offsets are not whole hours or whose DST shift is 30 minutes, besides ordinary ones. */
const WORLD_ZONES = [
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // -03:30 / -02:30
  'Australia/Adelaide', // +09:30 / +10:30, southern DST
  'Australia/Lord_Howe', // +10:30 / +11:00
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Puerto_Rico',
  'Pacific/Guam',
] as const;

/** Second Sunday of March and first Sunday of November: the US DST switches. */
function usDstSwitches(year: number): number[] {
  const nthSunday = (month: number, n: number) => {
    const first = DateTime.utc(year, month, 1);
    return first.plus({ days: ((7 - first.weekday) % 7) + 7 * (n - 1) });
  };
  return [nthSunday(3, 2), nthSunday(11, 1)].map((d) => d.plus({ hours: 7 }).toMillis());
}
const DST_SWITCHES = Array.from({ length: 16 }, (_, i) => usDstSwitches(2020 + i)).flat();

const instantArb: fc.Arbitrary<Date> = fc.oneof(
  fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
  // Within two days of a US DST switch, at any millisecond.
  fc
    .tuple(fc.constantFrom(...DST_SWITCHES), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }))
    .map(([base, offset]) => new Date(base + offset)),
  // Exactly on, or just before, a minute boundary.
  fc
    .tuple(fc.integer({ min: 1_577_836_800, max: 2_082_758_400 }), fc.constantFrom(0, -1))
    .map(([seconds, ms]) => new Date(Math.floor(seconds / 60) * MINUTE + ms)),
);

const STATES = ['TX', 'FL', 'AZ', 'AK', 'HI', 'NY', 'IL', 'ID', 'NV', 'KY', 'PR', 'GU'];
const usZonesArb: fc.Arbitrary<string[]> = fc.oneof(
  fc.subarray([...US_TIME_ZONES], { minLength: 1 }),
  fc.constantFrom(...STATES).map((state) => candidateTimeZones({ state })),
  fc.constant(candidateTimeZones({})),
);
const worldZonesArb: fc.Arbitrary<string[]> = fc.subarray([...WORLD_ZONES, ...US_TIME_ZONES], {
  minLength: 1,
  maxLength: 3,
});

function assertEarliest(from: Date, zones: readonly string[], next: Date): void {
  expect(checkContactHours(next, zones).allowed).toBe(true);
  expect(next.getTime()).toBeGreaterThanOrEqual(from.getTime());
  if (next.getTime() === from.getTime()) return;
  // Allowed-ness can only change at a minute boundary: check from itself and every boundary in between.
  expect(checkContactHours(from, zones).allowed).toBe(false);
  for (let t = Math.floor(from.getTime() / MINUTE) * MINUTE + MINUTE; t < next.getTime(); t += MINUTE) {
    if (checkContactHours(new Date(t), zones).allowed) {
      throw new Error(`allowed earlier at ${new Date(t).toISOString()} (from ${from.toISOString()}, zones ${zones})`);
    }
  }
}

describe('nextContactTime properties', () => {
  it('for US zone sets: finds an allowed instant, at or after from, within a day, with none earlier', () => {
    fc.assert(
      fc.property(instantArb, usZonesArb, (from, zones) => {
        const next = nextContactTime(from, zones);
        expect(next).not.toBeNull();
        expect(next!.getTime() - from.getTime()).toBeLessThan(24 * 60 * MINUTE);
        assertEarliest(from, zones, next!);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('returns from itself exactly when from is allowed', () => {
    fc.assert(
      fc.property(instantArb, fc.oneof(usZonesArb, worldZonesArb), (from, zones) => {
        const allowed = checkContactHours(from, zones).allowed;
        const next = nextContactTime(from, zones);
        if (allowed) expect(next).toEqual(from);
        else expect(next).not.toEqual(from);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('for any zones, including odd offsets: the answer is the earliest, and null means none within 8 days', () => {
    fc.assert(
      fc.property(instantArb, worldZonesArb, (from, zones) => {
        const next = nextContactTime(from, zones);
        if (next !== null) {
          assertEarliest(from, zones, next);
          return;
        }
        // Every zone here has an offset in whole quarter hours, so allowed-ness is constant between quarter-hour
        // boundaries: checking from and every boundary over 8 days is exhaustive.
        expect(checkContactHours(from, zones).allowed).toBe(false);
        const quarter = 15 * MINUTE;
        const end = from.getTime() + 8 * 24 * 60 * MINUTE;
        for (let t = Math.floor(from.getTime() / quarter) * quarter + quarter; t <= end; t += quarter) {
          expect(checkContactHours(new Date(t), zones).allowed).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
