// A payment the creditor's payment processor reports as an event (the debtor paid through the payment link): one
// payment-received fact on the account, which wakes its workflow. The same reference twice is one payment.
import { accountIdFor } from '../accounts/account.ts';
import { eventFromDraft } from '../accounts/events.ts';
import { parseDecimalToMinor } from '../money.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

/** How a processor puts a payment on the default event bus. */
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

export type ProcessorPaymentOutcome = 'recorded' | 'duplicate' | 'unknown-account' | 'currency-mismatch';

export async function recordProcessorPayment(
  deps: RecordEventDeps,
  payment: ProcessorPayment,
  now: Date,
): Promise<ProcessorPaymentOutcome> {
  const accountId = accountIdFor(payment.creditorId, payment.accountRef);
  const record = await deps.store.getAccount(accountId);
  if (!record) return 'unknown-account';
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
