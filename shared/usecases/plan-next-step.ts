// Plan: fold the account, decide, record what the decision establishes, and hand the workflow ids and numbers only.
import type { AccountRecord } from '../accounts/account.ts';
import type { AccountState } from '../accounts/fold.ts';
import type { Channel, Outcome, Stage } from '../accounts/events.ts';
import { eventFromDraft } from '../accounts/events.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import { parseDecimalToMinor } from '../money.ts';
import type { AccountStore, CreditorStore } from '../ports.ts';
import { mailable } from '../accounts/account.ts';
import { decideNext, type HandoffPolicy, type PlanContext } from '../strategy/plan.ts';
import { paymentPlanTermsOf } from '../strategy/payment-plan.ts';
import { strategyFor } from '../strategy/segments.ts';
import { debtorContactOf } from '../accounts/contact-history.ts';
import { enrollAccount } from './enroll-account.ts';
import { loadAccount, requireProfile } from './load-account.ts';

/** What the Lifecycle state machine sees of a plan: no PII, only what its Choice and timeouts need. */
export interface PlanOutput {
  action: 'touch' | 'wait' | 'request-approval' | 'advance' | 'resolve';
  reason: string;
  stage: Stage;
  /** Event version this plan saw; a callback parked against it wakes on anything newer. */
  seenVersion: number;
  /** Await-until / approval timeout. */
  waitSeconds: number;
  /** Send's callback timeout: how long to listen for a reply before planning again. */
  replyWindowSeconds: number;
  touchId?: string;
  channel?: Channel;
  outcome?: Outcome;
  /** Set on the plan that enrolled the account: the segment and strategy variant it follows. */
  enrolled?: { segment: string; variant: string };
}

/**
 * No callback waits longer than this before Plan looks again: a hold or a payment plan re-plans at least every 60
 * days, so a changed profile or a missed fact is picked up, for 3 transitions a time.
 */
export const MAX_CALLBACK_SECONDS = 60 * 86_400;

export interface PlanDeps {
  store: AccountStore;
  creditors: CreditorStore;
}

export function handoffPolicyOf(profile: CreditorProfile, currency: string): HandoffPolicy {
  const { autoApproveBelow, approvalTimeoutDays, neverHandOffTiers } = profile.policy.handoff;
  return {
    approvalTimeoutDays,
    neverHandOffTiers,
    ...(autoApproveBelow ? { autoApproveBelowMinor: parseDecimalToMinor(autoApproveBelow, currency) } : {}),
  };
}

/** What the planner knows of an account besides its events: the creditor's strategy and policy, the debtor's reach. */
export function planContextFor(record: AccountRecord, profile: CreditorProfile, state: AccountState, stage: Stage, now: Date): PlanContext {
  return {
    now,
    stage,
    strategy: strategyFor(profile, state),
    handoff: handoffPolicyOf(profile, record.currency),
    paymentPlan: paymentPlanTermsOf(profile.policy.paymentPlan, record.currency),
    debtor: debtorContactOf(record),
    ...(record.debtor.customerTier ? { customerTier: record.debtor.customerTier } : {}),
    ...(profile.policy.contact ? { contactPolicy: profile.policy.contact } : {}),
    reachable: { email: Boolean(record.debtor.email), sms: Boolean(record.debtor.phone) },
    mailable: mailable(record),
  };
}

export async function planNextStep(deps: PlanDeps, input: { accountId: string; stage: Stage }, now: Date): Promise<PlanOutput> {
  let account = await loadAccount(deps.store, input.accountId);
  // The first plan of an execution enrols the account (its placed event and strategy variant): no separate task,
  // one state transition less per account. Both facts are idempotent, so a retried first plan records them once.
  const enrolled = account.events.some((e) => e.type === 'placed') ? undefined : await enrollAccount(deps, input.accountId, now);
  if (enrolled) account = await loadAccount(deps.store, input.accountId);
  const { record, state, version } = account;
  const profile = await requireProfile(deps.creditors, record.creditorId);
  const { decision, record: drafts } = decideNext(state, planContextFor(record, profile, state, input.stage, now));

  // The plan's own facts advance the version; if nothing else slipped in between, the plan has seen them all.
  let seenVersion = version;
  for (const draft of drafts) {
    const result = await deps.store.appendEvent(eventFromDraft(input.accountId, now, draft));
    if (result.status === 'recorded' && result.seq === seenVersion + 1) seenVersion = result.seq;
  }

  const secondsUntil = (at: Date): number => Math.min(MAX_CALLBACK_SECONDS, Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)));
  const base = {
    reason: decision.reason,
    stage: input.stage,
    seenVersion,
    waitSeconds: 1,
    replyWindowSeconds: 1,
    ...(enrolled ? { enrolled: { segment: enrolled.segment, variant: enrolled.variant } } : {}),
  };
  switch (decision.action) {
    case 'touch':
      return {
        ...base,
        action: 'touch',
        touchId: decision.touchId,
        channel: decision.channel,
        replyWindowSeconds: secondsUntil(decision.replyWindowUntil),
      };
    case 'wait':
    case 'request-approval':
      return { ...base, action: decision.action, waitSeconds: secondsUntil(decision.until) };
    case 'advance':
      return { ...base, action: 'advance' };
    case 'resolve':
      return { ...base, action: 'resolve', outcome: decision.outcome };
  }
}
