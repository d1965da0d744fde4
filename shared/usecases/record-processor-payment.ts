// A payment the creditor's payment processor reports as an event (the debtor paid through the payment link): one
// payment-received fact on the account, which wakes its workflow. The same reference twice is one payment.
import { accountIdFor } from '../accounts/account.ts';
import { eventFromDraft } from '../accounts/events.ts';
import { PermanentError } from '../errors.ts';
import { parseDecimalToMinor } from '../money.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

/** How a processor puts a payment on the payment event bus (not the default one). */
export const PAYMENT_EVENT_BUS_NAME = 'tactful-payments';
export const PAYMENT_EVENT_SOURCE = 'tactful.payments';
export const PAYMENT_EVENT_DETAIL_TYPE = 'Payment Received';

export interface ProcessorPayment {
  creditorId: string;
  accountRef: string;
  /** Decimal string in major units, such as "125.00". */
  amount: string;
  currency: string;
  /** The processor's id for the payment: what makes a re-delivered event harmless. */
  reference: string;
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

export async function recordProcessorPayment(
  deps: ProcessorPaymentDeps,
  payment: ProcessorPayment & { processorAccount: string },
  now: Date,
): Promise<ProcessorPaymentOutcome> {
  const { operatorAccount, creditorsOf } = deps.processors;
  if (payment.processorAccount !== operatorAccount && !creditorsOf[payment.processorAccount]?.includes(payment.creditorId)) {
    throw new PaymentProcessorNotAllowedError(payment.processorAccount, payment.creditorId);
  }
  const accountId = accountIdFor(payment.creditorId, payment.accountRef);
  const record = await deps.store.getAccount(accountId);
  if (!record) return 'unknown-account';
  // The account id is derived from the creditor id, but the stored placement is the authority on whose account it is.
  if (record.creditorId !== payment.creditorId) {
    throw new PaymentCreditorMismatchError(`Payment ${payment.reference}: account ${accountId} is not creditor ${payment.creditorId}'s`);
  }
  if (record.currency !== payment.currency.trim().toUpperCase()) return 'currency-mismatch';
  const amountMinor = parseDecimalToMinor(payment.amount, record.currency);
  if (amountMinor <= 0) throw new Error('amount must be more than zero');
  // The same key as a creditor-reported payment with this reference: one payment told through both doors counts once.
  return recordEvent(
    deps,
    eventFromDraft(accountId, now, {
      type: 'payment-received',
      amountMinor,
      source: 'processor',
      reference: payment.reference,
      key: `payment:${payment.reference}`,
    }),
  );
}
