// What the creditor's payment processor reports: a payment (the debtor paid through the payment link or the hosted
// checkout), or the reversal of one (a refund, a lost chargeback). Each is one fact on the account, which wakes its
// workflow. The processor's ids make every fact's key: the same payment or reversal told twice is recorded once.
// Both doors use it: EventBridge events (functions/payment-events) and Stripe's webhook (functions/stripe-webhook).
import { accountIdFor, type AccountRecord } from '../accounts/account.ts';
import { eventFromDraft, type PaymentReversalReason } from '../accounts/events.ts';
import { PermanentError } from '../errors.ts';
import { parseDecimalToMinor } from '../money.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

/** How a processor puts a payment on the payment event bus (not the default one). */
export const PAYMENT_EVENT_BUS_NAME = 'tactful-payments';
export const PAYMENT_EVENT_SOURCE = 'tactful.payments';
export const PAYMENT_EVENT_DETAIL_TYPE = 'Payment Received';

/** The account a processor names: by the creditor's reference (EventBridge events) or by its id (checkout metadata). */
export type ProcessorAccount = { ref: string } | { id: string };

export interface ProcessorPayment {
  creditorId: string;
  account: ProcessorAccount;
  /** Major units as a decimal string ("125.00"), or minor units as Stripe counts them. */
  amount: { decimal: string } | { minor: number };
  currency: string;
  /** The processor's id for the payment (Stripe: the PaymentIntent): what makes a re-delivered event harmless. */
  reference: string;
}

export interface ProcessorReversal {
  creditorId: string;
  account: ProcessorAccount;
  currency: string;
  /** The reference of the payment it takes back. */
  paymentReference: string;
  reason: PaymentReversalReason;
  /** All that has been taken back of the payment for this reason so far, in minor units. */
  reversedTotalMinor: number;
}
/** The account the payment names belongs to another creditor than the event says: never recorded, never retried. */
export class PaymentCreditorMismatchError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentCreditorMismatchError';
  }
}

/**
 * Which creditors each payment processor may report payments for, by the AWS account that put the event (EventBridge
 * sets the event's `account` to it; a sender cannot choose it). This deployment's own account may report for all.
 */
export interface PaymentProcessorGrants {
  operatorAccount: string;
  creditorsOf: Readonly<Record<string, readonly string[]>>;
}

/** A processor reported a payment for a creditor it does not work for: never recorded, never retried. */
export class PaymentProcessorNotAllowedError extends PermanentError {
  constructor(processorAccount: string, creditorId: string) {
    super(`Payment processor account ${processorAccount} may not report payments for creditor ${creditorId}`);
    this.name = 'PaymentProcessorNotAllowedError';
  }
}

export interface ProcessorPaymentDeps extends RecordEventDeps {
  processors: PaymentProcessorGrants;
}

export type ProcessorPaymentOutcome = 'recorded' | 'duplicate' | 'unknown-account' | 'currency-mismatch';

/** The account's placement, once it is known to be the creditor's and in the currency the processor names. */
async function placement(
  deps: RecordEventDeps,
  fact: { creditorId: string; account: ProcessorAccount; currency: string },
  reference: string,
): Promise<AccountRecord | 'unknown-account' | 'currency-mismatch'> {
  const accountId = 'id' in fact.account ? fact.account.id : accountIdFor(fact.creditorId, fact.account.ref);
  const record = await deps.store.getAccount(accountId);
  if (!record) return 'unknown-account';
  // The stored placement, not the id or the processor's word, is the authority on whose account it is.
  if (record.creditorId !== fact.creditorId) {
    throw new PaymentCreditorMismatchError(`Payment ${reference}: account ${accountId} is not creditor ${fact.creditorId}'s`);
  }
  if (record.currency !== fact.currency.trim().toUpperCase()) return 'currency-mismatch';
  return record;
}

/** A payment put on the payment bus: recorded only if the AWS account that put it may report for the creditor. */
export async function recordBusPayment(
  deps: ProcessorPaymentDeps,
  payment: ProcessorPayment & { processorAccount: string },
  now: Date,
): Promise<ProcessorPaymentOutcome> {
  const { operatorAccount, creditorsOf } = deps.processors;
  if (payment.processorAccount !== operatorAccount && !creditorsOf[payment.processorAccount]?.includes(payment.creditorId)) {
    throw new PaymentProcessorNotAllowedError(payment.processorAccount, payment.creditorId);
  }
  return recordProcessorPayment(deps, payment, now);
}

export async function recordProcessorPayment(
  deps: RecordEventDeps,
  payment: ProcessorPayment,
  now: Date,
): Promise<ProcessorPaymentOutcome> {
  const record = await placement(deps, payment, payment.reference);
  if (typeof record === 'string') return record;
  const amountMinor = 'minor' in payment.amount ? payment.amount.minor : parseDecimalToMinor(payment.amount.decimal, record.currency);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new Error('amount must be more than zero');
  // Before the payment itself: whoever sees the payment can find it again when it is refunded.
  await deps.store.putPaymentRoute(payment.reference, { accountId: record.accountId, creditorId: record.creditorId }, now.toISOString());
  // The same key as a creditor-reported payment with this reference: one payment told through both doors counts once.
  return recordEvent(
    deps,
    eventFromDraft(record.accountId, now, {
      type: 'payment-received',
      amountMinor,
      source: 'processor',
      reference: payment.reference,
      key: `payment:${payment.reference}`,
    }),
  );
}

/**
 * A refund or lost chargeback: the account owes it again (see the fold for an account that had resolved). Such events
 * name only the payment: its account is the one its route (store.findPaymentRoute) leads to.
 */
export async function recordProcessorReversal(
  deps: RecordEventDeps,
  reversal: ProcessorReversal,
  now: Date,
): Promise<ProcessorPaymentOutcome> {
  const record = await placement(deps, reversal, reversal.paymentReference);
  if (typeof record === 'string') return record;
  if (!Number.isSafeInteger(reversal.reversedTotalMinor) || reversal.reversedTotalMinor <= 0) {
    throw new Error('a reversal must take back more than zero');
  }
  // Keyed by the running total: a re-delivery is one event, a further partial refund another; the fold takes the most.
  return recordEvent(
    deps,
    eventFromDraft(record.accountId, now, {
      type: 'payment-reversed',
      paymentReference: reversal.paymentReference,
      reason: reversal.reason,
      reversedTotalMinor: reversal.reversedTotalMinor,
      key: `reversal:${reversal.paymentReference}:${reversal.reason}:${reversal.reversedTotalMinor}`,
    }),
  );
}
