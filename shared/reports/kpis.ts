// Portfolio KPIs from account events alone, pure (no AWS SDK), for the simulator's report, the creditor's reports and
// the dashboard; their intervals are in statistics.ts and the cost estimate in cost.ts. Money is summed in integer
// minor units; one portfolio is one currency.
import { orderEvents, STAGES, type AccountEvent, type Stage } from '../accounts/events.ts';
import { applyEvent, initialState, isCleared, type AccountState } from '../accounts/fold.ts';
import { DEFAULT_SEGMENT, DEFAULT_VARIANT } from '../strategy/segments.ts';
import {
  costPerDollarCollected,
  DEFAULT_PRICES,
  estimateUsage,
  type CostFacts,
  type CostPerDollarCollected,
  type PriceTable,
} from './cost.ts';
import { percentile, ratioInterval, sum, wilson } from './statistics.ts';

const DAY = 86_400_000;
/**
 * Fewest accounts per variant before a comparison may name a leader: below it the normal approximation behind the
 * intervals is not to be trusted (a handful of all-or-nothing payments makes a skewed ratio).
 */
export const MIN_VARIANT_SAMPLE = 30;

export interface KpiAccount {
  events: readonly AccountEvent[];
  /** Step Functions state transitions measured for the account's executions; estimated from its events when absent. */
  transitions?: number;
}

/** A proportion with its sample: `value` is `count / n`, or null when n is 0. */
export interface Rate {
  value: number | null;
  count: number;
  n: number;
}

export interface CohortRecovery {
  /** Placement date (UTC, YYYY-MM-DD). */
  cohort: string;
  accounts: number;
  placedMinor: number;
  collectedMinor: number;
  value: number | null;
}

/** The KPIs of one group of accounts: the whole portfolio, or one strategy variant's share of it. */
export interface PortfolioKpis {
  asOf: string;
  currency: string;
  placed: { accounts: number; amountMinor: number };
  collected: { amountMinor: number };
  /**
   * Collected ÷ placed (amounts), overall and by placement cohort; n is the number of accounts placed; ci95 is the
   * delta-method interval of the ratio (see `ratioInterval`), null below 2 accounts.
   */
  recoveryRate: {
    value: number | null;
    n: number;
    placedMinor: number;
    collectedMinor: number;
    ci95: [number, number] | null;
    byCohort: CohortRecovery[];
  };
  /** Accounts that paid anything ÷ placed, with a 95% Wilson score interval. */
  payerRate: Rate & { ci95: [number, number] | null };
  /** Days from placement to resolution, resolved accounts only; percentiles interpolate linearly between ranks. */
  timeToResolution: { medianDays: number | null; p90Days: number | null; n: number };
  contactRate: Rate;
  replyRate: Rate;
  /** `pending` promises have neither been kept nor reached their deadline yet, and are in neither count. */
  promiseKeptRate: Rate & { pending: number };
  /**
   * Plans completed ÷ plans decided (see PlanOutcome): a plan still running is in neither count, as a promise not yet
   * due is not.
   */
  planCompletionRate: Rate;
  optOutRate: Rate;
  disputeRate: Rate;
  /** Messages the providers reported delivered ÷ messages they reported a final outcome for. */
  deliveryRate: Rate;
  /** Hard email bounces ÷ emails sent. */
  bounceRate: Rate;
  /** Spam complaints ÷ emails sent. */
  complaintRate: Rate;
  costPerDollarCollected: CostPerDollarCollected;
  /** Mean 1–5 score of satisfaction-survey answers; null with n = 0 while there are none. */
  csat: { mean: number | null; n: number };
}

export interface VariantKpis {
  segment: string;
  variant: string;
  /** `default`, or `segment/variant`. */
  label: string;
  kpis: PortfolioKpis;
}

/** Whether the recovery rates of some groups (a segment's variants, or whole what-if runs) name a leader. */
export interface RecoveryComparison {
  groups: string[];
  verdict: 'leader' | 'not-enough-data';
  leader?: string;
  reason: string;
}

export interface Kpis extends PortfolioKpis {
  /** The same KPIs for each strategy variant's accounts, in order of segment then variant. */
  byVariant: VariantKpis[];
  /** One comparison per segment that has two variants or more. */
  variantComparisons: Array<RecoveryComparison & { segment: string }>;
}

export interface KpiOptions {
  prices?: PriceTable;
  /** Days after the promised date that a payment still keeps the promise. */
  promiseGraceDays?: number;
}

/** What each KPI means, for the report's table and the README. */
export const KPI_DEFINITIONS = [
  {
    key: 'recoveryRate',
    name: 'Recovery rate',
    definition:
      'Amount collected ÷ balance placed, overall and by placement cohort (the date of the placed event); n = accounts placed; with a 95% interval for a ratio of sums (delta method).',
  },
  { key: 'payerRate', name: 'Payer rate', definition: 'Accounts that paid anything ÷ accounts placed, with a 95% Wilson score interval.' },
  {
    key: 'timeToResolution',
    name: 'Time to resolution',
    definition: 'Median and 90th percentile of the days from placement to resolution, resolved accounts only.',
  },
  { key: 'contactRate', name: 'Contact rate', definition: 'Accounts with at least one message sent (touch-sent) ÷ accounts placed.' },
  {
    key: 'replyRate',
    name: 'Reply rate',
    definition: 'Contacted accounts with at least one reply (survey answers aside) ÷ accounts contacted.',
  },
  {
    key: 'promiseKeptRate',
    name: 'Promise-kept rate',
    definition:
      'Promises (a promise reply with a date) paid by the promised date + 2 days grace ÷ promises due (deadline passed, or already kept); a promise replaced by a newer one before its deadline is not counted.',
  },
  {
    key: 'planCompletionRate',
    name: 'Plan completion rate',
    definition:
      'Payment plans completed (the balance cleared while the plan was in force) ÷ plans started and decided: completed, broken (too many missed instalments, or the schedule ran out), replaced by a newer plan, or ended by the account closing otherwise (e.g. recalled); plans still running are in neither count.',
  },
  {
    key: 'optOutRate',
    name: 'Opt-out rate',
    definition:
      'Contacted accounts that opted out of any channel (STOP reply, one-click unsubscribe, spam complaint or carrier opt-out) ÷ accounts contacted.',
  },
  { key: 'disputeRate', name: 'Dispute rate', definition: 'Contacted accounts with a dispute reply ÷ accounts contacted.' },
  {
    key: 'deliveryRate',
    name: 'Delivery rate',
    definition:
      'Messages (email and SMS) the provider reported delivered ÷ messages it reported a final outcome for: delivered, bounced, failed or blocked by the carrier. Messages without a report are in neither count.',
  },
  {
    key: 'bounceRate',
    name: 'Bounce rate',
    definition: 'Hard (permanent) email bounces ÷ emails sent, as SES measures it: SES reviews a sender whose bounce rate passes 5%.',
  },
  {
    key: 'complaintRate',
    name: 'Complaint rate',
    definition: 'Spam complaints ÷ emails sent, as SES measures it: SES reviews a sender whose complaint rate passes 0.1%.',
  },
  {
    key: 'costPerDollarCollected',
    name: 'Cost per dollar collected',
    definition:
      'Messages at list price (SES email; SMS parts + carrier fee) plus estimated infrastructure (state transitions, Lambda requests and duration, DynamoDB request units) ÷ amount collected.',
  },
  {
    key: 'csat',
    name: 'CSAT',
    definition: 'Mean score (1–5) of the answers to the satisfaction survey (replies with intent csat); n/a while there are none.',
  },
] as const satisfies ReadonlyArray<{ key: keyof Kpis; name: string; definition: string }>;

/**
 * How one agreed payment plan stands: `completed` when the balance was cleared while it was in force (the account then
 * resolves as payment-plan); `broken`, `replaced` by a newer plan, or `account-closed` (the account resolved another
 * way, e.g. recalled, while it ran) are decided without completing; `running` is not decided yet.
 */
export type PlanOutcome = 'completed' | 'broken' | 'replaced' | 'account-closed' | 'running';

/** One account's facts as the KPIs need them, up to `asOf`. */
export interface AccountFacts extends CostFacts {
  placedAt: number;
  /** The strategy variant recorded at enrollment; `default` for accounts without one. */
  segment: string;
  variant: string;
  cohort: string;
  placedMinor: number;
  currency: string;
  collectedMinor: number;
  /** What the fold counted, in order: a refund or lost chargeback is a negative amount. */
  payments: Array<{ at: number; amountMinor: number }>;
  resolvedAt?: number;
  stagesReached: Set<Stage>;
  contacted: boolean;
  replied: boolean;
  optedOut: boolean;
  disputed: boolean;
  /** The providers' reports on the account's messages (delivery events). */
  delivery: { reported: number; delivered: number; hardBounces: number; complaints: number };
  promises: Array<{ at: number; promiseDate: string }>;
  /** Each payment plan agreed, in order. */
  plans: PlanOutcome[];
  csatScores: number[];
}

/**
 * Folds one account's events up to `asOf` into what the KPIs need of it, a few hundred bytes: a report can keep the
 * facts of every account and let go of the events. Undefined when the account was not placed by then.
 */
export function accountFacts(account: KpiAccount, asOf: Date): AccountFacts | undefined {
  const until = asOf.getTime();
  const ordered = orderEvents(account.events.filter((e) => Date.parse(e.at) <= until));
  const placed = ordered.find((e) => e.type === 'placed');
  if (placed?.type !== 'placed') return undefined;
  const facts: AccountFacts = {
    placedAt: Date.parse(placed.at),
    segment: DEFAULT_SEGMENT,
    variant: DEFAULT_VARIANT,
    cohort: new Date(placed.at).toISOString().slice(0, 10),
    placedMinor: placed.balanceMinor,
    currency: placed.currency,
    collectedMinor: 0,
    payments: [],
    stagesReached: new Set(),
    contacted: false,
    replied: false,
    optedOut: false,
    disputed: false,
    delivery: { reported: 0, delivered: 0, hardBounces: 0, complaints: 0 },
    emailsSent: 0,
    textsSent: 0,
    promises: [],
    plans: [],
    csatScores: [],
    usage: estimateUsage(ordered),
    ...(typeof account.transitions === 'number' ? { measuredTransitions: account.transitions } : {}),
  };
  // The fold decides what counts as collected (e.g. nothing after resolution), so reports agree with the planner.
  let state = initialState(placed.accountId);
  for (const event of ordered) {
    const before = state;
    state = applyEvent(state, event);
    const at = Date.parse(event.at);
    if (state.collectedMinor !== before.collectedMinor) {
      facts.payments.push({ at, amountMinor: state.collectedMinor - before.collectedMinor });
    }
    if (state.status === 'resolved' && before.status !== 'resolved') facts.resolvedAt = at;
    trackPlans(facts.plans, before, state, event);
    switch (event.type) {
      case 'variant-assigned':
        facts.segment = event.segment;
        facts.variant = event.variant;
        break;
      case 'stage-entered':
        facts.stagesReached.add(event.stage);
        break;
      case 'touch-sent':
        facts.contacted = true;
        if (event.channel === 'email') facts.emailsSent += 1;
        else facts.textsSent += 1;
        break;
      case 'reply-received': {
        // A survey answer (intent csat, with its 1–5 score) is a rating, not a reply to collection.
        if (event.intent === 'csat') {
          if (event.csat !== undefined && event.csat >= 1 && event.csat <= 5) facts.csatScores.push(event.csat);
          break;
        }
        facts.replied = true;
        if (event.intent === 'stop') facts.optedOut = true;
        if (event.intent === 'dispute') facts.disputed = true;
        if (event.intent === 'promise' && event.promiseDate) facts.promises.push({ at, promiseDate: event.promiseDate });
        break;
      }
      case 'opted-out':
        facts.optedOut = true;
        break;
      case 'delivery-delivered':
      case 'delivery-bounced':
      case 'delivery-failed':
      case 'sms-carrier-opt-out':
        facts.delivery.reported += 1;
        if (event.type === 'delivery-delivered') facts.delivery.delivered += 1;
        if (event.type === 'delivery-bounced' && event.bounceType === 'permanent') facts.delivery.hardBounces += 1;
        if (event.type === 'sms-carrier-opt-out') facts.optedOut = true;
        break;
      case 'delivery-complained':
        facts.delivery.complaints += 1;
        facts.optedOut = true;
        break;
      default:
        break;
    }
  }
  facts.collectedMinor = state.collectedMinor;
  return facts;
}

export function computeKpis(accounts: readonly KpiAccount[], asOf: Date, options: KpiOptions = {}): Kpis {
  return kpisOf(
    accounts.flatMap((account) => accountFacts(account, asOf) ?? []),
    asOf,
    options,
  );
}

/** The KPIs of the accounts whose facts these are (see accountFacts), overall and by strategy variant. */
export function kpisOf(placed: readonly AccountFacts[], asOf: Date, options: KpiOptions = {}): Kpis {
  const groups = Map.groupBy(placed, (facts) => variantLabel(facts.segment, facts.variant));
  const byVariant = [...groups.values()]
    .map((members): VariantKpis => {
      const { segment, variant } = members[0]!;
      return { segment, variant, label: variantLabel(segment, variant), kpis: portfolioKpis(members, asOf, options) };
    })
    .sort((a, b) => compareSegments(a.segment, b.segment) || a.variant.localeCompare(b.variant));
  const segments = [...new Set(byVariant.map((v) => v.segment))];
  const variantComparisons = segments.flatMap((segment) => {
    const variants = byVariant.filter((v) => v.segment === segment);
    if (variants.length < 2) return [];
    return [{ segment, ...compareRecovery(variants.map((v) => ({ label: v.label, ...v.kpis.recoveryRate }))) }];
  });
  return { ...portfolioKpis(placed, asOf, options), byVariant, variantComparisons };
}

/** How reports name a variant: `default` for accounts no segment matched, `segment/variant` otherwise. */
export function variantLabel(segment: string, variant: string): string {
  return segment === DEFAULT_SEGMENT ? DEFAULT_VARIANT : `${segment}/${variant}`;
}

/** The default segment first, then the profile's segments by name. */
function compareSegments(a: string, b: string): number {
  return Number(b === DEFAULT_SEGMENT) - Number(a === DEFAULT_SEGMENT) || a.localeCompare(b);
}

function portfolioKpis(all: readonly AccountFacts[], asOf: Date, options: KpiOptions): PortfolioKpis {
  const prices = options.prices ?? DEFAULT_PRICES;
  const graceDays = options.promiseGraceDays ?? 2;
  const currency = all[0]?.currency ?? prices.currency;
  const placedMinor = sum(all.map((f) => f.placedMinor));
  const collectedMinor = sum(all.map((f) => f.collectedMinor));
  const contacted = all.filter((f) => f.contacted);

  const cohorts = Map.groupBy(all, (f) => f.cohort);
  const byCohort = [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([cohort, members]): CohortRecovery => {
      const p = sum(members.map((f) => f.placedMinor));
      const c = sum(members.map((f) => f.collectedMinor));
      return { cohort, accounts: members.length, placedMinor: p, collectedMinor: c, value: ratio(c, p) };
    });

  const payers = rate(all.filter((f) => f.collectedMinor > 0).length, all.length);
  const resolutionDays = all.flatMap((f) => (f.resolvedAt === undefined ? [] : [(f.resolvedAt - f.placedAt) / DAY]));
  const promises = promiseOutcomes(all, asOf.getTime(), graceDays);
  const csatScores = all.flatMap((f) => f.csatScores);
  const plans = all.flatMap((f) => f.plans);
  const emailsSent = sum(all.map((f) => f.emailsSent));

  return {
    asOf: asOf.toISOString(),
    currency,
    placed: { accounts: all.length, amountMinor: placedMinor },
    collected: { amountMinor: collectedMinor },
    recoveryRate: {
      value: ratio(collectedMinor, placedMinor),
      n: all.length,
      placedMinor,
      collectedMinor,
      ci95: ratioInterval(all.map((f) => ({ x: f.placedMinor, y: f.collectedMinor }))),
      byCohort,
    },
    payerRate: { ...payers, ci95: wilson(payers.count, payers.n) },
    timeToResolution: {
      medianDays: percentile(resolutionDays, 0.5),
      p90Days: percentile(resolutionDays, 0.9),
      n: resolutionDays.length,
    },
    contactRate: rate(contacted.length, all.length),
    replyRate: rate(contacted.filter((f) => f.replied).length, contacted.length),
    promiseKeptRate: { ...rate(promises.kept, promises.due), pending: promises.pending },
    planCompletionRate: rate(plans.filter((p) => p === 'completed').length, plans.filter((p) => p !== 'running').length),
    optOutRate: rate(contacted.filter((f) => f.optedOut).length, contacted.length),
    disputeRate: rate(contacted.filter((f) => f.disputed).length, contacted.length),
    deliveryRate: rate(sum(all.map((f) => f.delivery.delivered)), sum(all.map((f) => f.delivery.reported))),
    bounceRate: rate(sum(all.map((f) => f.delivery.hardBounces)), emailsSent),
    complaintRate: rate(sum(all.map((f) => f.delivery.complaints)), emailsSent),
    costPerDollarCollected: costPerDollarCollected(all, collectedMinor, currency, prices),
    csat: { mean: csatScores.length === 0 ? null : sum(csatScores) / csatScores.length, n: csatScores.length },
  };
}

/**
 * Names a leader only with enough data: every group has at least MIN_VARIANT_SAMPLE accounts and the best recovery
 * rate's 95% interval lies wholly above every other group's. Non-overlapping intervals is a stricter test than a
 * test of the difference, on purpose: a report should rather say "not enough data" than crown a lucky challenger.
 */
export function compareRecovery(
  groups: ReadonlyArray<{ label: string; n: number; value: number | null; ci95: [number, number] | null }>,
): RecoveryComparison {
  const labels = groups.map((g) => g.label);
  const small = groups.filter((g) => g.n < MIN_VARIANT_SAMPLE || g.ci95 === null || g.value === null);
  if (small.length > 0) {
    return {
      groups: labels,
      verdict: 'not-enough-data',
      reason: `fewer than ${MIN_VARIANT_SAMPLE} accounts in ${small.map((g) => `${g.label} (n=${g.n})`).join(', ')}`,
    };
  }
  const best = [...groups].sort((a, b) => b.value! - a.value!)[0]!;
  const overlapping = groups.filter((g) => g !== best && g.ci95![1] >= best.ci95![0]);
  if (overlapping.length > 0) {
    return {
      groups: labels,
      verdict: 'not-enough-data',
      reason: `the 95% intervals of ${best.label} and ${overlapping.map((g) => g.label).join(', ')} overlap`,
    };
  }
  return { groups: labels, verdict: 'leader', leader: best.label, reason: `${best.label}'s 95% interval lies above every other's` };
}

/** Cumulative collected ÷ placed by day since placement; day d counts only accounts placed at least d days before asOf. */
export function recoveryCurve(accounts: readonly KpiAccount[], asOf: Date): Array<{ day: number; value: number | null; accounts: number }> {
  const all = accounts.flatMap((a) => accountFacts(a, asOf) ?? []);
  if (all.length === 0) return [];
  const until = asOf.getTime();
  const maxDay = Math.floor(Math.max(...all.map((f) => until - f.placedAt)) / DAY);
  const curve: Array<{ day: number; value: number | null; accounts: number }> = [];
  for (let day = 0; day <= maxDay; day += 1) {
    const eligible = all.filter((f) => until - f.placedAt >= day * DAY);
    const placedMinor = sum(eligible.map((f) => f.placedMinor));
    const collectedMinor = sum(
      eligible.map((f) => sum(f.payments.filter((p) => Math.floor((p.at - f.placedAt) / DAY) <= day).map((p) => p.amountMinor))),
    );
    curve.push({ day, value: ratio(collectedMinor, placedMinor), accounts: eligible.length });
  }
  return curve;
}

export type FunnelStep = Stage | 'resolved';

/** Accounts placed that reached each stage, and that were resolved, by asOf. */
export function stageFunnel(accounts: readonly KpiAccount[], asOf: Date): Array<{ step: FunnelStep; accounts: number }> {
  const all = accounts.flatMap((a) => accountFacts(a, asOf) ?? []);
  return [
    ...STAGES.map((stage) => ({ step: stage, accounts: all.filter((f) => f.stagesReached.has(stage)).length })),
    { step: 'resolved' as const, accounts: all.filter((f) => f.resolvedAt !== undefined).length },
  ];
}

/** Follows the account's plans through one event, as the fold applied it (nothing changes after resolution). */
function trackPlans(plans: PlanOutcome[], before: AccountState, after: AccountState, event: AccountEvent): void {
  const agreed = event.type === 'plan-agreed' && after.paymentPlan !== before.paymentPlan;
  if (plans.at(-1) === 'running') {
    const last = plans.length - 1;
    if (agreed) plans[last] = 'replaced';
    else if (after.paymentPlan?.brokenAt !== undefined) plans[last] = 'broken';
    else if (isCleared(after)) plans[last] = 'completed';
    else if (after.status === 'resolved') plans[last] = 'account-closed';
  }
  if (agreed) plans.push('running');
}

function promiseOutcomes(all: readonly AccountFacts[], until: number, graceDays: number): { kept: number; due: number; pending: number } {
  let kept = 0;
  let due = 0;
  let pending = 0;
  for (const f of all) {
    f.promises.forEach((promise, i) => {
      // The deadline is the end of the promised (UTC) day plus the grace days.
      const deadline = Date.parse(`${promise.promiseDate}T00:00:00Z`) + (graceDays + 1) * DAY - 1;
      const next = f.promises[i + 1];
      // A reversal (negative) keeps no promise.
      const paidBy = (limit: number): boolean => f.payments.some((p) => p.amountMinor > 0 && p.at >= promise.at && p.at <= limit);
      // Replaced by a newer promise before its deadline, with no payment in between: the newer one counts instead.
      if (next && next.at <= deadline && !paidBy(next.at)) return;
      if (paidBy(deadline)) {
        kept += 1;
        due += 1;
      } else if (deadline <= until) {
        due += 1;
      } else {
        pending += 1;
      }
    });
  }
  return { kept, due, pending };
}

function rate(count: number, n: number): Rate {
  return { value: n === 0 ? null : count / n, count, n };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
