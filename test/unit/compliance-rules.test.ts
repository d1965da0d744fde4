// Examples for every rule of the contact engine, and the edges that matter: DST days, no-DST zones, split states,
// disagreeing address and phone, unknown locations, state caps, the conversation wait, hard stops and policies.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { evaluateContact, type ContactRequest } from '../../shared/compliance/evaluate.ts';

/** The ISO instant of a wall time in a zone. */
function local(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt.toUTC().toISO()!;
}

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const PHX = 'America/Phoenix';

const decide = (request: ContactRequest) => evaluateContact(request);
const allowed = { allowed: true, reasons: [] };

describe('contact hours', () => {
  const chicago = { address: { zip: '60611' } } as const;

  it('allows 08:00 up to, not including, 21:00 local', () => {
    expect(decide({ ...chicago, channel: 'sms', at: local('2026-01-15T07:59', CHI) })).toEqual({
      allowed: false,
      reasons: [`outside-hours:${CHI}`],
      nextAllowedAt: local('2026-01-15T08:00', CHI),
    });
    expect(decide({ ...chicago, channel: 'sms', at: local('2026-01-15T08:00', CHI) })).toEqual({
      ...allowed,
      nextAllowedAt: local('2026-01-15T08:00', CHI),
    });
    expect(decide({ ...chicago, channel: 'sms', at: local('2026-01-15T20:59:59.999', CHI) }).allowed).toBe(true);
    expect(decide({ ...chicago, channel: 'sms', at: local('2026-01-15T21:00', CHI) })).toMatchObject({
      allowed: false,
      reasons: [`outside-hours:${CHI}`],
      nextAllowedAt: local('2026-01-16T08:00', CHI),
    });
  });

  it('keeps a seconds-precise `at` when it is allowed, and answers on a minute otherwise', () => {
    const at = local('2026-01-15T12:34:56.789', CHI);
    expect(decide({ ...chicago, channel: 'email', at }).nextAllowedAt).toBe(at);
    expect(decide({ ...chicago, channel: 'email', at: local('2026-01-15T07:59:30.5', CHI) }).nextAllowedAt).toBe(
      local('2026-01-15T08:00', CHI),
    );
  });

  it('handles the spring-forward day (New York, 2026-03-08)', () => {
    const ny = { address: { zip: '10001' } };
    // 02:00 EST jumps to 03:00 EDT; 08:00 EDT is 12:00Z (it was 13:00Z the day before).
    expect(decide({ ...ny, channel: 'sms', at: '2026-03-08T06:30:00.000Z' }).nextAllowedAt).toBe('2026-03-08T12:00:00.000Z');
    expect(decide({ ...ny, channel: 'sms', at: '2026-03-07T12:59:00.000Z' }).nextAllowedAt).toBe('2026-03-07T13:00:00.000Z');
    // The evening closes at 21:00 EDT = 01:00Z.
    expect(decide({ ...ny, channel: 'sms', at: '2026-03-09T00:59:00.000Z' }).allowed).toBe(true);
    expect(decide({ ...ny, channel: 'sms', at: '2026-03-09T01:00:00.000Z' })).toMatchObject({
      allowed: false,
      nextAllowedAt: '2026-03-09T12:00:00.000Z',
    });
  });

  it('handles the fall-back day (New York, 2026-11-01)', () => {
    const ny = { address: { zip: '10001' } };
    // 02:00 EDT falls back to 01:00 EST; 01:30 happens twice, and 08:00 EST is 13:00Z.
    expect(decide({ ...ny, channel: 'sms', at: '2026-11-01T05:30:00.000Z' }).nextAllowedAt).toBe('2026-11-01T13:00:00.000Z');
    expect(decide({ ...ny, channel: 'sms', at: '2026-11-01T06:30:00.000Z' }).nextAllowedAt).toBe('2026-11-01T13:00:00.000Z');
    expect(decide({ ...ny, channel: 'sms', at: '2026-11-01T12:59:00.000Z' }).allowed).toBe(false); // 07:59 EST
    expect(decide({ ...ny, channel: 'sms', at: '2026-11-02T01:59:00.000Z' }).allowed).toBe(true); // 20:59 EST
    expect(decide({ ...ny, channel: 'sms', at: '2026-11-02T02:00:00.000Z' }).nextAllowedAt).toBe('2026-11-02T13:00:00.000Z');
  });

  it('keeps Arizona on standard time in summer, and the Navajo Nation on Mountain time', () => {
    const phoenix = { address: { zip: '85001' } };
    // July: Denver is on MDT (UTC-6), Phoenix stays on MST (UTC-7): 08:00 in Phoenix is 15:00Z.
    expect(decide({ ...phoenix, channel: 'sms', at: '2026-07-01T14:30:00.000Z' })).toEqual({
      allowed: false,
      reasons: [`outside-hours:${PHX}`],
      nextAllowedAt: '2026-07-01T15:00:00.000Z',
    });
    expect(decide({ ...phoenix, channel: 'sms', at: '2026-07-02T03:30:00.000Z' }).allowed).toBe(true); // 20:30 MST
    expect(decide({ address: { zip: '80202' }, channel: 'sms', at: '2026-07-02T03:30:00.000Z' }).reasons).toEqual([`outside-hours:${DEN}`]); // 21:30 MDT
    // Window Rock keeps DST: 21:30 there too.
    expect(decide({ address: { zip: '86515' }, channel: 'sms', at: '2026-07-02T03:30:00.000Z' }).reasons).toEqual([`outside-hours:${DEN}`]);
    // Arizona by state alone: Phoenix and the Navajo Nation both count.
    expect(decide({ address: { state: 'AZ' }, channel: 'sms', at: '2026-07-02T03:30:00.000Z' }).reasons).toEqual([`outside-hours:${DEN}`]);
  });

  it('tells the two halves of Kentucky apart by ZIP code', () => {
    const at = local('2026-01-15T08:30', NY); // 07:30 in Bowling Green
    expect(decide({ address: { zip: '40202' }, channel: 'sms', at }).allowed).toBe(true); // Louisville, Eastern
    expect(decide({ address: { zip: '42101' }, channel: 'sms', at })).toEqual({
      allowed: false,
      reasons: [`outside-hours:${CHI}`],
      nextAllowedAt: local('2026-01-15T08:00', CHI),
    });
    // The ZIP decides over the state; without a ZIP both zones of the state count.
    expect(decide({ address: { zip: '42101', state: 'KY' }, channel: 'sms', at }).reasons).toEqual([`outside-hours:${CHI}`]);
    expect(decide({ address: { state: 'KY' }, channel: 'sms', at }).reasons).toEqual([`outside-hours:${CHI}`]);
    const evening = local('2026-01-15T20:30', CHI); // 21:30 in Louisville
    expect(decide({ address: { state: 'KY' }, channel: 'sms', at: evening })).toEqual({
      allowed: false,
      reasons: [`outside-hours:${NY}`],
      nextAllowedAt: local('2026-01-16T08:00', CHI),
    });
  });

  it('intersects Alaska (907 phone) with a Florida address', () => {
    // Winter: Adak is UTC-10, Anchorage UTC-9, Chicago UTC-6, New York UTC-5. Shared window: 18:00Z-02:00Z.
    const request = { address: { state: 'FL' }, phone: '+19075551234', channel: 'sms' as const };
    expect(decide({ ...request, at: local('2026-01-15T10:00', NY) })).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Adak', 'outside-hours:America/Anchorage'],
      nextAllowedAt: '2026-01-15T18:00:00.000Z',
    });
    expect(decide({ ...request, at: '2026-01-16T01:59:00.000Z' }).allowed).toBe(true);
    expect(decide({ ...request, at: '2026-01-16T02:00:00.000Z' })).toMatchObject({
      reasons: [`outside-hours:${NY}`],
      nextAllowedAt: '2026-01-16T18:00:00.000Z',
    });
    // A Miami ZIP narrows the address to Eastern; the phone still brings in Alaska.
    expect(decide({ ...request, address: { zip: '33101', state: 'FL' }, at: '2026-01-15T16:00:00.000Z' }).reasons).toEqual([
      'outside-hours:America/Adak',
      'outside-hours:America/Anchorage',
    ]);
  });

  it('needs both zones when the ZIP and the phone disagree', () => {
    // New York ZIP, Los Angeles phone: 08:00 in Los Angeles opens, 21:00 in New York closes.
    const request = { address: { zip: '10001' }, phone: '+13105550123', channel: 'email' as const };
    expect(decide({ ...request, at: local('2026-04-10T09:00', NY) })).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Los_Angeles'],
      nextAllowedAt: local('2026-04-10T08:00', 'America/Los_Angeles'),
    });
    expect(decide({ ...request, at: local('2026-04-10T18:30', 'America/Los_Angeles') }).reasons).toEqual([`outside-hours:${NY}`]);
  });

  it('uses every US zone, Hawaii and Alaska included, when nothing is known', () => {
    for (const request of [{}, { address: { state: 'ZZ' } }, { address: { zip: '09001' } }, { phone: '+18005550100' }]) {
      // Winter: Hawaii's 08:00 (18:00Z) opens the shared window; New York's 21:00 EST (02:00Z) closes it.
      const decision = decide({ ...request, channel: 'sms', at: '2026-01-15T12:00:00.000Z' });
      expect(decision.nextAllowedAt).toBe('2026-01-15T18:00:00.000Z');
      expect(decision.reasons).toContain('outside-hours:Pacific/Honolulu');
      expect(decision.reasons).toContain('outside-hours:America/Anchorage');
      expect(decide({ ...request, channel: 'sms', at: '2026-01-16T02:00:00.000Z' }).nextAllowedAt).toBe('2026-01-16T18:00:00.000Z');
      // Summer: New York closes at 21:00 EDT (01:00Z).
      expect(decide({ ...request, channel: 'sms', at: '2026-07-16T01:00:00.000Z' }).nextAllowedAt).toBe('2026-07-16T18:00:00.000Z');
    }
  });
});

describe('inconvenient times named by the debtor', () => {
  const base = { address: { zip: '60611' }, channel: 'sms' as const };

  it('honours a weekday morning the debtor asked us to avoid', () => {
    const request = { ...base, inconvenientTimes: [{ daysOfWeek: [1, 2, 3, 4, 5], from: '08:00', to: '10:00' }] };
    // Monday 2026-03-02 09:00 Chicago.
    expect(decide({ ...request, at: local('2026-03-02T09:00', CHI) })).toEqual({
      allowed: false,
      reasons: ['inconvenient-time'],
      nextAllowedAt: local('2026-03-02T10:00', CHI),
    });
    // Saturday is fine.
    expect(decide({ ...request, at: local('2026-03-07T09:00', CHI) }).allowed).toBe(true);
  });

  it('reads a range past midnight as the evening and the next morning', () => {
    const request = { ...base, inconvenientTimes: [{ daysOfWeek: [1], from: '20:00', to: '09:00' }] };
    expect(decide({ ...request, at: local('2026-03-02T20:30', CHI) })).toMatchObject({
      reasons: ['inconvenient-time'],
      nextAllowedAt: local('2026-03-03T09:00', CHI),
    });
    expect(decide({ ...request, at: local('2026-03-03T08:30', CHI) }).reasons).toEqual(['inconvenient-time']);
    expect(decide({ ...request, at: local('2026-03-04T08:30', CHI) }).allowed).toBe(true); // Wednesday morning
  });

  it('applies in every candidate zone', () => {
    // Kentucky without a ZIP: "not before 09:00" means 09:00 in Chicago, i.e. 10:00 in Louisville.
    const request = { address: { state: 'KY' }, channel: 'sms' as const, inconvenientTimes: [{ from: '00:00', to: '09:00' }] };
    expect(decide({ ...request, at: local('2026-03-02T09:30', NY) })).toMatchObject({
      reasons: ['inconvenient-time'],
      nextAllowedAt: local('2026-03-02T09:00', CHI),
    });
  });
});

describe('creditor policy', () => {
  const base = { address: { zip: '10001' }, channel: 'email' as const };

  it('keeps to its weekdays', () => {
    const request = { ...base, policy: { daysOfWeek: [1, 2, 3, 4, 5] } };
    // Saturday 2026-03-07 10:00.
    expect(decide({ ...request, at: local('2026-03-07T10:00', NY) })).toEqual({
      allowed: false,
      reasons: ['policy:day-of-week'],
      nextAllowedAt: local('2026-03-09T08:00', NY),
    });
  });

  it('skips US federal holidays, legal and observed', () => {
    const request = { ...base, policy: { skipUsFederalHolidays: true } };
    expect(decide({ ...request, at: local('2026-11-26T10:00', NY) })).toEqual({
      allowed: false,
      reasons: ['policy:holiday'],
      nextAllowedAt: local('2026-11-27T08:00', NY),
    });
    // Independence Day 2026 is a Saturday, observed on Friday 3 July: both days are skipped.
    expect(decide({ ...request, at: local('2026-07-03T10:00', NY) })).toMatchObject({
      reasons: ['policy:holiday'],
      nextAllowedAt: local('2026-07-05T08:00', NY),
    });
    expect(decide({ ...request, at: local('2026-07-02T10:00', NY) }).allowed).toBe(true);
    expect(decide({ ...base, at: local('2026-11-26T10:00', NY) }).allowed).toBe(true); // without the policy
  });

  it('narrows the hours, never widens them', () => {
    const request = { ...base, policy: { hours: { from: '09:00', to: '17:00' } } };
    expect(decide({ ...request, at: local('2026-03-02T08:30', NY) })).toEqual({
      allowed: false,
      reasons: ['policy:hours'],
      nextAllowedAt: local('2026-03-02T09:00', NY),
    });
    expect(decide({ ...request, at: local('2026-03-02T17:00', NY) })).toMatchObject({
      reasons: ['policy:hours'],
      nextAllowedAt: local('2026-03-03T09:00', NY),
    });
    expect(decide({ ...request, at: local('2026-03-02T07:30', NY) }).reasons).toEqual([`outside-hours:${NY}`]);
    // An unvalidated policy reaching wider than the law still gets only 08:00–21:00.
    const wide = { ...base, policy: { hours: { from: '06:00', to: '23:00' } } };
    expect(decide({ ...wide, at: local('2026-03-02T07:00', NY) })).toMatchObject({
      reasons: [`outside-hours:${NY}`],
      nextAllowedAt: local('2026-03-02T08:00', NY),
    });
    expect(decide({ ...wide, at: local('2026-03-02T21:30', NY) }).allowed).toBe(false);
  });

  it('adds its own caps on top of the defaults', () => {
    const history = [{ at: local('2026-03-01T10:00', NY), channel: 'sms' as const, kind: 'sent' as const }];
    const request = { ...base, channel: 'sms' as const, history, policy: { caps: { sms: { count: 1, days: 3 } } } };
    expect(decide({ ...request, at: local('2026-03-02T10:00', NY) })).toEqual({
      allowed: false,
      reasons: ['frequency:sms:3d'],
      nextAllowedAt: local('2026-03-04T10:00', NY),
    });
    // A laxer policy cap changes nothing: the default still holds.
    const lax = { ...base, channel: 'sms' as const, policy: { caps: { sms: { count: 50, days: 7 } } } };
    const seven = Array.from({ length: 7 }, (_, i) => ({
      at: local(`2026-03-0${i + 1}T10:00`, NY),
      channel: 'sms' as const,
      kind: 'sent' as const,
    }));
    expect(decide({ ...lax, history: seven, at: local('2026-03-07T12:00', NY) }).reasons).toEqual(['frequency:sms:7d']);
  });

  it('answers null when its rules leave no time at all', () => {
    expect(decide({ ...base, at: local('2026-03-02T10:00', NY), policy: { daysOfWeek: [] } })).toEqual({
      allowed: false,
      reasons: ['policy:day-of-week'],
      nextAllowedAt: null,
    });
  });
});

describe('frequency', () => {
  const sent = (at: string, channel: 'email' | 'sms' = 'sms') => ({ at, channel, kind: 'sent' as const });
  const chicago = { address: { zip: '60611' } };

  it('caps SMS and email at 7 in 7 days each, in a rolling window', () => {
    const history = Array.from({ length: 7 }, (_, i) => sent(local(`2026-02-0${i + 2}T09:00`, CHI)));
    expect(decide({ ...chicago, channel: 'sms', history, at: local('2026-02-08T15:00', CHI) })).toEqual({
      allowed: false,
      reasons: ['frequency:sms:7d'],
      nextAllowedAt: local('2026-02-09T09:00', CHI), // the first one is seven days old
    });
    // Email has its own count.
    expect(decide({ ...chicago, channel: 'email', history, at: local('2026-02-08T15:00', CHI) }).allowed).toBe(true);
    // Six are fine.
    expect(decide({ ...chicago, channel: 'sms', history: history.slice(1), at: local('2026-02-08T15:00', CHI) }).allowed).toBe(true);
  });

  it('counts a window in hours, so a week across the spring-forward night ends an hour later on the clock', () => {
    const history = Array.from({ length: 7 }, (_, i) => sent(local(`2026-03-0${i + 2}T09:00`, CHI)));
    // 2 March 09:00 CST + 7 × 24 h = 9 March 10:00 CDT.
    expect(decide({ ...chicago, channel: 'sms', history, at: local('2026-03-08T15:00', CHI) }).nextAllowedAt).toBe(
      local('2026-03-09T10:00', CHI),
    );
  });

  it('counts conversations as communications on their channel', () => {
    const history = [
      ...Array.from({ length: 6 }, (_, i) => sent(local(`2026-02-0${i + 3}T09:00`, CHI))),
      { at: local('2026-02-02T16:00', CHI), channel: 'sms' as const, kind: 'conversation' as const },
    ];
    // The conversation on Monday 2 February ended its wait on Sunday 8 February; it still counts toward the cap.
    expect(decide({ ...chicago, channel: 'sms', history, at: local('2026-02-09T15:00', CHI) })).toEqual({
      allowed: false,
      reasons: ['frequency:sms:7d'],
      nextAllowedAt: local('2026-02-09T16:00', CHI),
    });
  });

  it('holds Massachusetts texts to 2 in 7 days, and leaves its emails to the default', () => {
    const ma = { address: { state: 'MA', zip: '02108' } };
    const history = [sent(local('2026-02-02T10:00', NY)), sent(local('2026-02-04T10:00', NY))];
    expect(decide({ ...ma, channel: 'sms', history, at: local('2026-02-05T10:00', NY) })).toEqual({
      allowed: false,
      reasons: ['frequency:state:MA'],
      nextAllowedAt: local('2026-02-09T10:00', NY),
    });
    expect(decide({ ...ma, channel: 'email', history, at: local('2026-02-05T10:00', NY) }).allowed).toBe(true);
    // The ZIP alone is enough to know the state.
    expect(decide({ address: { zip: '02108' }, channel: 'sms', history, at: local('2026-02-05T10:00', NY) }).reasons).toEqual([
      'frequency:state:MA',
    ]);
    // A send exactly seven days later is allowed (the window is seven days of 24 hours, half-open).
    expect(decide({ ...ma, channel: 'sms', history, at: local('2026-02-09T10:00', NY) }).allowed).toBe(true);
  });

  it('holds Washington to 3 communications a week across channels', () => {
    const wa = { address: { state: 'WA', zip: '98101' } };
    const LA = 'America/Los_Angeles';
    const history = [
      sent(local('2026-02-02T10:00', LA), 'email'),
      sent(local('2026-02-03T10:00', LA), 'sms'),
      sent(local('2026-02-04T10:00', LA), 'email'),
    ];
    for (const channel of ['sms', 'email'] as const) {
      expect(decide({ ...wa, channel, history, at: local('2026-02-05T10:00', LA) })).toEqual({
        allowed: false,
        reasons: ['frequency:state:WA'],
        nextAllowedAt: local('2026-02-09T10:00', LA),
      });
    }
    expect(decide({ ...wa, channel: 'sms', history: history.slice(1), at: local('2026-02-05T10:00', LA) }).allowed).toBe(true);
  });

  it('waits 7 days after a conversation, the conversation day being day 1', () => {
    const conversation = { at: local('2026-03-02T23:30', NY), channel: 'sms' as const, kind: 'conversation' as const };
    const ny = { address: { zip: '10001' }, history: [conversation] };
    // Monday 2 March (late evening local: 04:30Z on Tuesday) is day 1; Sunday 8 March is day 7.
    for (const channel of ['sms', 'email'] as const) {
      expect(decide({ ...ny, channel, at: local('2026-03-08T12:00', NY) })).toEqual({
        allowed: false,
        reasons: ['conversation-wait:7d'],
        nextAllowedAt: local('2026-03-09T08:00', NY),
      });
    }
    expect(decide({ ...ny, channel: 'sms', at: local('2026-03-09T08:00', NY) }).allowed).toBe(true);
    // A sent message does not start the wait.
    expect(
      decide({ ...ny, history: [{ ...conversation, kind: 'sent' as const }], channel: 'sms', at: local('2026-03-03T12:00', NY) }).allowed,
    ).toBe(true);
  });
});

describe('opt-outs and hard stops', () => {
  const base = { address: { zip: '10001' }, at: local('2026-03-02T12:00', NY) };

  it('stops only the channel the debtor opted out of', () => {
    expect(decide({ ...base, channel: 'sms', flags: { optedOut: ['sms'] } })).toEqual({
      allowed: false,
      reasons: ['opted-out:sms'],
      nextAllowedAt: null,
    });
    expect(decide({ ...base, channel: 'email', flags: { optedOut: ['sms'] } }).allowed).toBe(true);
  });

  it.each([
    ['ceased', 'hard-stop:cease'],
    ['disputed', 'hard-stop:dispute'],
    ['bankrupt', 'hard-stop:bankrupt'],
    ['deceased', 'hard-stop:deceased'],
    ['attorney', 'hard-stop:attorney'],
    ['recalled', 'hard-stop:recalled'],
  ] as const)('%s stops every channel for good', (flag, reason) => {
    for (const channel of ['sms', 'email'] as const) {
      expect(decide({ ...base, channel, flags: { [flag]: true } })).toEqual({ allowed: false, reasons: [reason], nextAllowedAt: null });
    }
    expect(decide({ ...base, channel: 'sms', flags: { [flag]: false } }).allowed).toBe(true);
  });

  it('lists every reason at once', () => {
    const decision = decide({
      ...base,
      at: local('2026-03-02T22:00', NY),
      channel: 'sms',
      flags: { ceased: true, disputed: true, optedOut: ['sms'] },
    });
    expect(decision).toEqual({
      allowed: false,
      reasons: ['hard-stop:cease', 'hard-stop:dispute', 'opted-out:sms', `outside-hours:${NY}`],
      nextAllowedAt: null,
    });
  });
});

describe('the horizon', () => {
  it('gives up after 60 days', () => {
    // A creditor cap of 1 in 90 days after a send yesterday: the next time is 89 days away.
    const request: ContactRequest = {
      address: { zip: '10001' },
      channel: 'sms',
      at: local('2026-04-02T12:00', NY),
      history: [{ at: local('2026-04-01T12:00', NY), channel: 'sms', kind: 'sent' }],
      policy: { caps: { sms: { count: 1, days: 90 } } },
    };
    expect(decide(request)).toEqual({ allowed: false, reasons: ['frequency:sms:90d'], nextAllowedAt: null });
    expect(decide({ ...request, policy: { caps: { sms: { count: 1, days: 30 } } } }).nextAllowedAt).toBe(local('2026-05-01T12:00', NY));
  });
});

describe('bad input', () => {
  it('throws on an instant it cannot read', () => {
    expect(() => decide({ channel: 'sms', at: 'yesterday' })).toThrow(/at/);
    expect(() => decide({ channel: 'sms', at: '2026-03-02T12:00:00Z', history: [{ at: 'x', channel: 'sms', kind: 'sent' }] })).toThrow(
      /history\[0\]\.at/,
    );
  });
});
