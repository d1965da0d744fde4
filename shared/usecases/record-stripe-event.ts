// A verified Stripe event (functions/stripe-webhook) as processor facts: a payment (payment_intent.succeeded, or a
// paid checkout.session.completed, both keyed by the PaymentIntent, so one checkout counts once), or the reversal of
// one (charge.refunded, charge.dispute.closed as lost). Recorded through the processor payment use case, after
// checking that the event came from the Stripe account the creditor's profile names.
import * as z from 'zod';
import type { CreditorStore } from '../ports.ts';
import {
  PaymentCreditorMismatchError,
  recordProcessorPayment,
  recordProcessorReversal,
  type ProcessorAccount,
  type ProcessorPaymentOutcome,
} from './record-processor-payment.ts';
import type { RecordEventDeps } from './record-event.ts';

export interface StripeEventDeps extends RecordEventDeps {
  creditors: Pick<CreditorStore, 'getProfile'>;
}

/** The envelope of every Stripe event; `account` is the connected account it happened on (Connect endpoints). */
export const stripeEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  account: z.string().nullish(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;

/** What Tactful's checkout puts in the metadata (ids only). A payment without it is not one Tactful asked for. */
const tactfulMetadata = z.object({ creditorId: z.string().min(1), accountId: z.string().min(1) });
const currency = z.string().regex(/^[a-zA-Z]{3}$/);
const minor = z.number().int().positive();

const paymentIntent = z.object({ id: z.string(), amount_received: minor, currency, metadata: z.record(z.string(), z.string()) });
const checkoutSession = z.object({
  payment_intent: z.string().nullish(),
  payment_status: z.string(),
  amount_total: minor,
  currency,
  metadata: z.record(z.string(), z.string()).nullish(),
});
const refundedCharge = z.object({ payment_intent: z.string().nullish(), amount_refunded: minor, currency });
const closedDispute = z.object({ payment_intent: z.string().nullish(), amount: minor, currency, status: z.string() });

export type StripeEventOutcome =
  | ProcessorPaymentOutcome
  /** Not an event Tactful records: another type, an unpaid session, a dispute won, a payment without Tactful's metadata. */
  | 'ignored'
  /** A refund or dispute of a payment not recorded (yet: Stripe does not deliver in order, and retries). */
  | 'unknown-payment'
  /** The account is not the metadata's creditor's, or the event came from a Stripe account the creditor did not name. */
  | 'creditor-mismatch';

export async function recordStripeEvent(deps: StripeEventDeps, event: StripeEvent, now: Date): Promise<StripeEventOutcome> {
  const object = event.data.object;
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const intent = paymentIntent.parse(object);
      const ids = tactfulMetadata.safeParse(intent.metadata);
      if (!ids.success) return 'ignored';
      return recordPayment(deps, event, ids.data, intent.id, intent.amount_received, intent.currency, now);
    }
    case 'checkout.session.completed': {
      const session = checkoutSession.parse(object);
      const ids = tactfulMetadata.safeParse(session.metadata);
      // Delayed payment methods complete the session unpaid; their PaymentIntent succeeds later.
      if (!ids.success || session.payment_status !== 'paid' || !session.payment_intent) return 'ignored';
      return recordPayment(deps, event, ids.data, session.payment_intent, session.amount_total, session.currency, now);
    }
    case 'charge.refunded': {
      const charge = refundedCharge.parse(object);
      if (!charge.payment_intent) return 'ignored';
      // amount_refunded is the running total of the charge's refunds: each partial refund raises it.
      return recordReversal(deps, event, charge.payment_intent, 'refund', charge.amount_refunded, charge.currency, now);
    }
    case 'charge.dispute.closed': {
      const dispute = closedDispute.parse(object);
      if (dispute.status !== 'lost' || !dispute.payment_intent) return 'ignored';
      return recordReversal(deps, event, dispute.payment_intent, 'chargeback', dispute.amount, dispute.currency, now);
    }
    default:
      return 'ignored';
  }
}

async function recordPayment(
  deps: StripeEventDeps,
  event: StripeEvent,
  ids: { creditorId: string; accountId: string },
  reference: string,
  amountMinor: number,
  currencyCode: string,
  now: Date,
): Promise<StripeEventOutcome> {
  if (!(await fromCreditorsStripeAccount(deps, event, ids.creditorId))) return 'creditor-mismatch';
  const payment = {
    creditorId: ids.creditorId,
    account: { id: ids.accountId },
    amount: { minor: amountMinor },
    currency: currencyCode,
    reference,
  };
  return mismatchAsOutcome(() => recordProcessorPayment(deps, payment, now));
}

async function recordReversal(
  deps: StripeEventDeps,
  event: StripeEvent,
  paymentReference: string,
  reason: 'refund' | 'chargeback',
  reversedTotalMinor: number,
  currencyCode: string,
  now: Date,
): Promise<StripeEventOutcome> {
  // A refund or a dispute names the payment, not the account: the payment's route does.
  const route = await deps.store.findPaymentRoute(paymentReference);
  if (!route) return 'unknown-payment';
  if (!(await fromCreditorsStripeAccount(deps, event, route.creditorId))) return 'creditor-mismatch';
  const account: ProcessorAccount = { id: route.accountId };
  const reversal = { creditorId: route.creditorId, account, currency: currencyCode, paymentReference, reason, reversedTotalMinor };
  return mismatchAsOutcome(() => recordProcessorReversal(deps, reversal, now));
}

/**
 * The event happened on the Stripe account the creditor's profile names (payments.stripeAccountId), or on the
 * platform's own account when it names none: a creditor's signed-up Stripe account cannot report another's payments.
 */
async function fromCreditorsStripeAccount(deps: StripeEventDeps, event: StripeEvent, creditorId: string): Promise<boolean> {
  const profile = await deps.creditors.getProfile(creditorId);
  if (!profile) return false;
  return (event.account ?? undefined) === profile.payments?.stripeAccountId;
}

async function mismatchAsOutcome(record: () => Promise<ProcessorPaymentOutcome>): Promise<StripeEventOutcome> {
  try {
    return await record();
  } catch (error) {
    if (error instanceof PaymentCreditorMismatchError) return 'creditor-mismatch';
    throw error;
  }
}
