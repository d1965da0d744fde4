// Account events: every fact about an account is one immutable event, written once under a deterministic id.
// Events carry ids and amounts, never debtor contact details (those live on the account record only).

export const STAGES = ['SoftReminder', 'Escalation', 'Handoff', 'ThirdParty'] as const;
export type Stage = (typeof STAGES)[number];
export type ContactStage = Exclude<Stage, 'Handoff'>;

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Where a debtor tells us something: a reply on a channel, or the debtor's own page. */
export type ReplyDoor = Channel | 'page';

/** Why a debtor disputes, as the page asks it (a reply's words go to a person instead). */
export const DISPUTE_REASONS = ['not-mine', 'wrong-amount', 'already-paid', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** A span the debtor said is inconvenient (Reg F 1006.6(b)(1)), in local time; no days means every day. */
export interface InconvenientTime {
  daysOfWeek?: number[];
  from: string;
  to: string;
}

export const OUTCOMES = [
  'paid',
  'settled',
  'payment-plan',
  'disputed',
  'ceased',
  'recalled',
  'bankruptcy',
  'attorney',
  'deceased',
  'returned-to-creditor',
  'uncollectible',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const HARD_STOP_NOTICES = ['bankruptcy', 'attorney', 'deceased'] as const;
export type HardStopNotice = (typeof HARD_STOP_NOTICES)[number];

export const REPLY_INTENTS = [
  'stop',
  'help',
  'start',
  'pay',
  'promise',
  'plan',
  'dispute',
  'hardship',
  'wrong_person',
  'cease',
  'csat',
  'other',
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/** What the platform answers on its own to a reply: keyword confirmations, HELP, and a polite word on a closed account. */
export const AUTO_REPLY_KINDS = ['stop-confirmation', 'start-confirmation', 'help', 'closed-account'] as const;
export type AutoReplyKind = (typeof AUTO_REPLY_KINDS)[number];

export const PAYMENT_REVERSAL_REASONS = ['refund', 'chargeback'] as const;
export type PaymentReversalReason = (typeof PAYMENT_REVERSAL_REASONS)[number];

/** A provider's report on one message: which touch it was, and the provider's own message id. */
interface DeliveryReportBase {
  touchId: string;
  messageId: string;
}

/** What a provider reported, apart from the message it is about. */
export type DeliveryResult =
  | { type: 'delivery-delivered'; channel: Channel }
  | { type: 'delivery-bounced'; channel: 'email'; bounceType: 'permanent' | 'transient'; detail: string }
  | { type: 'delivery-complained'; channel: 'email'; detail: string }
  /** `status` is the provider's own name for the failure (an SMS event type, or SES "Reject"). */
  | { type: 'delivery-failed'; channel: Channel; status: string; permanent: boolean }
  | { type: 'sms-carrier-opt-out'; channel: 'sms'; status: string };

export type DeliveryReport = DeliveryReportBase & DeliveryResult;

export const DELIVERY_REPORT_TYPES = [
  'delivery-delivered',
  'delivery-bounced',
  'delivery-complained',
  'delivery-failed',
  'sms-carrier-opt-out',
] as const satisfies ReadonlyArray<DeliveryReport['type']>;

interface EventBase {
  /** Deterministic id: the same fact delivered twice has the same id. */
  eventId: string;
  accountId: string;
  /** ISO instant the fact happened (or was first recorded). */
  at: string;
  /** Per-account order, assigned when the event is applied; absent while the write is in flight. */
  seq?: number;
}

export type AccountEvent = EventBase &
  (
    | { type: 'placed'; balanceMinor: number; currency: string; creditorId: string }
    /** The strategy variant the account follows (shared/strategy/segments.ts), recorded once at enrollment. */
    | { type: 'variant-assigned'; segment: string; variant: string }
    | { type: 'stage-entered'; stage: Stage }
    | { type: 'touch-sent'; touchId: string; stage: ContactStage; channel: Channel; template: string }
    | { type: 'touch-suppressed'; touchId: string; stage: ContactStage; channel: Channel; reason: string }
    /** Recorded just before a message goes to the provider, and when the provider definitely refused it. */
    | { type: 'touch-sending'; touchId: string; channel: Channel; attempt: number }
    | { type: 'touch-send-failed'; touchId: string; channel: Channel; attempt: number; error: string }
    | {
        type: 'reply-received';
        channel: ReplyDoor;
        intent: ReplyIntent;
        promiseDate?: string;
        csat?: number;
        disputeReason?: DisputeReason;
        messageId: string;
      }
    /**
     * The platform answered a reply itself (recorded just before the answer goes out: at most one per inbound message).
     * Not a touch: no frequency rule counts it.
     */
    | { type: 'reply-answered'; channel: Channel; kind: AutoReplyKind; inReplyTo: string }
    | { type: 'payment-received'; amountMinor: number; source: 'creditor' | 'processor'; reference: string }
    /**
     * The processor took back part or all of a payment: a refund, or a chargeback the creditor lost. `reversedTotalMinor`
     * is the total taken back for this reason so far (Stripe reports refunds cumulatively), so the fold applies only
     * what is new, whatever the order or number of deliveries.
     */
    | {
        type: 'payment-reversed';
        /** The reference of the payment-received event it takes back. */
        paymentReference: string;
        reason: PaymentReversalReason;
        reversedTotalMinor: number;
      }
    | { type: 'promise-broken'; promiseDate: string }
    /** A payment plan: `instalments` payments of `instalmentMinor` (the last one takes the remainder of `totalMinor`). */
    | {
        type: 'plan-agreed';
        instalments: number;
        intervalDays: number;
        instalmentMinor: number;
        totalMinor: number;
        firstDueOn: string;
        graceDays: number;
        maxMisses: number;
        /** Days before a due date that its reminder goes out. */
        reminderDaysBefore: number;
      }
    /** An instalment not covered by its due date plus the grace period. */
    | { type: 'plan-instalment-missed'; instalment: number; dueOn: string }
    /** Too many missed instalments, or the schedule ran out with a balance left: escalation resumes. */
    | { type: 'plan-broken'; misses: number }
    /** The creditor answered a dispute: verified (collection may resume) or withdrawn (the account closes). */
    | { type: 'dispute-resolved'; resolution: 'verified' | 'withdrawn' }
    /** The creditor takes the account back. */
    | { type: 'recalled'; forced: boolean }
    /**
     * Mail that does not prove its sender asked to stop all contact: no message goes out until a person has read it
     * (the review queue) and cleared the hold. Not a cease, which anyone could forge, and not a dispute.
     */
    | { type: 'review-hold'; reason: 'unauthenticated-cease'; messageId: string }
    /** The creditor read the held reply (instruction `review-cleared`): contact may resume. */
    | { type: 'review-cleared' }
    /** A notice that ends collection: bankruptcy, an attorney representing the debtor, or the debtor's death. */
    | { type: 'notice-received'; notice: HardStopNotice }
    /** The creditor corrected the balance (positive raises it, negative lowers it). */
    | { type: 'balance-adjusted'; amountMinor: number; reference: string }
    /** An opt-out that did not come as a reply: a one-click unsubscribe, or the carrier's own opt-out list. */
    | { type: 'opted-out'; channel: Channel; via: 'one-click-unsubscribe' | 'carrier' | 'page' }
    /** A fresh link to the debtor's page, emailed at their request from an expired one: a message, for the caps. */
    | { type: 'page-link-sent'; channel: 'email' }
    /** The debtor named the times that do not suit (replacing any named before); the contact rules honour them. */
    | { type: 'inconvenient-times-set'; times: InconvenientTime[] }
    /** The provider refused the address for good (invalid number, rejected address): the planner stops using it. */
    | { type: 'channel-unreachable'; channel: Channel; reason: string }
    /**
     * What the provider reported about a message it took (SES event publishing, End User Messaging SMS events), keyed
     * by the provider's message id and report: `delivery-bounced` (a permanent one makes the address unreachable),
     * `delivery-complained` (opts out of email), `delivery-failed` (a permanent one makes the channel unreachable),
     * `sms-carrier-opt-out` (opts out of texts) and `delivery-delivered`.
     */
    | DeliveryReport
    /**
     * The validation notice by letter (Reg F 1006.34), for a debtor the agency cannot email: claimed just before the
     * print-and-mail call, released only when the call definitely failed, and mailed with the day it is expected to
     * arrive (the validation period runs from it) and the period's last day, as the letter prints it.
     */
    | { type: 'validation-letter-mailing'; letterId: string; attempt: number }
    | { type: 'validation-letter-failed'; letterId: string; attempt: number; error: string }
    | { type: 'validation-letter-mailed'; letterId: string; providerId: string; expectedDeliveryDate: string; validationEndsOn: string }
    | { type: 'handoff-requested' }
    | { type: 'handoff-approved'; by: 'policy' | 'creditor' }
    | { type: 'handoff-declined'; by: 'policy' | 'creditor' | 'timeout' }
    | { type: 'resolved'; outcome: Outcome }
  );

/** Orders events as the account saw them: by applied sequence, unsequenced (in-flight) ones last by time. */
export function orderEvents(events: readonly AccountEvent[]): AccountEvent[] {
  return [...events].sort((a, b) => {
    if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
    if (a.seq !== undefined) return -1;
    if (b.seq !== undefined) return 1;
    return a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : 1;
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event a use case wants recorded: `key` makes its id deterministic within the account. */
export type EventDraft = DistributiveOmit<AccountEvent, 'eventId' | 'accountId' | 'at' | 'seq'> & { key: string };

export function eventFromDraft(accountId: string, at: Date, draft: EventDraft): AccountEvent {
  const { key, ...fact } = draft;
  return { ...fact, eventId: `${accountId}:${key}`, accountId, at: at.toISOString() } as AccountEvent;
}
