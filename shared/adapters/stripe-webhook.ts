// Stripe's webhook signature (the Stripe-Signature header: an HMAC-SHA256 of "timestamp.raw body" with the endpoint's
// signing secret), checked by the Stripe SDK on the raw bytes, with its five-minute tolerance against replays.
import Stripe from 'stripe';

/** The request is not Stripe's, was altered, or is older than the tolerance: it is answered 400 and nothing is read. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/**
 * The event, once its signature matches one of the signing secrets (an account endpoint and a Connect endpoint have
 * one each, and a rotated secret overlaps the new one for a while).
 */
export function verifyStripeEvent(rawBody: Buffer, signature: string | undefined, secrets: readonly string[]): unknown {
  if (!signature) throw new WebhookSignatureError('No Stripe-Signature header');
  let failure = 'No webhook signing secret is configured';
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
      failure = error.message.split('\n')[0] ?? failure;
    }
  }
  throw new WebhookSignatureError(failure);
}
