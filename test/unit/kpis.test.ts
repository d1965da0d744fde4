// The KPIs on hand-built event lists whose answers are known.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccountEvent, EventDraft } from '../../shared/accounts/events.ts';
import { DEFAULT_PRICES, estimateUsage, USAGE_PER_EVENT, type PriceTable } from '../../shared/reports/cost.ts';
import {
  compareRecovery,
  computeKpis,
  KPI_DEFINITIONS,
  MIN_VARIANT_SAMPLE,
  recoveryCurve,
  stageFunnel,
} from '../../shared/reports/kpis.ts';
import { percentile, ratioInterval, wilson } from '../../shared/reports/statistics.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Fact = DistributiveOmit<EventDraft, 'key'>;
const T0 = '2026-03-02T14:00:00.000Z';
const at = (day: number, from = T0): string => new Date(Date.parse(from) + day * 86_400_000).toISOString();

/** One account's events, in the given order (seq 1, 2, …), each at `day` days after T0. */
function account(id: string, steps: Array<[number, Fact]>, transitions?: number): { events: AccountEvent[]; transitions?: number } {
  const events = steps.map(
    ([day, fact], i) => ({ ...fact, eventId: `${id}:${i}`, accountId: id, at: at(day), seq: i + 1 }) as AccountEvent,
  );
  return transitions === undefined ? { events } : { events, transitions };
}
const placed = (balanceMinor: number): Fact => ({ type: 'placed', balanceMinor, currency: 'USD', creditorId: 'c' });
const paid = (amountMinor: number, reference = `p-${amountMinor}`): Fact => ({
  type: 'payment-received',
  amountMinor,
  source: 'creditor',
  reference,
});
const sent = (channel: 'email' | 'sms' = 'email', n = 1): Fact => ({
  type: 'touch-sent',
  touchId: `t-${channel}-${n}`,
  stage: 'SoftReminder',
  channel,
  template: 'soft-reminder.email.v1',
});
const reply = (intent: 'stop' | 'dispute' | 'promise' | 'other' | 'pay', promiseDate?: string): Fact => ({
  type: 'reply-received',
  channel: 'email',
  intent,
  messageId: `m-${intent}-${promiseDate ?? ''}`,
  ...(promiseDate ? { promiseDate } : {}),
});
const resolved = (outcome: 'paid' | 'uncollectible' = 'paid'): Fact => ({ type: 'resolved', outcome });
const asOf = (day: number): Date => new Date(at(day));

describe('computeKpis with nothing placed', () => {
  it('gives null rates with n = 0, and no interval, percentile or cost ratio', () => {
    // An account without a placed event is not part of the portfolio.
    const k = computeKpis([account('x', [[1, sent()]])], asOf(10));
    expect(k.placed).toEqual({ accounts: 0, amountMinor: 0 });
    expect(k.recoveryRate).toMatchObject({ value: null, n: 0, placedMinor: 0, collectedMinor: 0, byCohort: [] });
    expect(k.payerRate).toEqual({ value: null, count: 0, n: 0, ci95: null });
    expect(k.timeToResolution).toEqual({ medianDays: null, p90Days: null, n: 0 });
    for (const key of ['contactRate', 'replyRate', 'optOutRate', 'disputeRate', 'planCompletionRate'] as const) {
      expect(k[key]).toEqual({ value: null, count: 0, n: 0 });
    }
    expect(k.promiseKeptRate).toEqual({ value: null, count: 0, n: 0, pending: 0 });
    expect(k.costPerDollarCollected).toMatchObject({ value: null, n: 0, collected: 0 });
    expect(k.costPerDollarCollected.cost.total).toBe(0);
    expect(k.csat).toEqual({ mean: null, n: 0 });
    expect(recoveryCurve([], asOf(10))).toEqual([]);
    expect(stageFunnel([], asOf(10)).every((s) => s.accounts === 0)).toBe(true);
  });
});

describe('recovery rate and payer rate', () => {
  const accounts = [
    account('a', [
      [0, placed(10_000)],
      [0, sent()],
      [1, paid(5_000)],
    ]),
    account('b', [
      [0, placed(30_000)],
      [0, sent()],
    ]),
    account('c', [
      [7, placed(20_000)],
      [7, sent()],
      [9, paid(20_000)],
      [9, resolved()],
    ]),
  ];

  it('divides amounts collected by amounts placed, overall and by placement date', () => {
    const k = computeKpis(accounts, asOf(30));
    expect(k.recoveryRate.value).toBeCloseTo(25_000 / 60_000, 12);
    expect(k.recoveryRate).toMatchObject({ n: 3, placedMinor: 60_000, collectedMinor: 25_000 });
    expect(k.recoveryRate.byCohort).toEqual([
      { cohort: '2026-03-02', accounts: 2, placedMinor: 40_000, collectedMinor: 5_000, value: 0.125 },
      { cohort: '2026-03-09', accounts: 1, placedMinor: 20_000, collectedMinor: 20_000, value: 1 },
    ]);
    expect(k.payerRate).toMatchObject({ count: 2, n: 3 });
    expect(k.payerRate.value).toBeCloseTo(2 / 3, 12);
    expect(k.payerRate.ci95).toEqual(wilson(2, 3));
  });

  it('is 0 (not null) when accounts were placed but nothing was collected, and the cost ratio is null', () => {
    const k = computeKpis(
      [
        account('a', [
          [0, placed(10_000)],
          [0, sent()],
        ]),
        account('b', [[0, placed(5_000)]]),
      ],
      asOf(30),
    );
    expect(k.recoveryRate).toMatchObject({ value: 0, n: 2, collectedMinor: 0 });
    expect(k.payerRate).toMatchObject({ value: 0, count: 0, n: 2 });
    expect(k.payerRate.ci95![0]).toBe(0);
    expect(k.payerRate.ci95![1]).toBeCloseTo(0.6576, 4);
    expect(k.costPerDollarCollected.value).toBeNull();
    expect(k.costPerDollarCollected.cost.total).toBeGreaterThan(0);
  });

  it('sees only what happened by asOf', () => {
    const k = computeKpis(accounts, asOf(5));
    // c was placed on day 7; a's payment on day 1 counts.
    expect(k.recoveryRate).toMatchObject({ n: 2, placedMinor: 40_000, collectedMinor: 5_000, value: 0.125 });
    expect(computeKpis(accounts, asOf(0.5)).recoveryRate.collectedMinor).toBe(0);
  });

  it('counts what the fold counts: nothing paid after the account was resolved', () => {
    const k = computeKpis(
      [
        account('a', [
          [0, placed(10_000)],
          [1, resolved('uncollectible')],
          [2, paid(10_000)],
        ]),
      ],
      asOf(30),
    );
    expect(k.recoveryRate.collectedMinor).toBe(0);
  });
});

describe('wilson and percentile', () => {
  it('match published values', () => {
    // Newcombe (1998), Statistics in Medicine 17:857, method 3 on 81/263 and on 0/10.
    const [lo, hi] = wilson(81, 263)!;
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    expect(wilson(0, 10)![0]).toBe(0);
    expect(wilson(0, 10)![1]).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10)![0]).toBeCloseTo(0.7225, 4);
    expect(wilson(0, 0)).toBeNull();
  });

  it('interpolates linearly between ranks', () => {
    expect(percentile([3, 1, 2, 10], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9, 12);
    expect(percentile([4], 0.9)).toBe(4);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('time to resolution', () => {
  it('is the median and p90 in days from placement to resolution, resolved accounts only', () => {
    const accounts = [1, 2, 3, 10].map((d, i) =>
      account(`r${i}`, [
        [0, placed(100)],
        [d, resolved('uncollectible')],
      ]),
    );
    accounts.push(account('open', [[0, placed(100)]]));
    // Placed later: its days count from its own placement.
    accounts.push(
      account('late', [
        [20, placed(100)],
        [22, resolved('uncollectible')],
      ]),
    );
    const k = computeKpis(accounts, asOf(40));
    expect(k.timeToResolution.n).toBe(5);
    expect(k.timeToResolution.medianDays).toBeCloseTo(2, 12);
    expect(k.timeToResolution.p90Days).toBeCloseTo(3 + 0.6 * 7, 12);
  });
});

describe('contact, reply, opt-out and dispute rates', () => {
  const accounts = [
    account('a', [
      [0, placed(100)],
      [0, sent('sms')],
      [1, reply('stop')],
    ]),
    account('b', [
      [0, placed(100)],
      [0, sent()],
      [1, reply('dispute')],
    ]),
    account('c', [
      [0, placed(100)],
      [0, sent()],
      [1, { type: 'opted-out', channel: 'email', via: 'one-click-unsubscribe' }],
    ]),
    // Never contacted (its only touch was suppressed): in no denominator but the contact rate's, and its reply counts nowhere.
    account('d', [
      [0, placed(100)],
      [0, { type: 'touch-suppressed', touchId: 't', stage: 'SoftReminder', channel: 'sms', reason: 'opted-out:sms' }],
      [1, reply('other')],
    ]),
    account('e', [
      [0, placed(100)],
      [0, sent()],
      [3, sent('email', 2)],
    ]),
  ];

  it('counts accounts, not messages', () => {
    const k = computeKpis(accounts, asOf(10));
    expect(k.contactRate).toEqual({ value: 0.8, count: 4, n: 5 });
    expect(k.replyRate).toEqual({ value: 0.5, count: 2, n: 4 });
    expect(k.optOutRate).toEqual({ value: 0.5, count: 2, n: 4 });
    expect(k.disputeRate).toEqual({ value: 0.25, count: 1, n: 4 });
  });

  it('has no contacted denominator when nothing was sent', () => {
    const k = computeKpis([account('a', [[0, placed(100)]])], asOf(10));
    expect(k.contactRate).toEqual({ value: 0, count: 0, n: 1 });
    expect(k.replyRate).toEqual({ value: null, count: 0, n: 0 });
  });
});

describe('delivery, bounce and complaint rates', () => {
  const report = (type: 'delivery-delivered' | 'delivery-bounced' | 'delivery-failed', extra: Partial<Record<string, unknown>> = {}) =>
    ({ type, touchId: 't', messageId: `m-${type}-${JSON.stringify(extra)}`, channel: 'email', ...extra }) as Fact;
  const accounts = [
    account('a', [
      [0, placed(100)],
      [0, sent('email', 1)],
      [0, report('delivery-delivered')],
      [1, sent('email', 2)],
      [1, report('delivery-bounced', { bounceType: 'permanent', detail: 'General' })],
    ]),
    account('b', [
      [0, placed(100)],
      [0, sent('email', 1)],
      [0, report('delivery-bounced', { bounceType: 'transient', detail: 'MailboxFull' })],
      [0, sent('sms', 1)],
      [0, report('delivery-delivered', { channel: 'sms' })],
      [1, sent('sms', 2)],
      [1, report('delivery-failed', { channel: 'sms', status: 'TEXT_UNREACHABLE', permanent: true })],
    ]),
    account('c', [
      [0, placed(100)],
      [0, sent('email', 1)],
      [0, report('delivery-delivered')],
      [1, { type: 'delivery-complained', touchId: 't', messageId: 'm', channel: 'email', detail: 'abuse' }],
      [1, sent('sms', 1)],
      [1, { type: 'sms-carrier-opt-out', touchId: 't', messageId: 'm2', channel: 'sms', status: 'TEXT_BLOCKED' }],
    ]),
    // Sent without a report: in the emails sent, in no delivery count.
    account('d', [
      [0, placed(100)],
      [0, sent('email', 1)],
    ]),
  ];

  it('delivery rate: delivered ÷ messages with a final report; bounce and complaint rates: ÷ emails sent', () => {
    const k = computeKpis(accounts, asOf(10));
    // Reports: a delivered, a bounced; b bounced (transient), delivered, failed; c delivered, blocked. The complaint is not one.
    expect(k.deliveryRate).toEqual({ value: 3 / 7, count: 3, n: 7 });
    expect(k.bounceRate).toEqual({ value: 1 / 5, count: 1, n: 5 });
    expect(k.complaintRate).toEqual({ value: 1 / 5, count: 1, n: 5 });
    // A complaint and a carrier block are opt-outs.
    expect(k.optOutRate).toEqual({ value: 1 / 4, count: 1, n: 4 });
  });

  it('has no delivery rate before any report', () => {
    const k = computeKpis([accounts[3]!], asOf(10));
    expect(k.deliveryRate).toEqual({ value: null, count: 0, n: 0 });
    expect(k.bounceRate).toEqual({ value: 0, count: 0, n: 1 });
  });
});

describe('promise-kept rate', () => {
  // Report time: day 18 from T0 (2026-03-20T14:00Z). Deadline = end of the promised UTC day + 2 days.
  const accounts = [
    // Kept within the grace: paid 2026-03-07T23:00Z for a promise of 03-05.
    account('kept', [
      [0, placed(100)],
      [1, reply('promise', '2026-03-05')],
      [5.375, paid(100)],
    ]),
    // Paid a little after the grace: due, not kept.
    account('late', [
      [0, placed(100)],
      [1, reply('promise', '2026-03-05')],
      [5.42, paid(100)],
    ]),
    // Never paid, deadline long past: due, not kept.
    account('broken', [
      [0, placed(100)],
      [1, reply('promise', '2026-03-05')],
    ]),
    // Deadline 2026-03-19T23:59:59.999Z, before the report time: due.
    account('just-due', [
      [0, placed(100)],
      [10, reply('promise', '2026-03-17')],
    ]),
    // Not yet due (deadline 03-21) and not paid: pending, in neither count.
    account('pending', [
      [0, placed(100)],
      [15, reply('promise', '2026-03-19')],
    ]),
    // Not yet due but already paid: kept.
    account('early', [
      [0, placed(100)],
      [15, reply('promise', '2026-03-19')],
      [16, paid(100)],
    ]),
    // A newer promise replaced the first before its deadline: only the newer one counts, and it was kept.
    account('replaced', [
      [0, placed(100)],
      [6, reply('promise', '2026-03-10')],
      [7, reply('promise', '2026-03-12')],
      [10, paid(100)],
    ]),
    // A promise reply without a date is no promise.
    account('vague', [
      [0, placed(100)],
      [1, reply('promise')],
    ]),
  ];

  it('divides promises paid on time by promises due', () => {
    const k = computeKpis(accounts, asOf(18));
    expect(k.promiseKeptRate).toEqual({ value: 3 / 6, count: 3, n: 6, pending: 1 });
  });

  it('is null while no promise is due yet', () => {
    const k = computeKpis(
      [
        account('pending', [
          [0, placed(100)],
          [15, reply('promise', '2026-03-19')],
        ]),
      ],
      asOf(18),
    );
    expect(k.promiseKeptRate).toEqual({ value: null, count: 0, n: 0, pending: 1 });
  });

  it('takes the grace from the options', () => {
    const k = computeKpis([accounts[1]!], asOf(18), { promiseGraceDays: 3 });
    expect(k.promiseKeptRate).toMatchObject({ count: 1, n: 1 });
  });
});

describe('plan completion and CSAT', () => {
  it('keep their fields, null with n = 0, while there are no plans and no survey answers', () => {
    const k = computeKpis(
      [
        account('a', [
          [0, placed(100)],
          [0, sent()],
          [1, paid(100)],
          [1, resolved()],
        ]),
      ],
      asOf(5),
    );
    expect(k.planCompletionRate).toEqual({ value: null, count: 0, n: 0 });
    expect(k.csat).toEqual({ mean: null, n: 0 });
  });

  it('plan completion is plans completed ÷ plans decided: broken, replaced and closed plans count, running ones do not', () => {
    const plan = (instalments = 3): Fact => ({
      type: 'plan-agreed',
      instalments,
      intervalDays: 14,
      instalmentMinor: Math.ceil(300 / instalments),
      totalMinor: 300,
      firstDueOn: '2026-03-09',
      graceDays: 3,
      maxMisses: 2,
      reminderDaysBefore: 3,
    });
    const missed = (instalment: number): Fact => ({ type: 'plan-instalment-missed', instalment, dueOn: '2026-03-09' });
    const accounts = [
      // Paid off under the plan, then resolved as paid by plan: completed.
      account('completed', [
        [0, placed(300)],
        [1, plan()],
        [7, paid(100)],
        [21, paid(100)],
        [35, paid(100)],
        [36, { type: 'resolved', outcome: 'payment-plan' }],
      ]),
      // Two instalments missed: broken, even though the balance is paid later.
      account('broken', [
        [0, placed(300)],
        [1, plan()],
        [7, paid(100)],
        [25, missed(2)],
        [39, missed(3)],
        [39, { type: 'plan-broken', misses: 2 }],
        [45, paid(200)],
      ]),
      // The creditor agreed a longer plan in place of the first: the first was replaced; the second still runs.
      account('replaced', [
        [0, placed(300)],
        [1, plan()],
        [10, plan(6)],
        [14, paid(50)],
      ]),
      // Recalled while the plan ran: decided, not completed.
      account('recalled', [
        [0, placed(300)],
        [1, plan()],
        [7, paid(100)],
        [20, { type: 'recalled', forced: true }],
        [20, { type: 'resolved', outcome: 'recalled' }],
      ]),
      // Still paying on schedule: running.
      account('running', [
        [0, placed(300)],
        [1, plan()],
        [7, paid(100)],
      ]),
      // Paid in full without a plan: no plan at all.
      account('no-plan', [
        [0, placed(300)],
        [1, paid(300)],
        [1, resolved()],
      ]),
    ];
    expect(computeKpis(accounts, asOf(50)).planCompletionRate).toEqual({ value: 1 / 4, count: 1, n: 4 });
    // Before the plans were decided, they were all running.
    expect(computeKpis(accounts, asOf(5)).planCompletionRate).toEqual({ value: null, count: 0, n: 0 });
  });

  it('CSAT is the mean of the survey answers, which do not count as replies', () => {
    const survey = (score: number): Fact => ({
      type: 'reply-received',
      channel: 'sms',
      intent: 'csat',
      csat: score,
      messageId: `s${score}`,
    });
    const k = computeKpis(
      [
        account('a', [
          [0, placed(100)],
          [0, sent()],
          [1, paid(100)],
          [1, resolved()],
          [2, sent('email', 2)],
          [3, survey(5)],
        ]),
        account('b', [
          [0, placed(100)],
          [0, sent()],
          [1, paid(100)],
          [1, resolved()],
          [2, sent('email', 2)],
          [3, survey(2)],
        ]),
        account('c', [
          [0, placed(100)],
          [0, sent()],
          [1, paid(100)],
          [1, resolved()],
          [2, sent('email', 2)],
          [3, survey(9)],
        ]),
      ],
      asOf(5),
    );
    expect(k.csat).toEqual({ mean: 3.5, n: 2 });
    expect(k.replyRate).toEqual({ value: 0, count: 0, n: 3 });
  });
});

describe('cost per dollar collected', () => {
  const prices: PriceTable = {
    currency: 'USD',
    recorded: 'test',
    email: { perMessage: 0.01 },
    sms: { perPart: 0.1, carrierFeePerPart: 0.05, partsPerMessage: 2 },
    stepFunctions: { perStateTransition: 0.001 },
    lambda: { perRequest: 0, perGbSecond: 0, memoryGb: 0.5, averageDurationMs: 100 },
    dynamodb: { perWriteRequestUnit: 0, perReadRequestUnit: 0 },
  };
  const accounts = [
    account(
      'a',
      [
        [0, placed(10_000)],
        [0, sent('email')],
        [1, sent('sms')],
        [2, paid(5_000)],
      ],
      10,
    ),
    account(
      'b',
      [
        [0, placed(10_000)],
        [0, sent('email')],
        [0, { type: 'touch-suppressed', touchId: 't', stage: 'SoftReminder', channel: 'sms', reason: 'x' }],
      ],
      20,
    ),
  ];

  it('adds messages at list price and measured transitions, and divides by dollars collected', () => {
    const k = computeKpis(accounts, asOf(10), { prices });
    const cost = k.costPerDollarCollected.cost;
    expect(cost).toMatchObject({ emailsSent: 2, textsSent: 1, stateTransitions: 30, transitionsMeasuredFor: 2 });
    expect(cost.email).toBeCloseTo(0.02, 12);
    expect(cost.sms).toBeCloseTo(0.3, 12);
    expect(cost.stepFunctions).toBeCloseTo(0.03, 12);
    expect(cost.total).toBeCloseTo(0.35, 12);
    expect(k.costPerDollarCollected.collected).toBe(50);
    expect(k.costPerDollarCollected.value).toBeCloseTo(0.35 / 50, 12);
  });

  it('estimates transitions, Lambda and DynamoDB use from the events when not measured', () => {
    const unmeasured = accounts.map(({ events }) => ({ events }));
    const priced: PriceTable = {
      ...prices,
      lambda: { perRequest: 1, perGbSecond: 10, memoryGb: 0.5, averageDurationMs: 100 },
      dynamodb: { perWriteRequestUnit: 1, perReadRequestUnit: 2 },
    };
    const k = computeKpis(unmeasured, asOf(10), { prices: priced });
    const usage = [estimateUsage(accounts[0]!.events), estimateUsage(accounts[1]!.events)];
    const total = (key: keyof (typeof usage)[0]): number => usage[0]![key] + usage[1]![key];
    const cost = k.costPerDollarCollected.cost;
    expect(cost.transitionsMeasuredFor).toBe(0);
    expect(cost.stateTransitions).toBe(total('stateTransitions'));
    expect(cost.lambdaInvocations).toBe(total('lambdaInvocations'));
    expect(cost.lambda).toBeCloseTo(total('lambdaInvocations') * (1 + 0.5 * 0.1 * 10), 9);
    expect(cost.dynamodb).toBeCloseTo(total('dynamoWrites') + 2 * total('dynamoReads'), 9);
    // placed + 2 touches sent + payment, by the table.
    expect(usage[0]!.lambdaInvocations).toBe(
      USAGE_PER_EVENT.placed!.lambdaInvocations +
        2 * USAGE_PER_EVENT['touch-sent']!.lambdaInvocations +
        USAGE_PER_EVENT['payment-received']!.lambdaInvocations,
    );
  });

  it('uses the list prices recorded in the data file by default', () => {
    expect(DEFAULT_PRICES).toMatchObject({
      currency: 'USD',
      email: { perMessage: 0.0001 },
      sms: { perPart: 0.00581, carrierFeePerPart: 0.00302 },
      stepFunctions: { perStateTransition: 0.000025 },
      lambda: { perRequest: 0.0000002 },
      dynamodb: { perWriteRequestUnit: 0.000000625, perReadRequestUnit: 0.000000125 },
    });
    expect(DEFAULT_PRICES.recorded).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('recovery curve and stage funnel', () => {
  it('is cumulative collected ÷ placed by day since placement, over accounts old enough for that day', () => {
    const accounts = [
      account('a', [
        [0, placed(1_000)],
        [0.5, paid(500)],
      ]),
      account('b', [
        [0, placed(1_000)],
        [3.2, paid(1_000)],
      ]),
      // Placed on day 3: part of days 0–2 of the curve only (it is 2 days old at the report time).
      account('c', [
        [3, placed(2_000)],
        [3.1, paid(2_000)],
      ]),
    ];
    const curve = recoveryCurve(accounts, asOf(5));
    expect(curve.map((p) => p.day)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(curve.map((p) => p.accounts)).toEqual([3, 3, 3, 2, 2, 2]);
    expect(curve.map((p) => p.value)).toEqual([2_500 / 4_000, 2_500 / 4_000, 2_500 / 4_000, 0.75, 0.75, 0.75]);
  });

  it('counts the accounts that reached each stage and that were resolved', () => {
    const stage = (s: 'SoftReminder' | 'Escalation' | 'Handoff' | 'ThirdParty'): Fact => ({ type: 'stage-entered', stage: s });
    const accounts = [
      account('a', [
        [0, placed(1)],
        [0, stage('SoftReminder')],
        [1, paid(1)],
        [1, resolved()],
      ]),
      account('b', [
        [0, placed(1)],
        [0, stage('SoftReminder')],
        [9, stage('Escalation')],
        [20, stage('Handoff')],
        [21, stage('ThirdParty')],
      ]),
      account('c', [
        [0, placed(1)],
        [0, stage('SoftReminder')],
        [9, stage('Escalation')],
      ]),
    ];
    expect(stageFunnel(accounts, asOf(30))).toEqual([
      { step: 'SoftReminder', accounts: 3 },
      { step: 'Escalation', accounts: 2 },
      { step: 'Handoff', accounts: 1 },
      { step: 'ThirdParty', accounts: 1 },
      { step: 'resolved', accounts: 1 },
    ]);
  });
});

describe('KPI definitions', () => {
  it('define every KPI once', () => {
    const keys = KPI_DEFINITIONS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'recoveryRate',
        'timeToResolution',
        'contactRate',
        'replyRate',
        'promiseKeptRate',
        'planCompletionRate',
        'optOutRate',
        'disputeRate',
        'deliveryRate',
        'bounceRate',
        'complaintRate',
        'costPerDollarCollected',
        'csat',
      ]),
    );
  });

  it('are the rows of the README table, in the same order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| KPI | definition |'));
    const lines = table.split('\n').slice(2);
    const rows = lines
      .slice(
        0,
        lines.findIndex((line) => !line.startsWith('| ')),
      )
      .map((line) => line.split('|')[1]!.trim().toLowerCase());
    expect(rows).toEqual(KPI_DEFINITIONS.map((d) => d.name.toLowerCase()));
  });
});

const assigned = (segment: string, variant: string): Fact => ({ type: 'variant-assigned', segment, variant });

describe('KPIs by strategy variant', () => {
  it('computes every KPI for each variant, with its sample size; accounts without an assignment are default', () => {
    const k = computeKpis(
      [
        account('a', [
          [0, placed(10_000)],
          [0, assigned('large', 'champion')],
          [1, sent()],
          [2, paid(10_000)],
        ]),
        account('b', [
          [0, placed(30_000)],
          [0, assigned('large', 'champion')],
          [1, sent()],
        ]),
        account('c', [
          [0, placed(20_000)],
          [0, assigned('large', 'sms-first')],
          [1, sent('sms')],
          [3, paid(5_000)],
        ]),
        account('d', [
          [0, placed(5_000)],
          [0, assigned('default', 'default')],
        ]),
        account('e', [[0, placed(5_000)]]),
      ],
      asOf(10),
    );
    expect(k.placed.accounts).toBe(5);
    expect(k.byVariant.map((v) => [v.label, v.kpis.placed.accounts, v.kpis.recoveryRate.value, v.kpis.contactRate.count])).toEqual([
      ['default', 2, 0, 0],
      ['large/champion', 2, 0.25, 2],
      ['large/sms-first', 1, 0.25, 1],
    ]);
    expect(k.byVariant[1]!.kpis.costPerDollarCollected.cost.emailsSent).toBe(2);
    expect(k.byVariant[2]!.kpis.recoveryRate.ci95).toBeNull();
    expect(k.variantComparisons).toEqual([
      {
        segment: 'large',
        groups: ['large/champion', 'large/sms-first'],
        verdict: 'not-enough-data',
        reason: `fewer than ${MIN_VARIANT_SAMPLE} accounts in large/champion (n=2), large/sms-first (n=1)`,
      },
    ]);
  });

  it('gives the recovery rate a delta-method interval for a ratio of sums', () => {
    // R = 300 / 1000 = 0.3; residuals y − R·x: 70, −30, −30, −10 → Σ² = 6800; Var = 6800 / 3 / 4 / 250² → se ≈ 0.0952
    const ci = ratioInterval([
      { x: 100, y: 100 },
      { x: 100, y: 0 },
      { x: 100, y: 0 },
      { x: 700, y: 200 },
    ])!;
    const se = Math.sqrt(6800 / 3 / 4) / 250;
    expect(ci[0]).toBeCloseTo(0.3 - 1.959964 * se, 6);
    expect(ci[1]).toBeCloseTo(0.3 + 1.959964 * se, 6);
    expect(ratioInterval([{ x: 100, y: 0 }])).toBeNull();
    expect(
      ratioInterval([
        { x: 100, y: 100 },
        { x: 100, y: 0 },
      ])![0],
    ).toBe(0);
    expect(
      computeKpis(
        [
          account('a', [
            [0, placed(100)],
            [1, paid(100)],
          ]),
          account('b', [[0, placed(100)]]),
        ],
        asOf(5),
      ).recoveryRate.ci95,
    ).toEqual(
      ratioInterval([
        { x: 100, y: 100 },
        { x: 100, y: 0 },
      ]),
    );
  });

  it('covers the true ratio about 95% of the time on a synthetic portfolio', () => {
    // Balances 100–1,000; a third pay in full: the true ratio is 1/3. A seeded mulberry32 keeps the check repeatable.
    let seed = 42;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    let covered = 0;
    const runs = 1000;
    for (let run = 0; run < runs; run += 1) {
      const pairs = Array.from({ length: 200 }, () => {
        const x = 100 + Math.floor(random() * 900);
        return { x, y: random() < 1 / 3 ? x : 0 };
      });
      const [lo, hi] = ratioInterval(pairs)!;
      if (lo <= 1 / 3 && 1 / 3 <= hi) covered += 1;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.97);
  });

  it('names a leader only with enough accounts and intervals that do not overlap', () => {
    const group = (label: string, n: number, value: number, ci95: [number, number]) => ({ label, n, value, ci95 });
    expect(compareRecovery([group('a', 29, 0.5, [0.45, 0.55]), group('b', 500, 0.1, [0.08, 0.12])])).toMatchObject({
      verdict: 'not-enough-data',
      reason: 'fewer than 30 accounts in a (n=29)',
    });
    expect(compareRecovery([group('a', 300, 0.3, [0.25, 0.35]), group('b', 300, 0.22, [0.18, 0.26])])).toEqual({
      groups: ['a', 'b'],
      verdict: 'not-enough-data',
      reason: 'the 95% intervals of a and b overlap',
    });
    expect(
      compareRecovery([group('a', 300, 0.2, [0.15, 0.25]), group('b', 300, 0.4, [0.35, 0.45]), group('c', 40, 0.1, [0, 0.3])]),
    ).toEqual({
      groups: ['a', 'b', 'c'],
      verdict: 'leader',
      leader: 'b',
      reason: "b's 95% interval lies above every other's",
    });
  });
});
