// The Stripe Checkout adapter on a mocked Stripe client (no network): one Checkout Session in payment mode for the
// chosen amount, ids only in its metadata (and its PaymentIntent's), the idempotency key passed through, and the
// creditor's connected account when its profile names one.
import { describe, expect, it, vi } from 'vitest';
import { StripeCheckout, stripeCheckoutSessions, type CheckoutSessions } from '../../shared/adapters/stripe-checkout.ts';
import { parseCreditorProfile, type CreditorProfile } from '../../shared/creditors/profile.ts';
import type { CheckoutRequest } from '../../shared/payments/checkout.ts';
import { acmeProfile } from '../handlers/setup/fakes.ts';

const request: CheckoutRequest = {
  creditorId: 'acme',
  accountId: 'acme#ACC-1',
  amountMinor: 12_550,
  currency: 'USD',
  description: 'Acme Energy account payment',
  successUrl: 'https://pay.tactful.test/p/tok?paid=1',
  cancelUrl: 'https://pay.tactful.test/p/tok',
  idempotencyKey: 'checkout:acme#ACC-1:tok:12550',
};

function checkout(profile: CreditorProfile | undefined) {
  const create = vi.fn(async () => ({ id: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }));
  const sessions = { create } as unknown as CheckoutSessions;
  return { create, port: new StripeCheckout(async () => sessions, { getProfile: async () => profile }) };
}

describe('StripeCheckout', () => {
  it('creates one payment-mode session for the amount, with ids only in the metadata, under the idempotency key', async () => {
    const { create, port } = checkout(acmeProfile());
    expect(await port.createCheckout(request)).toEqual({ sessionId: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    expect(create).toHaveBeenCalledTimes(1);
    const [params, options] = create.mock.calls[0] as unknown as [Record<string, any>, Record<string, unknown>];
    expect(params).toMatchObject({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 12_550, product_data: { name: request.description } } }],
      metadata: { creditorId: 'acme', accountId: 'acme#ACC-1' },
      payment_intent_data: { metadata: { creditorId: 'acme', accountId: 'acme#ACC-1' } },
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
    });
    // No debtor data goes to Stripe from Tactful: no name, email or phone anywhere in the request.
    expect(JSON.stringify(params)).not.toMatch(/Dana|Whitfield|@example\.com|\+1212/);
    expect(options).toEqual({ idempotencyKey: request.idempotencyKey });
  });

  it("takes the payment on the creditor's connected account when its profile names one", async () => {
    const { create, port } = checkout(parseCreditorProfile({ ...acmeProfile(), payments: { stripeAccountId: 'acct_1AcmeEnergy' } }));
    await port.createCheckout(request);
    expect((create.mock.calls[0] as unknown[])[1]).toEqual({ idempotencyKey: request.idempotencyKey, stripeAccount: 'acct_1AcmeEnergy' });
  });

  it('refuses an amount that is not a positive whole number of minor units, and a creditor without a profile, before calling Stripe', async () => {
    const { create, port } = checkout(acmeProfile());
    await expect(port.createCheckout({ ...request, amountMinor: 0 })).rejects.toThrow(/positive/);
    await expect(port.createCheckout({ ...request, amountMinor: 12.5 })).rejects.toThrow(/positive/);
    await expect(checkout(undefined).port.createCheckout(request)).rejects.toThrow(/no profile/);
    expect(create).not.toHaveBeenCalled();
  });

  it('reads the secret key once for every session, and again only after a failed read', async () => {
    const secretKey = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('throttled')).mockResolvedValue('sk_test_123');
    const sessions = stripeCheckoutSessions(secretKey);
    await expect(sessions()).rejects.toThrow('throttled');
    const first = await sessions();
    expect(await sessions()).toBe(first);
    expect(typeof first.create).toBe('function');
    expect(secretKey).toHaveBeenCalledTimes(2);
  });
});

describe('the creditor profile', () => {
  it('may name a Stripe account id (acct_…), and nothing else in its place', () => {
    expect(parseCreditorProfile({ ...acmeProfile(), payments: { stripeAccountId: 'acct_1AcmeEnergy' } }).payments).toEqual({
      stripeAccountId: 'acct_1AcmeEnergy',
    });
    expect(parseCreditorProfile(acmeProfile()).payments).toBeUndefined();
    expect(() => parseCreditorProfile({ ...acmeProfile(), payments: { stripeAccountId: 'sk_live_oops' } })).toThrow(/Stripe account id/);
  });
});
