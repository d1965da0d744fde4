// The creditor's daily outbox files, as pure builders: one day's status, remittance and KPI files from the accounts'
// events, the day running midnight to midnight in the creditor's reporting time zone. Only events up to the end of
// the day count, so the files of a day never change once it is over.
import { orderEvents, type AccountEvent } from '../accounts/events.ts';
import { applyEvent, initialState, type AccountState } from '../accounts/fold.ts';
import { zoneClock, type ZoneClock } from '../compliance/zone-clock.ts';
import { minorToDecimal } from '../money.ts';
import type { PlanDecision } from '../strategy/plan.ts';
import { toCsv } from './csv.ts';
import { KPI_DEFINITIONS, type Kpis, type PortfolioKpis } from './kpis.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** A resolved account stays on the status file for this many days, its day of resolution included. */
export const RESOLVED_LISTED_DAYS = 7;

/** Where each daily file goes: creditors/{creditorId}/outbox/daily/{kind}-{day}.{csv|json}. */
export const DAILY_FOLDER = 'daily';

export interface ReportDay {
  /** YYYY-MM-DD, in the reporting time zone. */
  day: string;
  /** The creditor's reporting time zone (IANA): the dates in the files are its dates. */
  timeZone: string;
  /** The day's first instant: local midnight. */
  start: Date;
  /** The last millisecond of the day: the files' "as of". */
  asOf: Date;
}

/** The local day `day` (YYYY-MM-DD) in `timeZone`, as instants. A day with a DST change has 23 or 25 hours. */
export function reportDay(day: string, timeZone = 'UTC'): ReportDay {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  if (!DAY_FORMAT.test(day) || Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) {
    throw new Error(`"${day}" is not a day: expected YYYY-MM-DD`);
  }
  const clock = clockOf(timeZone);
  return {
    day,
    timeZone,
    start: new Date(startOfLocalDay(clock, midnight)),
    asOf: new Date(startOfLocalDay(clock, midnight + DAY_MS) - 1),
  };
}

/** The date (YYYY-MM-DD) of an instant in the report's time zone. */
export function dateIn(day: ReportDay, at: string): string {
  return new Date(clockOf(day.timeZone).localAt(Date.parse(at))).toISOString().slice(0, 10);
}

/**
 * The local day in `timeZone` that ended within the hour before `at`, if one did: an hourly run reports each
 * creditor once a day, just after its own midnight (even where DST skips or repeats the hour after midnight).
 */
export function dayEndedWithinHourBefore(at: Date, timeZone = 'UTC'): string | undefined {
  const clock = clockOf(timeZone);
  const hourBefore = at.getTime() - HOUR_MS;
  const dayOf = (t: number): number => Math.floor(clock.localAt(t) / DAY_MS);
  return dayOf(at.getTime()) > dayOf(hourBefore) ? new Date(dayOf(hourBefore) * DAY_MS).toISOString().slice(0, 10) : undefined;
}

function clockOf(timeZone: string): ZoneClock {
  const clock = zoneClock(timeZone);
  if (!clock) throw new Error(`"${timeZone}" is not a time zone this runtime knows`);
  return clock;
}

/**
 * The first instant whose local date is the civil day starting at `localMidnight` (ms on the UTC axis): local
 * midnight, or the first instant after it where DST skips midnight.
 */
function startOfLocalDay(clock: ZoneClock, localMidnight: number): number {
  // Two passes find the offset in force at that local time; a skipped midnight lands just after the gap.
  let t = localMidnight - clock.offsetAt(localMidnight);
  t = localMidnight - clock.offsetAt(t);
  while (clock.localAt(t) < localMidnight) t += clock.nextChangeAfter(t) - t;
  // Step back over a repeated hour: the earliest instant of the day counts.
  while (clock.localAt(t - HOUR_MS) >= localMidnight) t -= HOUR_MS;
  return t;
}

export function dailyFileName(kind: 'status' | 'remittance' | 'kpis', day: string, extension: 'csv' | 'json'): string {
  return `${kind}-${day}.${extension}`;
}

/**
 * A payment the fold counted as collected (a payment after resolution is not), or one taken back (a refund, a lost
 * chargeback: a negative amount, with source "refund" or "chargeback" and the payment's reference).
 */
export interface CollectedPayment {
  at: string;
  amountMinor: number;
  source: string;
  reference: string;
}

/** One account as it stood at `asOf`. */
export interface AccountAsOf {
  state: AccountState;
  resolvedAt?: string;
  payments: CollectedPayment[];
}

/** Folds the events up to `asOf`; undefined when the account was not placed by then. */
export function accountAsOf(accountId: string, events: readonly AccountEvent[], asOf: Date): AccountAsOf | undefined {
  const until = asOf.getTime();
  const ordered = orderEvents(events.filter((e) => Date.parse(e.at) <= until));
  if (!ordered.some((e) => e.type === 'placed')) return undefined;
  let state = initialState(accountId);
  let resolvedAt: string | undefined;
  const payments: CollectedPayment[] = [];
  for (const event of ordered) {
    const before = state;
    state = applyEvent(state, event);
    if (state.status === 'resolved' && before.status !== 'resolved') resolvedAt = event.at;
    if (state.collectedMinor === before.collectedMinor) continue;
    if (event.type === 'payment-received' || event.type === 'payment-reversed') {
      payments.push({
        at: event.at,
        amountMinor: state.collectedMinor - before.collectedMinor,
        ...(event.type === 'payment-received'
          ? { source: event.source, reference: event.reference }
          : { source: event.reason, reference: event.paymentReference }),
      });
    }
  }
  return { state, ...(resolvedAt ? { resolvedAt } : {}), payments };
}

/** Open accounts, and those resolved within RESOLVED_LISTED_DAYS of the day, belong on its status file. */
export function listedOnStatus(account: AccountAsOf, day: ReportDay): boolean {
  if (account.state.status !== 'resolved') return true;
  const since = day.start.getTime() - (RESOLVED_LISTED_DAYS - 1) * DAY_MS;
  return account.resolvedAt !== undefined && Date.parse(account.resolvedAt) >= since;
}

export interface NextStep {
  /** send-email, send-sms, wait, await-creditor-approval, next-stage or resolve:{outcome}. */
  step: string;
  /** The planner's reason code: cadence, awaiting-reply, promise-pending, hold:dispute, outside-hours:…, … */
  reason: string;
  /** When the step is due or the wait ends (UTC, to the minute); empty for a hold, which waits for the creditor. */
  at: string;
}

/**
 * What the workflow does next, as the planner decides it at the end of the day. The planner is a pure function of
 * the events, the profile and the time, and every event wakes the workflow to plan again, so this is the decision
 * the workflow is acting on (a hold aside: Plan only re-checks it, the creditor's answer ends it).
 */
export function nextStepOf(decision: PlanDecision, asOf: Date): NextStep {
  switch (decision.action) {
    case 'touch':
      return { step: `send-${decision.channel}`, reason: decision.reason, at: isoMinute(asOf) };
    case 'wait':
      return { step: 'wait', reason: decision.reason, at: decision.reason.startsWith('hold:') ? '' : isoMinute(decision.until) };
    case 'request-approval':
      return { step: 'await-creditor-approval', reason: decision.reason, at: isoMinute(decision.until) };
    case 'advance':
      return { step: 'next-stage', reason: decision.reason, at: isoMinute(asOf) };
    case 'resolve':
      return { step: `resolve:${decision.outcome}`, reason: decision.reason, at: isoMinute(asOf) };
  }
}

export const STATUS_HEADER = [
  'account_ref',
  'status',
  'stage',
  'balance',
  'collected',
  'currency',
  'last_touch_date',
  'last_touch_channel',
  'next_step',
  'next_step_reason',
  'next_step_at',
  'outcome',
  'resolved_on',
] as const;

export type CsvRow = Array<string | number>;

/** One status line: the account's reference (never the debtor's name or contact), where it stands and what is next. */
export function statusRow(accountRef: string, account: AccountAsOf, day: ReportDay, next?: NextStep): CsvRow {
  const { state } = account;
  const lastTouch = state.attempts.findLast((a) => a.status === 'sent');
  const resolved = state.status === 'resolved';
  return [
    accountRef,
    resolved ? 'resolved' : 'open',
    state.stage ?? '',
    minorToDecimal(Math.max(0, state.balanceMinor), state.currency),
    minorToDecimal(state.collectedMinor, state.currency),
    state.currency,
    lastTouch ? dateIn(day, lastTouch.at) : '',
    lastTouch?.channel ?? '',
    resolved ? '' : (next?.step ?? ''),
    resolved ? '' : (next?.reason ?? ''),
    resolved ? '' : (next?.at ?? ''),
    state.outcome ?? '',
    account.resolvedAt ? dateIn(day, account.resolvedAt) : '',
  ];
}

export const REMITTANCE_HEADER = ['account_ref', 'date', 'amount', 'currency', 'source', 'reference'] as const;

/** What was collected on the account during the day (the account is folded up to the day's end). */
export function paymentsOnDay(account: AccountAsOf, day: ReportDay): CollectedPayment[] {
  return account.payments.filter((p) => Date.parse(p.at) >= day.start.getTime());
}

/** One remittance line per payment. */
export function remittanceRows(accountRef: string, currency: string, payments: readonly CollectedPayment[], day: ReportDay): CsvRow[] {
  return payments.map((p) => [accountRef, dateIn(day, p.at), minorToDecimal(p.amountMinor, currency), currency, p.source, p.reference]);
}

export const KPI_HEADER = ['variant', 'kpi', 'name', 'value', 'count', 'n', 'definition'] as const;

type KpiKey = (typeof KPI_DEFINITIONS)[number]['key'];
type KpiCells = Array<{ suffix?: string; value: string; count?: number; n: number }>;

const ratio = (value: number | null, digits = 4): string => (value === null ? '' : value.toFixed(digits));
const rateCells = (rate: { value: number | null; count: number; n: number }): KpiCells => [
  { value: ratio(rate.value), count: rate.count, n: rate.n },
];

/** How each KPI becomes lines of the CSV: every KPI the module defines has one (the compiler checks). */
const KPI_CELLS: Record<KpiKey, (kpis: PortfolioKpis) => KpiCells> = {
  recoveryRate: (k) => [{ value: ratio(k.recoveryRate.value), n: k.recoveryRate.n }],
  payerRate: (k) => rateCells(k.payerRate),
  timeToResolution: (k) => [
    { suffix: 'medianDays', value: ratio(k.timeToResolution.medianDays, 1), n: k.timeToResolution.n },
    { suffix: 'p90Days', value: ratio(k.timeToResolution.p90Days, 1), n: k.timeToResolution.n },
  ],
  contactRate: (k) => rateCells(k.contactRate),
  replyRate: (k) => rateCells(k.replyRate),
  promiseKeptRate: (k) => rateCells(k.promiseKeptRate),
  planCompletionRate: (k) => rateCells(k.planCompletionRate),
  optOutRate: (k) => rateCells(k.optOutRate),
  disputeRate: (k) => rateCells(k.disputeRate),
  deliveryRate: (k) => rateCells(k.deliveryRate),
  bounceRate: (k) => rateCells(k.bounceRate),
  complaintRate: (k) => rateCells(k.complaintRate),
  costPerDollarCollected: (k) => [{ value: ratio(k.costPerDollarCollected.value), n: k.costPerDollarCollected.n }],
  csat: (k) => [{ value: ratio(k.csat.mean, 2), n: k.csat.n }],
};

/**
 * The KPI file: the portfolio totals, then one line per KPI (a rate with no sample is empty, never 0), for the whole
 * portfolio (variant `all`) and then for each strategy variant, each with its own sample size.
 */
export function kpiCsv(kpis: Kpis): string {
  const rows: CsvRow[] = [...kpiRows('all', kpis), ...kpis.byVariant.flatMap((v) => kpiRows(v.label, v.kpis))];
  return toCsv(KPI_HEADER, rows);
}

function kpiRows(variant: string, kpis: PortfolioKpis): CsvRow[] {
  const rows: CsvRow[] = [
    [variant, 'placed.accounts', 'Accounts placed', kpis.placed.accounts, '', '', 'Accounts placed by the end of the day.'],
    [
      variant,
      'placed.amount',
      `Balance placed (${kpis.currency})`,
      minorToDecimal(kpis.placed.amountMinor, kpis.currency),
      '',
      kpis.placed.accounts,
      'Sum of the placed balances.',
    ],
    [
      variant,
      'collected.amount',
      `Collected (${kpis.currency})`,
      minorToDecimal(kpis.collected.amountMinor, kpis.currency),
      '',
      kpis.placed.accounts,
      'Sum of the payments collected.',
    ],
  ];
  for (const { key, name, definition } of KPI_DEFINITIONS) {
    for (const cell of KPI_CELLS[key](kpis)) {
      rows.push([variant, cell.suffix ? `${key}.${cell.suffix}` : key, name, cell.value, cell.count ?? '', cell.n, definition]);
    }
  }
  return rows;
}

/** A KPI's headline value as a CloudWatch metric: rates in percent, the others as they are. */
export interface KpiMetric {
  name: string;
  unit: 'Percent' | 'None';
  value: number;
}

const percent = (value: number | null): KpiMetric['value'] | null => (value === null ? null : value * 100);
const KPI_HEADLINE: Record<KpiKey, (kpis: Kpis) => { unit: KpiMetric['unit']; value: number | null }> = {
  recoveryRate: (k) => ({ unit: 'Percent', value: percent(k.recoveryRate.value) }),
  payerRate: (k) => ({ unit: 'Percent', value: percent(k.payerRate.value) }),
  timeToResolution: (k) => ({ unit: 'None', value: k.timeToResolution.medianDays }),
  contactRate: (k) => ({ unit: 'Percent', value: percent(k.contactRate.value) }),
  replyRate: (k) => ({ unit: 'Percent', value: percent(k.replyRate.value) }),
  promiseKeptRate: (k) => ({ unit: 'Percent', value: percent(k.promiseKeptRate.value) }),
  planCompletionRate: (k) => ({ unit: 'Percent', value: percent(k.planCompletionRate.value) }),
  optOutRate: (k) => ({ unit: 'Percent', value: percent(k.optOutRate.value) }),
  disputeRate: (k) => ({ unit: 'Percent', value: percent(k.disputeRate.value) }),
  deliveryRate: (k) => ({ unit: 'Percent', value: percent(k.deliveryRate.value) }),
  bounceRate: (k) => ({ unit: 'Percent', value: percent(k.bounceRate.value) }),
  complaintRate: (k) => ({ unit: 'Percent', value: percent(k.complaintRate.value) }),
  costPerDollarCollected: (k) => ({ unit: 'None', value: k.costPerDollarCollected.value }),
  csat: (k) => ({ unit: 'None', value: k.csat.mean }),
};

/** One metric per KPI (Kpi + its key: KpiRecoveryRate, KpiTimeToResolution in median days, ...); n/a ones publish nothing. */
export function kpiMetrics(kpis: Kpis): KpiMetric[] {
  return KPI_DEFINITIONS.flatMap(({ key }) => {
    const { unit, value } = KPI_HEADLINE[key](kpis);
    return value === null ? [] : [{ name: `Kpi${key[0]!.toUpperCase()}${key.slice(1)}`, unit, value }];
  });
}

function isoMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}
