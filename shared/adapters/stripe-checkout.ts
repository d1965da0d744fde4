// CheckoutPort on Stripe Checkout: one hosted payment page per request, for the amount the debtor chose, taken on the
// creditor's connected account when its profile names one. The metadata carries ids only (no debtor data), on the
// session and on its PaymentIntent, so that both webhook events name the account (functions/stripe-webhook).
import type Stripe from 'stripe';
import { PermanentError } from '../errors.ts';
import type { CheckoutPort, CheckoutRequest, CheckoutSession } from '../payments/checkout.ts';
import type { CreditorStore } from '../ports.ts';

/** The one Stripe call the adapter makes. */
export type CheckoutSessions = Pick<Stripe['checkout']['sessions'], 'create'>;

export class StripeCheckout implements CheckoutPort {
  private readonly sessions: () => Promise<CheckoutSessions>;
  private readonly creditors: Pick<CreditorStore, 'getProfile'>;

  constructor(sessions: () => Promise<CheckoutSessions>, creditors: Pick<CreditorStore, 'getProfile'>) {
    this.sessions = sessions;
    this.creditors = creditors;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      throw new PermanentError(`Checkout for ${request.accountId}: the amount must be a positive number of minor units`);
    }
    const profile = await this.creditors.getProfile(request.creditorId);
    if (!profile) throw new PermanentError(`Checkout for ${request.accountId}: creditor ${request.creditorId} has no profile`);
    const stripeAccount = profile.payments?.stripeAccountId;
    const metadata = { creditorId: request.creditorId, accountId: request.accountId };
    const sessions = await this.sessions();
    const session = await sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amountMinor,
              product_data: { name: request.description },
            },
          },
        ],
        metadata,
        payment_intent_data: { metadata },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      // Stripe answers a retried request with the same key with the same session: a double click pays once.
      { idempotencyKey: request.idempotencyKey, ...(stripeAccount ? { stripeAccount } : {}) },
    );
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
    return { sessionId: session.id, url: session.url };
  }
}

/**
 * The Stripe client, made once from the secret key on first use (it comes from Secrets Manager, read once). The SDK
 * (250 KB) loads then too: most portal requests show a page and never pay.
 */
export function stripeCheckoutSessions(secretKey: () => Promise<string>): () => Promise<CheckoutSessions> {
  let client: Promise<Stripe> | undefined;
  return async () => {
    client ??= Promise.all([secretKey(), import('stripe')]).then(
      ([key, { default: Stripe }]) => new Stripe(key, { maxNetworkRetries: 2 }),
      (error: unknown) => {
        client = undefined; // the next request reads the secret again
        throw error;
      },
    );
    return (await client).checkout.sessions;
  };
}
