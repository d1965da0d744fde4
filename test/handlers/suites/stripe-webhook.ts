// functions/stripe-webhook: Stripe's signed events, through the real handler on in-memory ports. The signature is
// checked on the raw (base64) body; payments count once per PaymentIntent, whichever events tell them and however
// often; refunds and lost chargebacks take back what they say; nothing from another creditor or Stripe account counts.
import '../setup/env.ts';
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { foldAccount } from '../../../shared/accounts/fold.ts';
import { parseCreditorProfile } from '../../../shared/creditors/profile.ts';
import {
  chargeRefunded,
  checkoutCompleted,
  disputeClosed,
  paymentIntentSucceeded,
  stripeSignature,
  type TactfulIds,
} from '../../support/stripe-events.ts';
import {
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  accountRecord,
  acmeProfile,
  globexProfile,
  lambdaContext,
} from '../setup/fakes.ts';

const { createHandler } = await import('../../../functions/stripe-webhook/handler.ts');
const { awsStripeSigningSecrets } = await import('../../../shared/lambda/stripe-adapters.ts');

const SECRET = 'whsec_test_acme';
const PLACED_AT = new Date('2026-03-01T12:00:00Z');

function functionUrlRequest(body: string, headers: Record<string, string>, method = 'POST'): never {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: 'webhook.lambda-url.us-east-1.on.aws', 'content-type': 'application/json; charset=utf-8', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'webhook',
      domainName: 'webhook.lambda-url.us-east-1.on.aws',
      domainPrefix: 'webhook',
      http: {
        method,
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '54.187.174.169',
        userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      routeKey: '$default',
      stage: '$default',
      time: '02/Mar/2026:15:00:00 +0000',
      timeEpoch: 1_772_463_600_000,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  } as never;
}

function world(profile = acmeProfile()) {
  const store = new MemoryAccountStore();
  const acme = accountRecord();
  const globex = accountRecord({ creditorId: 'globex', accountRef: 'G-1' });
  store.seed(acme, PLACED_AT);
  store.seed(globex, PLACED_AT);
  const creditors = new MemoryCreditorStore(profile, globexProfile());
  const workflow = new RecordingWorkflow();
  const handler = createHandler({ store, creditors, workflow, signingSecrets: async () => ['whsec_old_rolled', SECRET] });
  const ids: TactfulIds = { creditorId: 'acme', accountId: acme.accountId };
  /** Stripe posts the event, signed with `secret` at `at`. */
  const post = async (event: Record<string, unknown>, secret = SECRET, at = new Date()) => {
    const payload = JSON.stringify(event);
    const response = (await handler(
      functionUrlRequest(payload, { 'stripe-signature': stripeSignature(payload, secret, at) }),
      lambdaContext('stripe-webhook'),
    )) as {
      statusCode: number;
      body: string;
    };
    return { status: response.statusCode, outcome: (JSON.parse(response.body || '{}') as { outcome?: string }).outcome };
  };
  const state = () => foldAccount(acme.accountId, store.events(acme.accountId));
  const payments = () => store.events(acme.accountId).filter((e) => e.type === 'payment-received');
  return { store, workflow, handler, ids, post, state, payments, acme, globex };
}

describe('functions/stripe-webhook', () => {
  it('records a signed payment_intent.succeeded as a processor payment keyed by the PaymentIntent, and wakes the workflow', async () => {
    const { store, workflow, ids, post, payments, acme } = world();
    await store.parkTaskToken(acme.accountId, 'wait-token', store.version(acme.accountId));
    expect(await post(paymentIntentSucceeded('evt_1', ids, 'pi_1', 10_000))).toEqual({ status: 200, outcome: 'recorded' });
    expect(payments()).toMatchObject([{ amountMinor: 10_000, source: 'processor', reference: 'pi_1' }]);
    expect(workflow.resumed.map((r) => r.token)).toEqual(['wait-token']);
  });

  it('records a replayed event once', async () => {
    const { ids, post, payments, state } = world();
    const event = paymentIntentSucceeded('evt_1', ids, 'pi_1', 10_000);
    expect((await post(event)).outcome).toBe('recorded');
    expect(await post(event)).toEqual({ status: 200, outcome: 'duplicate' });
    expect(payments()).toHaveLength(1);
    expect(state()).toMatchObject({ balanceMinor: 15_000, collectedMinor: 10_000 });
  });

  it('counts one checkout once when both checkout.session.completed and payment_intent.succeeded arrive, in either order', async () => {
    const { ids, post, payments, state } = world();
    expect((await post(checkoutCompleted('evt_cs', ids, 'pi_1', 25_000))).outcome).toBe('recorded');
    expect((await post(paymentIntentSucceeded('evt_pi', ids, 'pi_1', 25_000))).outcome).toBe('duplicate');
    expect(payments()).toHaveLength(1);
    expect(state()).toMatchObject({ balanceMinor: 0, collectedMinor: 25_000 });
  });

  it('ignores an unpaid session (a delayed payment method), a won dispute, other event types and payments Tactful did not start', async () => {
    const { ids, post, payments } = world();
    const unpaid = checkoutCompleted('evt_cs', ids, 'pi_1', 25_000);
    (unpaid.data as { object: Record<string, unknown> }).object.payment_status = 'unpaid';
    expect(await post(unpaid)).toEqual({ status: 200, outcome: 'ignored' });
    const foreign = paymentIntentSucceeded('evt_x', { creditorId: '', accountId: '' }, 'pi_x', 500);
    (foreign.data as { object: Record<string, unknown> }).object.metadata = { order: '42' };
    expect((await post(foreign)).outcome).toBe('ignored');
    expect((await post(disputeClosed('evt_dw', 'pi_1', 25_000, 'won'))).outcome).toBe('ignored');
    expect((await post({ ...paymentIntentSucceeded('evt_c', ids, 'pi_2', 100), type: 'customer.created' })).outcome).toBe('ignored');
    expect(payments()).toEqual([]);
  });

  describe('refuses, recording nothing', () => {
    it('a bad signature, a missing one, or an altered body: 400', async () => {
      const { handler, ids, post, payments } = world();
      expect(await post(paymentIntentSucceeded('evt_1', ids, 'pi_1', 10_000), 'whsec_forger')).toEqual({ status: 400, outcome: undefined });
      const payload = JSON.stringify(paymentIntentSucceeded('evt_2', ids, 'pi_2', 10_000));
      const signature = stripeSignature(payload, SECRET);
      const altered = payload.replace('10000', '1');
      const ctx = lambdaContext('stripe-webhook');
      expect(await handler(functionUrlRequest(altered, { 'stripe-signature': signature }), ctx)).toMatchObject({ statusCode: 400 });
      expect(await handler(functionUrlRequest(payload, {}), ctx)).toMatchObject({ statusCode: 400 });
      expect(payments()).toEqual([]);
    });

    it('an event signed more than five minutes ago (a replayed capture): 400', async () => {
      const { ids, post, payments } = world();
      const sixMinutesAgo = new Date(Date.now() - 6 * 60_000);
      expect((await post(paymentIntentSucceeded('evt_1', ids, 'pi_1', 10_000), SECRET, sixMinutesAgo)).status).toBe(400);
      expect(payments()).toEqual([]);
    });

    it("a payment whose metadata names another creditor's account: 403", async () => {
      const { post, payments, acme, store, globex } = world();
      // Globex's metadata with Acme's account, and Acme's with Globex's.
      expect(await post(paymentIntentSucceeded('evt_1', { creditorId: 'globex', accountId: acme.accountId }, 'pi_1', 100))).toEqual({
        status: 403,
        outcome: 'creditor-mismatch',
      });
      expect((await post(paymentIntentSucceeded('evt_2', { creditorId: 'acme', accountId: globex.accountId }, 'pi_2', 100))).status).toBe(
        403,
      );
      expect(payments()).toEqual([]);
      expect(store.events(globex.accountId).filter((e) => e.type === 'payment-received')).toEqual([]);
    });

    it("an event from a Stripe account other than the one the creditor's profile names: 403", async () => {
      const connected = parseCreditorProfile({ ...acmeProfile(), payments: { stripeAccountId: 'acct_1AcmeEnergy' } });
      const { ids, post, payments } = world(connected);
      expect((await post(paymentIntentSucceeded('evt_1', ids, 'pi_1', 100, { account: 'acct_1Intruder' }))).status).toBe(403);
      // Nor from the platform's own account, once the creditor has its own.
      expect((await post(paymentIntentSucceeded('evt_2', ids, 'pi_2', 100))).status).toBe(403);
      expect(payments()).toEqual([]);
      expect(await post(paymentIntentSucceeded('evt_3', ids, 'pi_3', 100, { account: 'acct_1AcmeEnergy' }))).toEqual({
        status: 200,
        outcome: 'recorded',
      });
    });

    it("a connected account's event for a creditor whose profile names none: 403", async () => {
      const { ids, post, payments } = world();
      expect((await post(paymentIntentSucceeded('evt_1', ids, 'pi_1', 100, { account: 'acct_1Someone' }))).status).toBe(403);
      expect(payments()).toEqual([]);
    });

    it('a refund of a payment not recorded yet: 409, so that Stripe delivers it again', async () => {
      const { post, state } = world();
      expect(await post(chargeRefunded('evt_r', 'pi_1', 10_000, 10_000))).toEqual({ status: 409, outcome: 'unknown-payment' });
      expect(state()).toMatchObject({ balanceMinor: 25_000, collectedMinor: 0 });
    });

    it('anything but a POST: 405', async () => {
      const { handler } = world();
      expect(await handler(functionUrlRequest('', {}, 'GET'), lambdaContext('stripe-webhook'))).toMatchObject({ statusCode: 405 });
    });
  });

  it('reverses partial refunds by amount (Stripe reports the running total), each once, in any order', async () => {
    const { ids, post, state } = world();
    await post(paymentIntentSucceeded('evt_p', ids, 'pi_1', 20_000));
    expect(state()).toMatchObject({ balanceMinor: 5_000, collectedMinor: 20_000 });
    // A second partial refund delivered before the first, and the first delivered twice.
    expect((await post(chargeRefunded('evt_r2', 'pi_1', 20_000, 7_000))).outcome).toBe('recorded');
    expect((await post(chargeRefunded('evt_r1', 'pi_1', 20_000, 3_000))).outcome).toBe('recorded');
    expect((await post(chargeRefunded('evt_r1', 'pi_1', 20_000, 3_000))).outcome).toBe('duplicate');
    expect(state()).toMatchObject({ balanceMinor: 12_000, collectedMinor: 13_000 });
  });

  it('reverses a lost chargeback; with a refund of the same payment, never more than the payment', async () => {
    const { ids, post, state } = world();
    await post(checkoutCompleted('evt_cs', ids, 'pi_1', 10_000));
    await post(chargeRefunded('evt_r', 'pi_1', 10_000, 4_000));
    expect((await post(disputeClosed('evt_d', 'pi_1', 10_000, 'lost'))).outcome).toBe('recorded');
    expect(state()).toMatchObject({ balanceMinor: 25_000, collectedMinor: 0 });
  });

  it('keeps a paid account resolved when its payment is reversed, flagged, with the balance owed again', async () => {
    const { ids, post, store, acme, state } = world();
    await post(paymentIntentSucceeded('evt_p', ids, 'pi_1', 25_000));
    await store.appendEvent({
      eventId: `${acme.accountId}:resolved`,
      accountId: acme.accountId,
      at: '2026-03-02T16:00:00.000Z',
      type: 'resolved',
      outcome: 'paid',
    });
    await post(disputeClosed('evt_d', 'pi_1', 25_000, 'lost'));
    expect(state()).toMatchObject({ status: 'resolved', outcome: 'paid', balanceMinor: 25_000, collectedMinor: 0 });
    expect(state().reversedAfterResolutionAt).toBeDefined();
  });

  it('reads the signing secrets from Secrets Manager once (every one in the comma-separated value), again only after a failure', async () => {
    const secrets = mockClient(SecretsManagerClient);
    try {
      secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'whsec_account, whsec_connect' });
      const signingSecrets = awsStripeSigningSecrets();
      await expect(signingSecrets()).rejects.toThrow('throttled');
      expect(await signingSecrets()).toEqual(['whsec_account', 'whsec_connect']);
      expect(await signingSecrets()).toEqual(['whsec_account', 'whsec_connect']);
      expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
      expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: process.env.STRIPE_WEBHOOK_SECRET_ARN });
    } finally {
      secrets.restore();
    }
  });
});
