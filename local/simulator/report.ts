// What a simulation produced, per account and in sum, built from the recorded events and the execution histories.
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { foldAccount, type AccountState } from '../../shared/accounts/fold.ts';
import { minorToDecimal } from '../../shared/money.ts';
import { computeKpis, variantLabel, type Kpis } from '../../shared/reports/kpis.ts';
import { DEFAULT_VARIANT } from '../../shared/strategy/segments.ts';
import type { LocalPlatform } from '../platform.ts';

export interface AccountReport {
  accountRef: string;
  accountId: string;
  /** The debtor's persona, or its segment of the debtor model. */
  persona: string;
  /** The strategy variant the account followed: `default`, or `segment/variant`. */
  variant: string;
  /** Outcome when resolved, or the hold the account is parked at (e.g. "hold:dispute"), or "active". */
  outcome: string;
  stage: string | null;
  execution: { name: string; status: string };
  transitions: number;
  touches: { sent: number; suppressed: number };
  collected: string;
  events: AccountEvent[];
}

export interface OutboxLine {
  at: string;
  accountRef: string;
  channel: 'email' | 'sms';
  status: 'sent' | 'suppressed';
  stage: string;
  touchId: string;
  template?: string;
  reason?: string;
}

export interface SimulationReport {
  startedAt: string;
  endedAt: string;
  accounts: AccountReport[];
  summary: {
    placed: number;
    resolved: number;
    held: number;
    active: number;
    outcomes: Record<string, number>;
    placedAmount: string;
    collected: string;
    recoveryRate: number;
    messagesSent: number;
    messagesSuppressed: number;
    stateTransitions: number;
    transitionsPerTouch: number;
    /** The actions that came in, by the door they came through (see `countActionsByDoor`). */
    actionsByDoor: Record<Door, number>;
    /** Outcomes and recovery by strategy variant, with n and the recovery rate's 95% interval (the detail is in `kpis`). */
    byVariant: VariantSummary[];
  };
  /** Every KPI, overall and by variant (shared/reports/kpis.ts), as of the end of the run. */
  kpis: Kpis;
  outbox: OutboxLine[];
  /** Validation notices mailed as letters (their HTML is in the platform's letter outbox). */
  letters: LetterLine[];
}

export interface LetterLine {
  at: string;
  accountRef: string;
  letterId: string;
  providerId: string;
  /** YYYY-MM-DD: the validation period runs from it. */
  expectedDeliveryDate: string;
  validationEndsOn: string;
}

export interface VariantSummary {
  variant: string;
  accounts: number;
  outcomes: Record<string, number>;
  recoveryRate: number | null;
  recoveryRateCi95: [number, number] | null;
}

export async function buildReport(
  platform: LocalPlatform,
  ctx: { creditorId: string; refByAccount: Map<string, string>; personas: Map<string, string>; start: Date; reachedAt: Date },
): Promise<SimulationReport> {
  const accounts: AccountReport[] = [];
  const outbox: OutboxLine[] = [];
  const letters: LetterLine[] = [];
  // One portfolio, one currency: the creditor's placements are summed in it.
  let currency = 'USD';
  let placedMinor = 0;
  let collectedMinor = 0;
  for (const [accountId, accountRef] of ctx.refByAccount) {
    const history = await platform.store.loadHistory(accountId);
    if (!history) continue; // rejected at ingest: the acknowledgement says why
    const state = foldAccount(accountId, history.events);
    const execution = platform.stepFunctions.execution('Lifecycle', accountId);
    const events = [...history.events].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    currency = state.currency;
    placedMinor += state.placedBalanceMinor;
    collectedMinor += state.collectedMinor;
    for (const e of events) {
      if (e.type === 'validation-letter-mailed') {
        const { at, letterId, providerId, expectedDeliveryDate, validationEndsOn } = e;
        letters.push({ at, accountRef, letterId, providerId, expectedDeliveryDate, validationEndsOn });
      }
      if (e.type !== 'touch-sent' && e.type !== 'touch-suppressed') continue;
      outbox.push({
        at: e.at,
        accountRef,
        channel: e.channel,
        status: e.type === 'touch-sent' ? 'sent' : 'suppressed',
        stage: e.stage,
        touchId: e.touchId,
        ...(e.type === 'touch-sent' ? { template: e.template } : { reason: e.reason }),
      });
    }
    accounts.push({
      accountRef,
      accountId,
      persona: ctx.personas.get(accountRef)!,
      variant: state.variant ? variantLabel(state.variant.segment, state.variant.variant) : DEFAULT_VARIANT,
      outcome: outcomeOf(state),
      stage: state.stage ?? null,
      execution: { name: accountId, status: execution?.status ?? 'NOT_STARTED' },
      transitions: execution?.transitions ?? 0,
      touches: {
        sent: state.attempts.filter((a) => a.status === 'sent').length,
        suppressed: state.attempts.filter((a) => a.status === 'suppressed').length,
      },
      collected: minorToDecimal(state.collectedMinor, state.currency),
      events,
    });
  }
  outbox.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.touchId.localeCompare(b.touchId)));
  const outcomes = countOutcomes(accounts);
  const kpis = computeKpis(accounts, ctx.reachedAt);
  const transitions = accounts.reduce((n, a) => n + a.transitions, 0);
  const sent = outbox.filter((o) => o.status === 'sent').length;
  return {
    startedAt: ctx.start.toISOString(),
    endedAt: ctx.reachedAt.toISOString(),
    accounts,
    summary: {
      placed: accounts.length,
      resolved: accounts.filter((a) => a.execution.status === 'SUCCEEDED').length,
      held: accounts.filter((a) => a.outcome.startsWith('hold:')).length,
      active: accounts.filter((a) => a.outcome === 'active').length,
      outcomes,
      placedAmount: minorToDecimal(placedMinor, currency),
      collected: minorToDecimal(collectedMinor, currency),
      recoveryRate: placedMinor === 0 ? 0 : Math.round((collectedMinor / placedMinor) * 10_000) / 10_000,
      messagesSent: sent,
      messagesSuppressed: outbox.length - sent,
      stateTransitions: transitions,
      transitionsPerTouch: sent === 0 ? 0 : Math.round((transitions / sent) * 100) / 100,
      actionsByDoor: countActionsByDoor(accounts.flatMap((a) => a.events)),
      byVariant: kpis.byVariant.map((v) => ({
        variant: v.label,
        accounts: v.kpis.placed.accounts,
        outcomes: countOutcomes(accounts.filter((a) => a.variant === v.label)),
        recoveryRate: v.kpis.recoveryRate.value,
        recoveryRateCi95: v.kpis.recoveryRate.ci95,
      })),
    },
    kpis,
    outbox,
    letters: letters.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
  };
}

/** The ways an action reaches an account: a debtor's SMS or email reply, the debtor's page, the creditor's instruction file, a payment processor. */
export const DOORS = ['reply', 'page', 'instruction', 'processor'] as const;
export type Door = (typeof DOORS)[number];

/** Events only a row of a creditor instruction file records (the creditor's payments are told apart by their source). */
const INSTRUCTION_EVENTS: ReadonlySet<AccountEvent['type']> = new Set([
  'balance-adjusted',
  'dispute-resolved',
  'review-cleared',
  'recalled',
  'notice-received',
]);

/** The door an event's action came through, or undefined for what the platform did itself. */
export function doorOf(event: AccountEvent): Door | undefined {
  switch (event.type) {
    case 'reply-received':
      return event.channel === 'page' ? 'page' : 'reply';
    case 'opted-out':
      return event.via === 'page' ? 'page' : undefined;
    case 'inconvenient-times-set':
      return 'page';
    case 'payment-received':
      return event.source === 'processor' ? 'processor' : 'instruction';
    case 'handoff-approved':
    case 'handoff-declined':
      return event.by === 'creditor' ? 'instruction' : undefined;
    default:
      return INSTRUCTION_EVENTS.has(event.type) ? 'instruction' : undefined;
  }
}

/**
 * Actions by door. One message is one action, though a reply that says two things records an event for each; a page
 * form records one event per submission.
 */
export function countActionsByDoor(events: readonly AccountEvent[]): Record<Door, number> {
  const counts = Object.fromEntries(DOORS.map((d) => [d, 0])) as Record<Door, number>;
  const messages = new Set<string>();
  for (const event of events) {
    const door = doorOf(event);
    if (!door) continue;
    if (event.type === 'reply-received') {
      const message = `${event.accountId}|${event.channel}|${event.messageId}`;
      if (messages.has(message)) continue;
      messages.add(message);
    }
    counts[door] += 1;
  }
  return counts;
}

function countOutcomes(accounts: readonly AccountReport[]): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const a of accounts) outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
  return outcomes;
}

function outcomeOf(state: AccountState): string {
  if (state.status === 'resolved') return state.outcome ?? 'resolved';
  if (state.disputed) return 'hold:dispute';
  return 'active';
}
