// The fold: the one place where an account's events become its state. Plan, Send, reports and the CLI all use it.
import { isConversation } from './conversation.ts';
import { parseTouchId } from './touch-id.ts';
import {
  orderEvents,
  type AccountEvent,
  type Channel,
  type HardStopNotice,
  type InconvenientTime,
  type ContactStage,
  type Outcome,
  type PaymentReversalReason,
  type Stage,
} from './events.ts';

export interface ContactHistoryEntry {
  at: string;
  channel: Channel;
  kind: 'sent' | 'conversation';
  /** The touch a message belongs to: its claim counts until the provider is known to have refused it. */
  touchId?: string;
}

export interface TouchAttempt {
  touchId: string;
  at: string;
  stage: ContactStage;
  channel: Channel;
  status: 'sent' | 'suppressed';
  reason?: string;
  /** The template a sent touch used, such as "thank-you.email.en.v1". */
  template?: string;
  /** A payment-plan message (reminder or missed-instalment note), outside the stage's cadence. */
  planInstalment?: number;
}

/** The terms a plan was agreed on, as its plan-agreed event carries them. */
type PlanTerms = Omit<Extract<AccountEvent, { type: 'plan-agreed' }>, 'type' | 'eventId' | 'accountId' | 'at' | 'seq'>;

/** An agreed payment plan, as the events tell it. */
export interface PaymentPlanState extends PlanTerms {
  /** When the debtor asked for it (a plan or hardship reply). */
  requestedAt: string;
  agreedAt: string;
  /** Collected before the plan began: what the plan's instalments are measured against. */
  collectedBeforeMinor: number;
  /** Instalments missed, by number. */
  missed: number[];
  brokenAt?: string;
}

export interface CountedPayment {
  /** Zero while only a reversal of it has arrived. */
  amountMinor: number;
  reversedMinor: Partial<Record<PaymentReversalReason, number>>;
}

export interface AccountState {
  accountId: string;
  status: 'active' | 'resolved';
  outcome?: Outcome;
  stage?: Stage;
  stageEnteredAt?: string;
  placedBalanceMinor: number;
  balanceMinor: number;
  collectedMinor: number;
  /** Payments by reference, with what the processor has taken back of each (refunds, lost chargebacks). */
  payments: Record<string, CountedPayment>;
  /**
   * A payment was reversed after the account resolved: the balance is owed again, but collection does not restart on
   * its own (the workflow ended and the debtor was thanked); the creditor sees it flagged and decides.
   */
  reversedAfterResolutionAt?: string;
  /** When the last payment arrived: a partial payment earns a longer pause before the next touch. */
  lastPaymentAt?: string;
  currency: string;
  optedOut: Record<Channel, boolean>;
  /** Times the debtor said on their page do not suit (Reg F 1006.6(b)(1)); the contact rules honour them. */
  inconvenientTimes: InconvenientTime[];
  /** Channels the provider refused for good; the address on file no longer works. */
  unreachable: Record<Channel, boolean>;
  disputed: boolean;
  /** Mail that did not prove its sender asked to cease: contact waits until a person clears the hold. */
  reviewHold: boolean;
  /** The creditor withdrew a disputed debt: the account closes as disputed. */
  disputeWithdrawn: boolean;
  ceased: boolean;
  /** When the debtor asked for all contact to stop. */
  ceasedAt?: string;
  recalled: boolean;
  /** A notice that ends collection (bankruptcy, attorney, deceased). */
  hardStop?: HardStopNotice;
  /** An open promise: the debtor named a date and has not paid since. */
  promise?: { date: string; madeAt: string };
  brokenPromises: number;
  promiseBrokenAt?: string;
  /** The debtor asked to pay in instalments (or told of hardship) and no plan is in place yet. */
  planRequestedAt?: string;
  /** The debtor told of financial hardship: a plan offers the most instalments the creditor allows. */
  hardship: boolean;
  paymentPlan?: PaymentPlanState;
  handoff: 'none' | 'requested' | 'approved' | 'declined';
  handoffRequestedAt?: string;
  /** Who declined the hand-off: the creditor, its policy, or the approval timeout. */
  handoffDeclinedBy?: 'policy' | 'creditor' | 'timeout';
  attempts: TouchAttempt[];
  /** What the frequency rules count: messages sent, and conversations (replies that engage with the debt). */
  contactHistory: ContactHistoryEntry[];
  lastReplyAt?: string;
  /** The debtor's answer to the satisfaction survey, 1 to 5. */
  csat?: number;
  /** The segment and strategy variant assigned at enrollment; absent for accounts enrolled before variants. */
  variant?: { segment: string; variant: string };
  /** The validation notice by letter: claimed (outcome unknown until mailed or failed) or mailed. */
  validationLetter?: ValidationLetterState;
  /** The highest applied sequence folded in. */
  version: number;
}

export interface ValidationLetterState {
  claimedAt: string;
  mailedAt?: string;
  /** YYYY-MM-DD: when it should arrive; the validation period runs from it. */
  expectedDeliveryDate?: string;
  validationEndsOn?: string;
}

export function initialState(accountId: string): AccountState {
  return {
    accountId,
    status: 'active',
    placedBalanceMinor: 0,
    balanceMinor: 0,
    collectedMinor: 0,
    payments: {},
    currency: 'USD',
    optedOut: { email: false, sms: false },
    inconvenientTimes: [],
    unreachable: { email: false, sms: false },
    disputed: false,
    reviewHold: false,
    disputeWithdrawn: false,
    ceased: false,
    recalled: false,
    brokenPromises: 0,
    hardship: false,
    handoff: 'none',
    attempts: [],
    contactHistory: [],
    version: 0,
  };
}

export function foldAccount(accountId: string, events: readonly AccountEvent[]): AccountState {
  return orderEvents(events).reduce(applyEvent, initialState(accountId));
}

export function applyEvent(state: AccountState, event: AccountEvent): AccountState {
  const next: AccountState = { ...state, version: Math.max(state.version, event.seq ?? 0) };
  if (state.status === 'resolved' && event.type !== 'reply-received' && event.type !== 'payment-reversed') return next;
  switch (event.type) {
    case 'placed':
      return { ...next, placedBalanceMinor: event.balanceMinor, balanceMinor: event.balanceMinor, currency: event.currency };
    case 'variant-assigned':
      return { ...next, variant: state.variant ?? { segment: event.segment, variant: event.variant } };
    case 'stage-entered':
      return { ...next, stage: event.stage, stageEnteredAt: event.at };
    case 'touch-sent':
    case 'touch-suppressed': {
      const attempt: TouchAttempt = {
        touchId: event.touchId,
        at: event.at,
        stage: event.stage,
        channel: event.channel,
        status: event.type === 'touch-sent' ? 'sent' : 'suppressed',
        ...(event.type === 'touch-suppressed' ? { reason: event.reason } : { template: event.template }),
      };
      const instalment = parseTouchId(event.touchId)?.instalment;
      if (instalment) attempt.planInstalment = instalment.number;
      const counted = event.type === 'touch-suppressed' || state.contactHistory.some((h) => h.touchId === event.touchId);
      const contactHistory = counted ? state.contactHistory : [...state.contactHistory, sentEntry(event)];
      return { ...next, attempts: [...state.attempts, attempt], contactHistory };
    }
    case 'touch-sending':
      // A claimed send may have reached the debtor (its outcome can be lost in a crash): the caps count it from the
      // claim, and only the provider's refusal takes it back.
      return { ...next, contactHistory: [...state.contactHistory, sentEntry(event)] };
    case 'touch-send-failed':
      return { ...next, contactHistory: withoutLastClaim(state.contactHistory, event.touchId) };
    case 'reply-answered':
      return next;
    case 'reply-received': {
      // What the debtor does on the page is no exchange on a channel: the channels' frequency rules do not count it.
      const { channel } = event;
      const contactHistory =
        channel !== 'page' && isConversation(event.intent)
          ? [...state.contactHistory, { at: event.at, channel, kind: 'conversation' as const }]
          : state.contactHistory;
      return applyReply({ ...next, lastReplyAt: event.at, contactHistory }, event);
    }
    case 'payment-received': {
      // Net of anything already reversed of it: a refund delivered before its payment still counts once.
      const before = state.payments[event.reference] ?? NO_PAYMENT;
      const payment = { ...before, amountMinor: before.amountMinor + event.amountMinor };
      const countedMinor = event.amountMinor - (takenBack(payment) - takenBack(before));
      return {
        ...next,
        balanceMinor: state.balanceMinor - countedMinor,
        collectedMinor: state.collectedMinor + countedMinor,
        payments: { ...state.payments, [event.reference]: payment },
        lastPaymentAt: event.at,
        // Any payment after a promise honours it; a partial one keeps the account going.
        promise: undefined,
      };
    }
    case 'payment-reversed':
      return applyReversal(next, event);
    case 'opted-out':
      return { ...next, optedOut: { ...state.optedOut, [event.channel]: true } };
    case 'page-link-sent':
      return { ...next, contactHistory: [...state.contactHistory, { at: event.at, channel: event.channel, kind: 'sent' }] };
    case 'inconvenient-times-set':
      return { ...next, inconvenientTimes: event.times };
    case 'channel-unreachable':
      return { ...next, unreachable: { ...state.unreachable, [event.channel]: true } };
    // The provider's word on a message: an address that bounced for good or a number that does not exist is treated as
    // a wrong person is (never used again); a spam complaint and a carrier block are opt-outs of that channel.
    case 'delivery-bounced':
    case 'delivery-failed': {
      const permanent = event.type === 'delivery-bounced' ? event.bounceType === 'permanent' : event.permanent;
      return permanent ? { ...next, unreachable: { ...state.unreachable, [event.channel]: true } } : next;
    }
    case 'delivery-complained':
    case 'sms-carrier-opt-out':
      return { ...next, optedOut: { ...state.optedOut, [event.channel]: true } };
    case 'delivery-delivered':
      return next;
    case 'dispute-resolved':
      return event.resolution === 'verified' ? { ...next, disputed: false } : { ...next, disputed: false, disputeWithdrawn: true };
    case 'recalled':
      return { ...next, recalled: true };
    case 'review-hold':
      return { ...next, reviewHold: true };
    case 'review-cleared':
      return { ...next, reviewHold: false };
    case 'notice-received':
      return { ...next, hardStop: state.hardStop ?? event.notice };
    case 'balance-adjusted':
      return { ...next, balanceMinor: state.balanceMinor + event.amountMinor };
    case 'promise-broken':
      return { ...next, promise: undefined, brokenPromises: state.brokenPromises + 1, promiseBrokenAt: event.at };
    case 'plan-agreed': {
      const { type: _type, eventId: _id, accountId: _account, at, seq: _seq, ...terms } = event;
      return {
        ...next,
        promise: undefined,
        planRequestedAt: undefined,
        paymentPlan: {
          ...terms,
          requestedAt: state.planRequestedAt ?? at,
          agreedAt: at,
          collectedBeforeMinor: state.collectedMinor,
          missed: [],
        },
      };
    }
    case 'plan-instalment-missed':
      return state.paymentPlan && !state.paymentPlan.missed.includes(event.instalment)
        ? { ...next, paymentPlan: { ...state.paymentPlan, missed: [...state.paymentPlan.missed, event.instalment] } }
        : next;
    case 'plan-broken':
      return state.paymentPlan ? { ...next, paymentPlan: { ...state.paymentPlan, brokenAt: event.at } } : next;
    case 'validation-letter-mailing':
      return state.validationLetter?.mailedAt ? next : { ...next, validationLetter: { claimedAt: event.at } };
    case 'validation-letter-failed':
      return state.validationLetter?.mailedAt ? next : { ...next, validationLetter: undefined };
    case 'validation-letter-mailed': {
      const { expectedDeliveryDate, validationEndsOn } = event;
      const claimedAt = state.validationLetter?.claimedAt ?? event.at;
      return { ...next, validationLetter: { claimedAt, mailedAt: event.at, expectedDeliveryDate, validationEndsOn } };
    }
    case 'handoff-requested':
      return { ...next, handoff: 'requested', handoffRequestedAt: state.handoffRequestedAt ?? event.at };
    case 'handoff-approved':
      return state.handoff === 'declined' ? next : { ...next, handoff: 'approved' };
    case 'handoff-declined':
      return state.handoff === 'approved' ? next : { ...next, handoff: 'declined', handoffDeclinedBy: event.by };
    case 'resolved':
      return { ...next, status: 'resolved', outcome: event.outcome };
  }
}

const NO_PAYMENT: CountedPayment = { amountMinor: 0, reversedMinor: {} };

/** What the processor has taken back of a payment: never more than the payment. */
function takenBack(payment: CountedPayment): number {
  return Math.min(payment.amountMinor, (payment.reversedMinor.refund ?? 0) + (payment.reversedMinor.chargeback ?? 0));
}

/**
 * Takes back what is newly reversed of a payment: the balance is owed again and no longer counts as collected. A
 * reversal that arrives before its payment is kept, and the payment counts net of it.
 */
function applyReversal(state: AccountState, event: Extract<AccountEvent, { type: 'payment-reversed' }>): AccountState {
  const before = state.payments[event.paymentReference] ?? NO_PAYMENT;
  const payment: CountedPayment = {
    ...before,
    reversedMinor: { ...before.reversedMinor, [event.reason]: Math.max(before.reversedMinor[event.reason] ?? 0, event.reversedTotalMinor) },
  };
  const payments = { ...state.payments, [event.paymentReference]: payment };
  const reversedMinor = takenBack(payment) - takenBack(before);
  if (reversedMinor === 0) return { ...state, payments };
  return {
    ...state,
    payments,
    balanceMinor: state.balanceMinor + reversedMinor,
    collectedMinor: state.collectedMinor - reversedMinor,
    ...(state.status === 'resolved' ? { reversedAfterResolutionAt: state.reversedAfterResolutionAt ?? event.at } : {}),
  };
}

function sentEntry(event: { at: string; channel: Channel; touchId: string }): ContactHistoryEntry {
  return { at: event.at, channel: event.channel, kind: 'sent', touchId: event.touchId };
}

function withoutLastClaim(history: ContactHistoryEntry[], touchId: string): ContactHistoryEntry[] {
  const index = history.findLastIndex((h) => h.touchId === touchId);
  return index < 0 ? history : history.toSpliced(index, 1);
}

function applyReply(state: AccountState, event: Extract<AccountEvent, { type: 'reply-received' }>): AccountState {
  if (event.intent === 'csat' && event.csat !== undefined) return { ...state, csat: event.csat };
  if (state.status === 'resolved') return state;
  // Keywords act on the channel they came by; the page has none (it opts out with an opted-out event of its own).
  const { channel } = event;
  if (channel !== 'page' && event.intent === 'stop') return { ...state, optedOut: { ...state.optedOut, [channel]: true } };
  if (channel !== 'page' && event.intent === 'start') return { ...state, optedOut: { ...state.optedOut, [channel]: false } };
  // The address reaches someone else: never use it again, so the debt is not disclosed to a third party.
  if (channel !== 'page' && event.intent === 'wrong_person') return { ...state, unreachable: { ...state.unreachable, [channel]: true } };
  switch (event.intent) {
    case 'dispute':
      return { ...state, disputed: true };
    case 'cease':
      return { ...state, ceased: true, ceasedAt: state.ceasedAt ?? event.at };
    case 'plan':
    case 'hardship':
      return {
        ...state,
        hardship: state.hardship || event.intent === 'hardship',
        planRequestedAt: state.paymentPlan ? state.planRequestedAt : (state.planRequestedAt ?? event.at),
      };
    case 'promise':
      return event.promiseDate ? { ...state, promise: { date: event.promiseDate, madeAt: event.at } } : state;
    default:
      return state;
  }
}

/** The placed balance has been paid (or adjusted) down to nothing. */
export function isCleared(state: AccountState): boolean {
  return state.placedBalanceMinor > 0 && state.balanceMinor <= 0;
}

/** Whether a closing message (thank-you, survey) went out: template ids start with their kind. */
export function sentTemplateKind(state: AccountState, kind: string): boolean {
  return state.attempts.some((a) => a.status === 'sent' && a.template?.startsWith(`${kind}.`));
}

/** A plan that is in place: agreed and not broken. */
export function activePlan(state: AccountState): PaymentPlanState | undefined {
  return state.paymentPlan && !state.paymentPlan.brokenAt ? state.paymentPlan : undefined;
}

/** Attempts (sent or finally suppressed) of one touch id each, in the given stage's cadence (plan messages aside). */
export function attemptsInStage(state: AccountState, stage: ContactStage): TouchAttempt[] {
  const byTouch = new Map<string, TouchAttempt>();
  for (const attempt of state.attempts) {
    if (attempt.stage !== stage || attempt.planInstalment !== undefined) continue;
    const seen = byTouch.get(attempt.touchId);
    if (!seen || attempt.status === 'sent') byTouch.set(attempt.touchId, attempt);
  }
  return [...byTouch.values()];
}
