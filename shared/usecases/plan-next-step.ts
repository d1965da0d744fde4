// Plan: fold the account, decide, record what the decision establishes, and hand the workflow ids and numbers only.
import type { AccountRecord } from '../accounts/account.ts';
import type { AccountState } from '../accounts/fold.ts';
import { eventFromDraft, STAGES, type Channel, type EventDraft, type Outcome, type Stage } from '../accounts/events.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import { parseDecimalToMinor } from '../money.ts';
import type { AccountStore, CreditorStore } from '../ports.ts';
import { PermanentError } from '../errors.ts';
import { mailable } from '../accounts/account.ts';
import { decideNext, type HandoffPolicy, type PlanContext, type PlanDecision } from '../strategy/plan.ts';
import { paymentPlanTermsOf } from '../strategy/payment-plan.ts';
import { strategyFor } from '../strategy/segments.ts';
import { debtorContactOf } from '../accounts/contact-history.ts';
import { enrollAccount } from './enroll-account.ts';
import { loadAccount, requireProfile } from './load-account.ts';

/** What a plan can ask the workflow to do; the order is the workflow's too (PlanOutput.actionIndex). */
export const PLAN_ACTIONS = ['touch', 'wait', 'request-approval', 'resolve'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/**
 * What the Lifecycle state machine sees of a plan: no PII, only what its Act task needs. Every key is always there
 * (null when it does not apply), because one Act task passes them on whatever the action.
 */
export interface PlanOutput {
  action: PlanAction;
  /** The action's place in PLAN_ACTIONS: the Act task picks the function that carries it out by it (ASL has no lookup by key). */
  actionIndex: number;
  reason: string;
  /** The stage the account is in after this plan: a stage that ran out moves on within the plan itself. */
  stage: Stage;
  /** Event version this plan saw; a callback parked against it wakes on anything newer. */
  seenVersion: number;
  /** The Act callback's timeout: a touch's reply window, the time to the next allowed step, the approval timeout. */
  timeoutSeconds: number;
  touchId: string | null;
  channel: Channel | null;
  outcome: Outcome | null;
  /** Set on the plan that enrolled the account: the segment and strategy variant it follows. */
  enrolled?: { segment: string; variant: string };
}

/**
 * No callback waits longer than this before Plan looks again: a hold or a payment plan re-plans at least every 60
 * days, so a changed profile or a missed fact is picked up, for 2 transitions a time.
 */
export const MAX_CALLBACK_SECONDS = 60 * 86_400;
/** Resolve's callback resumes as soon as the outcome is recorded; if that resume were lost, Plan resolves again. */
const RESOLVE_TIMEOUT_SECONDS = 60;

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

/**
 * Plans the account's next step in the stage it is in (its last `stage-entered`; SoftReminder at first). A stage that
 * answers `advance` hands over to the next one within this plan, so moving on costs the workflow no state transitions.
 */
export async function planNextStep(deps: PlanDeps, input: { accountId: string }, now: Date): Promise<PlanOutput> {
  let account = await loadAccount(deps.store, input.accountId);
  // The first plan of an execution enrols the account (its placed event and strategy variant): no separate task,
  // one state transition less per account. Both facts are idempotent, so a retried first plan records them once.
  const enrolled = account.events.some((e) => e.type === 'placed') ? undefined : await enrollAccount(deps, input.accountId, now);
  if (enrolled) account = await loadAccount(deps.store, input.accountId);
  const profile = await requireProfile(deps.creditors, account.record.creditorId);
  let stage: Stage = account.state.stage ?? STAGES[0];
  // The plan's own facts advance the version; if nothing else slipped in between, the plan has seen them all.
  let seenVersion = account.version;
  const recordAll = async (drafts: readonly EventDraft[]): Promise<void> => {
    for (const draft of drafts) {
      const result = await deps.store.appendEvent(eventFromDraft(input.accountId, now, draft));
      if (result.status === 'recorded' && result.seq === seenVersion + 1) seenVersion = result.seq;
    }
  };
  for (;;) {
    const { record, state } = account;
    const { decision, record: drafts } = decideNext(state, planContextFor(record, profile, state, stage, now));
    if (decision.action !== 'advance') {
      await recordAll(drafts);
      return planOutputOf(decision, { stage, seenVersion, now, enrolled });
    }
    const next = STAGES[STAGES.indexOf(stage) + 1];
    if (next === undefined) throw new PermanentError(`Plan asked to advance past the last stage (${decision.reason})`);
    stage = next;
    await recordAll([...drafts, { type: 'stage-entered', stage, key: `stage:${stage}` }]);
    // The next stage decides on everything recorded so far, its own entry included.
    account = await loadAccount(deps.store, input.accountId);
    seenVersion = account.version;
  }
}

function planOutputOf(
  decision: Exclude<PlanDecision, { action: 'advance' }>,
  plan: { stage: Stage; seenVersion: number; now: Date; enrolled: { segment: string; variant: string } | undefined },
): PlanOutput {
  const { now, enrolled } = plan;
  const secondsUntil = (at: Date): number => Math.min(MAX_CALLBACK_SECONDS, Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)));
  const base = {
    action: decision.action,
    actionIndex: PLAN_ACTIONS.indexOf(decision.action),
    reason: decision.reason,
    stage: plan.stage,
    seenVersion: plan.seenVersion,
    touchId: null,
    channel: null,
    outcome: null,
    ...(enrolled ? { enrolled: { segment: enrolled.segment, variant: enrolled.variant } } : {}),
  };
  switch (decision.action) {
    case 'touch':
      return {
        ...base,
        touchId: decision.touchId,
        channel: decision.channel,
        timeoutSeconds: secondsUntil(decision.replyWindowUntil),
      };
    case 'wait':
    case 'request-approval':
      return { ...base, timeoutSeconds: secondsUntil(decision.until) };
    case 'resolve':
      return { ...base, outcome: decision.outcome, timeoutSeconds: RESOLVE_TIMEOUT_SECONDS };
  }
}
