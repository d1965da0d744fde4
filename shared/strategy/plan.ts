// Planning is pure: given the folded account, the strategy, the policy and the time, say what happens next.
import type { AccountState } from '../accounts/fold.ts';
import { activePlan, applyEvent, attemptsInStage, isCleared, sentTemplateKind } from '../accounts/fold.ts';
import {
  CHANNELS,
  eventFromDraft,
  type Channel,
  type ContactStage,
  type EventDraft,
  type Outcome,
  type Stage,
} from '../accounts/events.ts';
import { parseTouchId, planTouchIdFor, touchIdFor } from '../accounts/touch-id.ts';
import { contactRequestFor, type DebtorContact } from '../accounts/contact-history.ts';
import { evaluateContact, type ContactPolicy } from '../compliance/evaluate.ts';
import { ruledState } from '../compliance/send-gate.ts';
import { answersPlanRequest, nextPlanStep, offerPlan, type PaymentPlanTerms } from './payment-plan.ts';
import type { StageCadence, Strategy } from './strategy.ts';

const DAY_MS = 86_400_000;
/** How soon Plan looks again when the rules allow no moment within their horizon. */
const MAX_RECHECK_DAYS = 14;

export interface HandoffPolicy {
  /** Balances below this (minor units) are handed off without asking the creditor. */
  autoApproveBelowMinor?: number;
  approvalTimeoutDays: number;
  /** Customer tiers the creditor never hands to a third party. */
  neverHandOffTiers?: readonly string[];
}

export interface PlanContext {
  now: Date;
  /** The workflow stage asking for a plan. */
  stage: Stage;
  strategy: Strategy;
  handoff: HandoffPolicy;
  /** The plan offered when the debtor asks to pay in instalments. */
  paymentPlan: PaymentPlanTerms;
  /** Where the debtor is (address, phone: the rules derive the time zones) and the times they said do not suit. */
  debtor: DebtorContact;
  /** The creditor's narrowing of the contact rules. */
  contactPolicy?: ContactPolicy;
  /** Channels the account has an address for. */
  reachable: Record<Channel, boolean>;
  /** A postal address a letter can go to: the validation notice by letter, when email cannot carry it. */
  mailable?: boolean;
  /** The creditor's segment for the account (placement column customer_tier). */
  customerTier?: string;
}

export type PlanDecision =
  | { action: 'touch'; touchId: string; channel: Channel; touchNumber: number; replyWindowUntil: Date; reason: string }
  | { action: 'wait'; until: Date; reason: string }
  | { action: 'request-approval'; until: Date; reason: string }
  | { action: 'advance'; reason: string }
  | { action: 'resolve'; outcome: Outcome; reason: string };

export interface Plan {
  decision: PlanDecision;
  /** Facts the decision establishes, to record before acting on it. */
  record: EventDraft[];
}

export type TouchPlan =
  | {
      kind: 'touch';
      touchId: string;
      touchNumber: number;
      dueAt: Date;
      /** Channels it may go out on, the cadence's preferred one first; opted-out channels are left out. */
      channels: Channel[];
      /** Preferred channels skipped because the debtor opted out of them. */
      optedOut: Channel[];
      windowDays: number;
    }
  | { kind: 'final-wait'; until: Date }
  | { kind: 'exhausted' };

/** The next touch of a contact stage under its cadence, and the channel it can go out on. */
export function planNextTouch(
  state: AccountState,
  stage: ContactStage,
  cadence: StageCadence,
  reachable: Record<Channel, boolean>,
  now: Date,
): TouchPlan {
  const attempts = attemptsInStage(state, stage);
  const last = attempts.at(-1);
  if (last && attempts.length >= cadence.maxTouches) {
    const until = new Date(Date.parse(last.at) + cadence.finalWaitDays * DAY_MS);
    return until <= now ? { kind: 'exhausted' } : { kind: 'final-wait', until };
  }
  const touchNumber = attempts.length + 1;
  const enteredAt = state.stage === stage && state.stageEnteredAt ? new Date(state.stageEnteredAt) : now;
  const cadenceDue = last ? Date.parse(last.at) + cadence.cadenceDays * DAY_MS : enteredAt.getTime();
  // A partial payment since the last touch is goodwill: the next touch waits twice the cadence from it.
  const paidSince = state.lastPaymentAt && (!last || state.lastPaymentAt > last.at) ? Date.parse(state.lastPaymentAt) : undefined;
  const dueAt = new Date(paidSince === undefined ? cadenceDue : Math.max(cadenceDue, paidSince + 2 * cadence.cadenceDays * DAY_MS));
  const preferred = cadence.channels[(touchNumber - 1) % cadence.channels.length]!;
  const ordered = [preferred, ...cadence.channels.filter((c) => c !== preferred)].filter((c) => reachable[c] && !state.unreachable[c]);
  return {
    kind: 'touch',
    touchId: touchIdFor(state.accountId, stage, touchNumber),
    touchNumber,
    dueAt,
    channels: ordered.filter((c) => !state.optedOut[c]),
    optedOut: ordered.filter((c) => state.optedOut[c]),
    windowDays: touchNumber >= cadence.maxTouches ? cadence.finalWaitDays : cadence.cadenceDays,
  };
}

export function decideNext(initial: AccountState, ctx: PlanContext): Plan {
  const record: EventDraft[] = [];
  let state = initial;
  const note = (draft: EventDraft): void => {
    record.push(draft);
    state = applyEvent(state, eventFromDraft(state.accountId, ctx.now, draft));
  };
  const done = (decision: PlanDecision): Plan => ({ decision, record });
  const { now } = ctx;

  if (state.status === 'resolved')
    return done({ action: 'resolve', outcome: state.outcome ?? 'uncollectible', reason: 'already-resolved' });
  if (isCleared(state)) return done(decideClosing(state, ctx));
  if (state.ceased) return done(decideCeaseNotice(state, ctx));
  if (state.recalled) return done({ action: 'resolve', outcome: 'recalled', reason: 'hard-stop:recall' });
  if (state.hardStop) return done({ action: 'resolve', outcome: state.hardStop, reason: `hard-stop:${state.hardStop}` });
  if (state.disputeWithdrawn) return done({ action: 'resolve', outcome: 'disputed', reason: 'dispute-withdrawn' });
  // Every address on file failed for good or reaches someone else: there is no one to write to.
  if (!CHANNELS.some((c) => ctx.reachable[c] && !state.unreachable[c])) {
    return done({ action: 'resolve', outcome: 'uncollectible', reason: 'no-contact-route' });
  }
  if (state.disputed) {
    return done({ action: 'wait', until: addDays(now, ctx.strategy.holdRecheckDays), reason: 'hold:dispute' });
  }
  if (state.reviewHold) {
    return done({ action: 'wait', until: addDays(now, ctx.strategy.holdRecheckDays), reason: 'hold:review' });
  }
  // A debtor who asked to pay in instalments gets the creditor's plan in a contact stage; an open plan outranks a promise.
  const planWanted = !activePlan(state) && state.planRequestedAt !== undefined && ctx.stage !== 'Handoff';
  if (state.promise && !activePlan(state) && !planWanted) {
    const deadline = addDays(new Date(`${state.promise.date}T23:59:59Z`), ctx.strategy.promiseGraceDays);
    if (now < deadline) return done({ action: 'wait', until: deadline, reason: 'promise-pending' });
    note({ type: 'promise-broken', promiseDate: state.promise.date, key: `promise-broken:${state.promise.date}` });
    // A broken promise moves a soft reminder on to escalation; later stages carry on with their cadence.
    if (ctx.stage === 'SoftReminder') return done({ action: 'advance', reason: 'promise-broken' });
  }
  if (state.stage !== ctx.stage) note({ type: 'stage-entered', stage: ctx.stage, key: `stage:${ctx.stage}` });

  if (ctx.stage === 'Handoff') return done(decideHandoff(state, ctx, note));

  const stage = ctx.stage;
  if (planWanted) note(offerPlan(state, ctx.paymentPlan, now));
  if (activePlan(state)) {
    const planned = decidePlanStep(() => state, stage, ctx, note);
    if (planned) return done(planned);
    // The plan broke: a soft reminder moves on to escalation; later stages carry on with their cadence.
    if (stage === 'SoftReminder') return done({ action: 'advance', reason: 'plan-broken' });
  }
  const cadence = ctx.strategy[stage];
  // Each pass either returns or records one suppressed touch, so the loop ends within maxTouches passes.
  for (;;) {
    const touch = planNextTouch(state, stage, cadence, ctx.reachable, now);
    if (touch.kind === 'exhausted') {
      // The last stage has nowhere to go: its end is the account's.
      if (stage === 'ThirdParty') return done({ action: 'resolve', outcome: 'uncollectible', reason: 'stage-exhausted' });
      return done({ action: 'advance', reason: 'stage-exhausted' });
    }
    if (touch.kind === 'final-wait') return done({ action: 'wait', until: touch.until, reason: 'awaiting-reply' });
    if (touch.dueAt > now) return done({ action: 'wait', until: touch.dueAt, reason: 'cadence' });
    // The agency's first message carries the validation notice (Reg F 1006.34): an email holds it; without one, Send
    // mails it as a letter before the first text.
    const channels = validationNoticePending(state, stage) ? noticeCarriers(touch.channels, ctx.mailable === true) : touch.channels;
    if (channels.length === 0) {
      const channel = touch.optedOut[0] ?? touch.channels[0] ?? cadence.channels[0]!;
      const reason =
        touch.channels.length > 0 ? VALIDATION_NEEDS_EMAIL : touch.optedOut.length > 0 ? `opted-out:${channel}` : 'no-reachable-channel';
      note({ type: 'touch-suppressed', touchId: touch.touchId, stage, channel, reason, key: `${touch.touchId}:suppressed` });
      continue;
    }
    const allowed = firstAllowedChannel(state, ctx, channels);
    // No allowed moment within the rules' horizon: look again later rather than never.
    if (!('channel' in allowed))
      return done({ action: 'wait', until: allowed.until ?? addDays(now, MAX_RECHECK_DAYS), reason: allowed.reason });
    // The cadence wanted another channel, which the debtor opted out of: that is a suppressed message.
    const preferred = cadence.channels[(touch.touchNumber - 1) % cadence.channels.length];
    for (const skipped of touch.optedOut.filter((c) => c === preferred)) {
      note({
        type: 'touch-suppressed',
        touchId: touch.touchId,
        stage,
        channel: skipped,
        reason: `opted-out:${skipped}`,
        key: `${touch.touchId}:${skipped}:suppressed`,
      });
    }
    return done({
      action: 'touch',
      touchId: touch.touchId,
      channel: allowed.channel,
      touchNumber: touch.touchNumber,
      replyWindowUntil: addDays(now, touch.windowDays),
      reason: 'cadence',
    });
  }
}

/** The closing messages of a paid account, in order: a thank-you, then a one-question survey a day later. */
export function closingMessageDue(state: AccountState): 'thank-you' | 'survey' | undefined {
  if (!sentTemplateKind(state, 'thank-you')) return 'thank-you';
  if (!sentTemplateKind(state, 'survey')) return 'survey';
  return undefined;
}

const CLOSING_REPLY_DAYS = { 'thank-you': 1, survey: 3 } as const;

/**
 * A paid account is thanked and asked one question before its resolution is recorded, on a channel and at a time the
 * rules allow. With no way to reach the debtor (or after a closing message could not go out) it resolves at once.
 */
function decideClosing(state: AccountState, ctx: PlanContext): PlanDecision {
  // A balance cleared through an agreed plan resolves as paid by plan.
  const done: PlanDecision = activePlan(state)
    ? { action: 'resolve', outcome: 'payment-plan', reason: 'plan-completed' }
    : { action: 'resolve', outcome: 'paid', reason: 'balance-cleared' };
  const kind = closingMessageDue(state);
  if (!kind || ctx.stage === 'Handoff') return done;
  const stage = ctx.stage;
  const attempts = attemptsInStage(state, stage);
  if (attempts.some((a) => a.status === 'suppressed' && Date.parse(a.at) >= Date.parse(state.lastPaymentAt ?? a.at))) return done;
  const allowed = firstAllowedChannel(state, ctx, usableChannels(state, ctx, stage));
  if ('channel' in allowed) {
    return {
      action: 'touch',
      touchId: touchIdFor(state.accountId, stage, attempts.length + 1),
      channel: allowed.channel,
      touchNumber: attempts.length + 1,
      replyWindowUntil: addDays(ctx.now, CLOSING_REPLY_DAYS[kind]),
      reason: `closing:${kind}`,
    };
  }
  return allowed.until ? { action: 'wait', until: allowed.until, reason: `closing:${kind}` } : done;
}

/** How long the one notice after a cease may wait for a moment the rules allow before the account closes without it. */
const CEASE_NOTICE_MAX_WAIT_DAYS = 3;

/**
 * After a request to stop all contact, one last message may say that collection has stopped (FDCPA 805(c)); then the
 * account resolves as ceased. It goes only where and when every other rule allows, or not at all.
 */
function decideCeaseNotice(state: AccountState, ctx: PlanContext): PlanDecision {
  const ceased: PlanDecision = { action: 'resolve', outcome: 'ceased', reason: 'hard-stop:cease' };
  const ceasedAt = state.ceasedAt ?? ctx.now.toISOString();
  if (ctx.stage === 'Handoff' || state.attempts.some((a) => a.at >= ceasedAt)) return ceased;
  const stage = ctx.stage;
  // In writing where possible: the cease usually came in writing too.
  const channels = usableChannels(state, ctx, stage).sort((a, b) => (a === 'email' ? -1 : b === 'email' ? 1 : 0));
  const allowed = firstAllowedChannel(ruledState(state, 'cease-notice'), ctx, channels);
  if ('channel' in allowed) {
    const touchNumber = attemptsInStage(state, stage).length + 1;
    return {
      action: 'touch',
      touchId: touchIdFor(state.accountId, stage, touchNumber),
      channel: allowed.channel,
      touchNumber,
      replyWindowUntil: new Date(ctx.now.getTime() + 60_000),
      reason: 'cease-notice',
    };
  }
  const latest = addDays(new Date(ceasedAt), CEASE_NOTICE_MAX_WAIT_DAYS);
  return allowed.until && allowed.until <= latest ? { action: 'wait', until: allowed.until, reason: 'cease-notice' } : ceased;
}

/** The stage's channels the debtor can be reached on and has not opted out of. */
function usableChannels(state: AccountState, ctx: PlanContext, stage: ContactStage): Channel[] {
  return ctx.strategy[stage].channels.filter((c) => ctx.reachable[c] && !state.unreachable[c] && !state.optedOut[c]);
}

/** The first channel the rules allow now, or the earliest moment any of them will (none within their horizon). */
function firstAllowedChannel(
  state: AccountState,
  ctx: PlanContext,
  channels: readonly Channel[],
): { channel: Channel } | { until: Date | undefined; reason: string } {
  const decisions = channels.map((channel) => ({
    channel,
    decision: evaluateContact(contactRequestFor(state, ctx.debtor, channel, ctx.now, ctx.contactPolicy)),
  }));
  const allowed = decisions.find((d) => d.decision.allowed);
  if (allowed) return { channel: allowed.channel };
  const next = decisions
    .map((d) => d.decision.nextAllowedAt)
    .filter((at): at is string => at !== null)
    .sort()[0];
  return { until: next ? new Date(next) : undefined, reason: decisions[0]?.decision.reasons[0] ?? 'no-reachable-channel' };
}

/**
 * An active plan's next step: a reminder or missed-instalment note (when the rules allow), or a wait for the next
 * moment the plan matters. Undefined once the plan breaks.
 */
function decidePlanStep(
  current: () => AccountState,
  stage: ContactStage,
  ctx: PlanContext,
  note: (draft: EventDraft) => void,
): PlanDecision | undefined {
  // Each pass returns, or records one suppressed plan message, so the loop ends within two passes per instalment.
  for (;;) {
    const state = current();
    const plan = activePlan(state)!;
    const messaged = (touch: { instalment: number; missed: boolean }): boolean =>
      state.attempts.some((a) => {
        const ref = parseTouchId(a.touchId)?.instalment;
        return ref?.number === touch.instalment && ref.missed === touch.missed;
      });
    const step = nextPlanStep(state, plan, ctx.now, note, messaged);
    if (step.kind === 'broken') {
      note({ type: 'plan-broken', misses: step.misses, key: 'plan-broken' });
      return undefined;
    }
    if (step.kind === 'wait') return { action: 'wait', until: step.until, reason: 'plan:awaiting-instalment' };
    const touchId = planTouchIdFor(state.accountId, stage, step.instalment.number, step.missed);
    const reason = step.missed ? 'plan:missed-instalment' : 'plan:reminder';
    const channels = usableChannels(current(), ctx, stage);
    if (channels.length === 0) {
      const channel = ctx.strategy[stage].channels[0]!;
      note({ type: 'touch-suppressed', touchId, stage, channel, reason: 'no-reachable-channel', key: `${touchId}:suppressed` });
      continue;
    }
    const purpose = answersPlanRequest(current(), { number: step.instalment.number, missed: step.missed }, ctx.now)
      ? 'answer'
      : 'collection';
    const allowed = firstAllowedChannel(ruledState(current(), purpose), ctx, channels);
    if (!('channel' in allowed)) {
      return { action: 'wait', until: allowed.until ?? addDays(ctx.now, MAX_RECHECK_DAYS), reason: allowed.reason };
    }
    return {
      action: 'touch',
      touchId,
      channel: allowed.channel,
      touchNumber: step.instalment.number,
      replyWindowUntil: step.until,
      reason,
    };
  }
}

/** No email and no letter can carry the validation notice, so the agency may not text. */
export const VALIDATION_NEEDS_EMAIL = 'validation-notice:needs-email-or-address';

/**
 * The agency has not yet given the validation notice: neither sent its first message (an email carries the notice)
 * nor mailed the notice as a letter.
 */
export function validationNoticePending(state: AccountState, stage: ContactStage): boolean {
  return (
    stage === 'ThirdParty' &&
    state.validationLetter?.mailedAt === undefined &&
    !state.attempts.some((a) => a.stage === 'ThirdParty' && a.status === 'sent')
  );
}

/** The channels that may open while the notice is pending: email, else a text that Send precedes with the letter. */
function noticeCarriers(channels: readonly Channel[], mailable: boolean): Channel[] {
  if (channels.includes('email')) return ['email'];
  return mailable ? channels.filter((c) => c === 'sms') : [];
}

function decideHandoff(state: AccountState, ctx: PlanContext, note: (draft: EventDraft) => void): PlanDecision {
  if (state.handoff === 'approved') return { action: 'advance', reason: 'handoff-approved' };
  if (state.handoff === 'declined') return { action: 'resolve', outcome: 'returned-to-creditor', reason: 'handoff-declined' };
  if (ctx.customerTier !== undefined && ctx.handoff.neverHandOffTiers?.includes(ctx.customerTier)) {
    note({ type: 'handoff-declined', by: 'policy', key: 'handoff-decision' });
    return { action: 'resolve', outcome: 'returned-to-creditor', reason: 'handoff-never-for-tier' };
  }
  const threshold = ctx.handoff.autoApproveBelowMinor;
  if (threshold !== undefined && state.balanceMinor < threshold) {
    note({ type: 'handoff-approved', by: 'policy', key: 'handoff-decision' });
    return { action: 'advance', reason: 'handoff-auto-approved' };
  }
  const requestedAt = state.handoffRequestedAt ? new Date(state.handoffRequestedAt) : ctx.now;
  const deadline = addDays(requestedAt, ctx.handoff.approvalTimeoutDays);
  if (ctx.now >= deadline) {
    // The stated default when the creditor does not answer: the account goes back to the creditor.
    note({ type: 'handoff-declined', by: 'timeout', key: 'handoff-decision' });
    return { action: 'resolve', outcome: 'returned-to-creditor', reason: 'handoff-timeout' };
  }
  return { action: 'request-approval', until: deadline, reason: 'handoff-awaiting-creditor' };
}

function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
