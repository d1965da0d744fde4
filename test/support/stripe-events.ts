// Stripe webhook events as Stripe sends them (the fields Tactful reads, and a few it does not), for the handler suite
// and the offline platform's tests. Ids are made up; amounts in minor units, currencies lower-case as Stripe writes them.
import Stripe from 'stripe';

export interface TactfulIds {
  creditorId: string;
  accountId: string;
}

type Extra = { account?: string; created?: number };

function event(id: string, type: string, object: Record<string, unknown>, extra: Extra = {}): Record<string, unknown> {
  return {
    id,
    object: 'event',
    api_version: '2025-10-29.clover',
    created: extra.created ?? 1_772_460_000,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
    ...(extra.account ? { account: extra.account } : {}),
  };
}

export function paymentIntentSucceeded(id: string, ids: TactfulIds, paymentIntent: string, amount: number, extra?: Extra) {
  return event(
    id,
    'payment_intent.succeeded',
    { id: paymentIntent, object: 'payment_intent', amount, amount_received: amount, currency: 'usd', status: 'succeeded', metadata: ids },
    extra,
  );
}

export function checkoutCompleted(id: string, ids: TactfulIds, paymentIntent: string, amount: number, extra?: Extra) {
  return event(
    id,
    'checkout.session.completed',
    {
      id: `cs_test_${paymentIntent}`,
      object: 'checkout.session',
      mode: 'payment',
      status: 'complete',
      payment_status: 'paid',
      payment_intent: paymentIntent,
      amount_total: amount,
      currency: 'usd',
      metadata: ids,
    },
    extra,
  );
}

/** `refundedSoFar`: Stripe's amount_refunded, the running total of the charge's refunds. */
export function chargeRefunded(id: string, paymentIntent: string, amount: number, refundedSoFar: number, extra?: Extra) {
  return event(
    id,
    'charge.refunded',
    {
      id: `ch_${paymentIntent}`,
      object: 'charge',
      amount,
      amount_refunded: refundedSoFar,
      refunded: refundedSoFar === amount,
      currency: 'usd',
      payment_intent: paymentIntent,
    },
    extra,
  );
}

export function disputeClosed(id: string, paymentIntent: string, amount: number, status: 'lost' | 'won', extra?: Extra) {
  return event(
    id,
    'charge.dispute.closed',
    {
      id: `dp_${paymentIntent}`,
      object: 'dispute',
      amount,
      currency: 'usd',
      status,
      charge: `ch_${paymentIntent}`,
      payment_intent: paymentIntent,
    },
    extra,
  );
}

/** The Stripe-Signature header for `payload`, as Stripe's test helper makes it (now, unless `at` says otherwise). */
export function stripeSignature(payload: string, secret: string, at = new Date()): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(at.getTime() / 1000) });
}
