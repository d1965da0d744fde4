// The daily outbox files' pure builders, on hand-built event lists whose answers are known.
import { describe, expect, it } from 'vitest';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../../shared/accounts/events.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import {
  accountAsOf,
  dayEndedWithinHourBefore,
  kpiCsv,
  kpiMetrics,
  listedOnStatus,
  nextStepOf,
  paymentsOnDay,
  remittanceRows,
  reportDay,
  STATUS_HEADER,
  statusRow,
} from '../../shared/reports/daily.ts';
import { computeKpis, KPI_DEFINITIONS } from '../../shared/reports/kpis.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Fact = DistributiveOmit<EventDraft, 'key'>;

/** Events of account `id` in the given order (seq 1, 2, …), each at its ISO time. */
function events(id: string, steps: Array<[string, Fact]>): AccountEvent[] {
  return steps.map(([at, fact], i) => ({ ...fact, eventId: `${id}:${i}`, accountId: id, at, seq: i + 1 }) as AccountEvent);
}
const placed: Fact = { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme' };
const stage: Fact = { type: 'stage-entered', stage: 'SoftReminder' };
const sent = (channel: 'email' | 'sms', n: number): Fact => ({
  type: 'touch-sent',
  touchId: `t-${n}`,
  stage: 'SoftReminder',
  channel,
  template: `soft-reminder.${channel}.en.v1`,
});
const suppressed: Fact = { type: 'touch-suppressed', touchId: 't-9', stage: 'SoftReminder', channel: 'sms', reason: 'opted-out:sms' };
const paid = (amountMinor: number, reference: string): Fact => ({ type: 'payment-received', amountMinor, source: 'creditor', reference });

const day = reportDay('2026-03-05');

describe('report days', () => {
  it('spans one UTC day by default, as of its last millisecond', () => {
    expect(day.start.toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(day.asOf.toISOString()).toBe('2026-03-05T23:59:59.999Z');
  });

  it("spans the creditor's own day in its zone, with 23 or 25 hours across a DST change", () => {
    const ny = reportDay('2026-03-05', 'America/New_York');
    expect([ny.start.toISOString(), ny.asOf.toISOString()]).toEqual(['2026-03-05T05:00:00.000Z', '2026-03-06T04:59:59.999Z']);
    const springForward = reportDay('2026-03-08', 'America/New_York');
    expect(springForward.asOf.getTime() + 1 - springForward.start.getTime()).toBe(23 * 3_600_000);
    const fallBack = reportDay('2026-11-01', 'America/New_York');
    expect(fallBack.asOf.getTime() + 1 - fallBack.start.getTime()).toBe(25 * 3_600_000);
    expect(reportDay('2026-03-05', 'Asia/Kolkata').start.toISOString()).toBe('2026-03-04T18:30:00.000Z');
  });

  it('starts a day whose midnight DST skips at the first instant of it (Santiago, 00:00 → 01:00)', () => {
    const skipped = reportDay('2026-09-06', 'America/Santiago');
    expect(skipped.start.toISOString()).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03, the first local time that day
    expect(reportDay('2026-09-05', 'America/Santiago').asOf.getTime() + 1).toBe(skipped.start.getTime());
  });

  it('an hourly run reports the day that ended within the hour before it, in each zone, once', () => {
    expect(dayEndedWithinHourBefore(new Date('2026-03-06T00:15:00Z'))).toBe('2026-03-05');
    expect(dayEndedWithinHourBefore(new Date('2026-01-01T00:15:00Z'))).toBe('2025-12-31');
    expect(dayEndedWithinHourBefore(new Date('2026-03-06T01:15:00Z'))).toBeUndefined();
    expect(dayEndedWithinHourBefore(new Date('2026-03-06T00:15:00Z'), 'America/New_York')).toBeUndefined();
    expect(dayEndedWithinHourBefore(new Date('2026-03-06T05:15:00Z'), 'America/New_York')).toBe('2026-03-05');
    expect(dayEndedWithinHourBefore(new Date('2026-03-05T18:45:00Z'), 'Asia/Kolkata')).toBe('2026-03-05'); // 00:15 IST on the 6th
  });

  it('across a year of hourly runs, every local day is reported exactly once, whatever the zone', () => {
    for (const zone of ['UTC', 'America/New_York', 'America/Santiago', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const reported: string[] = [];
      for (let t = Date.parse('2026-01-01T00:15:00Z'); t < Date.parse('2027-01-01T00:15:00Z'); t += 3_600_000) {
        const ended = dayEndedWithinHourBefore(new Date(t), zone);
        if (ended) reported.push(ended);
      }
      expect(new Set(reported).size, zone).toBe(reported.length);
      expect(reported.length, zone).toBeGreaterThanOrEqual(364);
      for (const d of reported) {
        const { start, asOf } = reportDay(d, zone);
        expect(asOf.getTime() - start.getTime(), `${zone} ${d}`).toBeGreaterThan(22 * 3_600_000);
      }
    }
  });

  it('refuses anything but a real YYYY-MM-DD, and a zone the runtime does not know', () => {
    expect(() => reportDay('2026-02-30')).toThrow(/"2026-02-30" is not a day: expected YYYY-MM-DD/);
    expect(() => reportDay('yesterday')).toThrow(/not a day/);
    expect(() => reportDay('2026-03-05', 'Mars/Olympus')).toThrow(/not a time zone/);
  });
});

describe('accountAsOf', () => {
  const history = events('a', [
    ['2026-03-02T14:00:00.000Z', placed],
    ['2026-03-02T14:00:01.000Z', stage],
    ['2026-03-02T15:00:00.000Z', sent('email', 1)],
    ['2026-03-05T16:00:00.000Z', paid(20_000, 'p-1')],
    ['2026-03-06T16:00:00.000Z', paid(30_000, 'p-2')],
    ['2026-03-06T16:00:01.000Z', { type: 'resolved', outcome: 'paid' }],
  ]);

  it('counts only the events up to the end of the day', () => {
    const account = accountAsOf('a', history, day.asOf)!;
    expect(account.state.status).toBe('active');
    expect(account.state.collectedMinor).toBe(20_000);
    expect(account.payments).toEqual([{ at: '2026-03-05T16:00:00.000Z', amountMinor: 20_000, source: 'creditor', reference: 'p-1' }]);
  });

  it('is undefined before the account was placed', () => {
    expect(accountAsOf('a', history, new Date('2026-03-01T23:59:59.999Z'))).toBeUndefined();
  });

  it('records when the account was resolved, and collects nothing after', () => {
    const late = [
      ...history,
      ...events('a', [['2026-03-07T10:00:00.000Z', paid(5_000, 'p-late')]]).map((e) => ({ ...e, eventId: 'a:late', seq: 7 })),
    ];
    const account = accountAsOf('a', late, reportDay('2026-03-07').asOf)!;
    expect(account.resolvedAt).toBe('2026-03-06T16:00:01.000Z');
    expect(account.payments.map((p) => p.reference)).toEqual(['p-1', 'p-2']);
  });
});

describe('status rows', () => {
  const open = accountAsOf(
    'a',
    events('a', [
      ['2026-03-02T14:00:00.000Z', placed],
      ['2026-03-02T14:00:01.000Z', stage],
      ['2026-03-02T15:00:00.000Z', sent('email', 1)],
      ['2026-03-04T15:00:00.000Z', sent('sms', 2)],
      ['2026-03-05T15:00:00.000Z', suppressed],
    ]),
    day.asOf,
  )!;

  it('gives the reference, stage, amounts, last message sent and next step of an open account', () => {
    const next = nextStepOf({ action: 'wait', until: new Date('2026-03-07T15:00:00Z'), reason: 'cadence' }, day.asOf);
    const row = statusRow('ACC-1', open, day, next);
    expect(Object.fromEntries(STATUS_HEADER.map((h, i) => [h, row[i]]))).toEqual({
      account_ref: 'ACC-1',
      status: 'open',
      stage: 'SoftReminder',
      balance: '500.00',
      collected: '0.00',
      currency: 'USD',
      last_touch_date: '2026-03-04',
      last_touch_channel: 'sms',
      next_step: 'wait',
      next_step_reason: 'cadence',
      next_step_at: '2026-03-07T15:00Z',
      outcome: '',
      resolved_on: '',
    });
  });

  it('names the outcome and the day of a resolved account, and no next step', () => {
    const resolved = accountAsOf(
      'b',
      events('b', [
        ['2026-03-02T14:00:00.000Z', placed],
        ['2026-03-04T10:00:00.000Z', { type: 'resolved', outcome: 'ceased' }],
      ]),
      day.asOf,
    )!;
    const row = statusRow('ACC-2', resolved, day, { step: 'resolve:ceased', reason: 'x', at: 'y' });
    expect(row.slice(0, 2)).toEqual(['ACC-2', 'resolved']);
    expect(row.slice(8)).toEqual(['', '', '', 'ceased', '2026-03-04']);
  });

  it('lists open accounts, and resolved ones for a week after their resolution', () => {
    const resolvedOn = (date: string) =>
      accountAsOf(
        'c',
        events('c', [
          ['2026-02-01T00:00:00.000Z', placed],
          [`${date}T12:00:00.000Z`, { type: 'resolved', outcome: 'paid' }],
        ]),
        day.asOf,
      )!;
    expect(listedOnStatus(open, day)).toBe(true);
    expect(listedOnStatus(resolvedOn('2026-02-27'), day)).toBe(true);
    expect(listedOnStatus(resolvedOn('2026-02-26'), day)).toBe(false);
  });

  it('describes each kind of next step, and a hold without a time: the creditor ends it', () => {
    const asOf = day.asOf;
    expect(
      nextStepOf({ action: 'touch', touchId: 't', channel: 'sms', touchNumber: 2, replyWindowUntil: asOf, reason: 'cadence' }, asOf),
    ).toEqual({
      step: 'send-sms',
      reason: 'cadence',
      at: '2026-03-05T23:59Z',
    });
    expect(nextStepOf({ action: 'wait', until: new Date('2026-03-19T00:00:00Z'), reason: 'hold:dispute' }, asOf)).toEqual({
      step: 'wait',
      reason: 'hold:dispute',
      at: '',
    });
    expect(
      nextStepOf({ action: 'request-approval', until: new Date('2026-03-12T10:00:00Z'), reason: 'handoff-awaiting-creditor' }, asOf).step,
    ).toBe('await-creditor-approval');
    expect(nextStepOf({ action: 'advance', reason: 'stage-exhausted' }, asOf).step).toBe('next-stage');
    expect(nextStepOf({ action: 'resolve', outcome: 'paid', reason: 'balance-cleared' }, asOf).step).toBe('resolve:paid');
  });
});

describe('remittance rows', () => {
  it('lists the payments collected that day, amounts as decimals with their currency', () => {
    const account = accountAsOf(
      'a',
      events('a', [
        ['2026-03-02T14:00:00.000Z', placed],
        ['2026-03-04T16:00:00.000Z', paid(1_000, 'before')],
        ['2026-03-05T09:00:00.000Z', paid(12_345, '=HYPERLINK("x")')],
      ]),
      day.asOf,
    )!;
    expect(remittanceRows('ACC-1', 'USD', paymentsOnDay(account, day), day)).toEqual([
      ['ACC-1', '2026-03-05', '123.45', 'USD', 'creditor', '=HYPERLINK("x")'],
    ]);
  });

  it("puts an evening payment on the creditor's own day, dated in its zone", () => {
    const ny = reportDay('2026-03-05', 'America/New_York');
    const history = events('a', [
      ['2026-03-02T14:00:00.000Z', placed],
      ['2026-03-06T03:00:00.000Z', paid(2_000, 'late-evening')], // 22:00 in New York on the 5th
    ]);
    const inNewYork = accountAsOf('a', history, ny.asOf)!;
    expect(remittanceRows('ACC-1', 'USD', paymentsOnDay(inNewYork, ny), ny)).toEqual([
      ['ACC-1', '2026-03-05', '20.00', 'USD', 'creditor', 'late-evening'],
    ]);
    expect(paymentsOnDay(accountAsOf('a', history, day.asOf)!, day)).toEqual([]); // the UTC 5th ended before it
  });
});

describe('the KPI file and metrics', () => {
  const accounts = [
    {
      events: events('a', [
        ['2026-03-02T14:00:00.000Z', placed],
        ['2026-03-02T15:00:00.000Z', sent('email', 1)],
        ['2026-03-03T10:00:00.000Z', paid(50_000, 'p')],
        ['2026-03-03T10:00:01.000Z', { type: 'resolved', outcome: 'paid' }],
      ]),
    },
    { events: events('b', [['2026-03-02T14:00:00.000Z', placed]]) },
  ];
  const kpis = computeKpis(accounts, day.asOf);

  it('has the totals and one line per KPI the module defines; a rate with no sample is empty', () => {
    const csv = parseCsv(kpiCsv(kpis));
    const byKpi = new Map(csv.records.filter((r) => r.values.variant === 'all').map((r) => [r.values.kpi, r.values]));
    expect(byKpi.get('placed.accounts')?.value).toBe('2');
    expect(byKpi.get('collected.amount')?.value).toBe('500.00');
    expect(byKpi.get('recoveryRate')).toMatchObject({ value: '0.5000', n: '2' });
    expect(byKpi.get('contactRate')).toMatchObject({ value: '0.5000', count: '1', n: '2' });
    expect(byKpi.get('timeToResolution.medianDays')?.value).toBe('0.8');
    expect(byKpi.get('csat')).toMatchObject({ value: '', n: '0' });
    for (const { key } of KPI_DEFINITIONS)
      expect(
        [...byKpi.keys()].some((k) => k === key || k!.startsWith(`${key}.`)),
        key,
      ).toBe(true);
  });

  it('repeats every KPI for each strategy variant, with the variant’s own sample size', () => {
    const variantOf = (id: string, variant: string): AccountEvent => ({
      ...eventFromDraft(id, new Date('2026-03-02T14:00:01.000Z'), {
        type: 'variant-assigned',
        segment: 'all',
        variant,
        key: 'variant-assigned',
      }),
      seq: 99,
    });
    const split = computeKpis(
      [
        { events: [...accounts[0]!.events, variantOf('a', 'champion')] },
        { events: [...accounts[1]!.events, variantOf('b', 'challenger')] },
      ],
      day.asOf,
    );
    const rows = parseCsv(kpiCsv(split)).records.map((r) => r.values);
    const recovery = rows.filter((r) => r.kpi === 'recoveryRate').map((r) => [r.variant, r.value, r.n]);
    expect(recovery).toEqual([
      ['all', '0.5000', '2'],
      ['all/challenger', '0.0000', '1'],
      ['all/champion', '1.0000', '1'],
    ]);
  });

  it('publishes rates in percent and leaves out the KPIs without a value', () => {
    const metrics = kpiMetrics(kpis);
    expect(metrics).toContainEqual({ name: 'KpiRecoveryRate', unit: 'Percent', value: 50 });
    expect(metrics.find((m) => m.name === 'KpiTimeToResolution')).toMatchObject({ unit: 'None' });
    expect(metrics.some((m) => m.name === 'KpiCsat' || m.name === 'KpiPlanCompletionRate')).toBe(false);
  });
});
