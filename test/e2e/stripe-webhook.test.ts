// Stripe on the offline platform: the real template's webhook Function URL, signed events posted to it as Stripe
// would (base64 body), and the real Lifecycle reacting. A checkout pays once and the account resolves; a later lost
// chargeback brings the balance back and flags the closed account; a forged event changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { chargeRefunded, checkoutCompleted, disputeClosed, paymentIntentSucceeded } from '../support/stripe-events.ts';
import { EXAMPLE_PROFILE, HOUR, World } from '../support/world.ts';

/** The Stripe account the example creditor's profile names: its events come from there. */
const fromCreditor = { account: EXAMPLE_PROFILE.payments!.stripeAccountId! };

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Stripe webhook, offline', () => {
  it('records a checkout once from both of its events, resolves the account, and reverses a lost chargeback after', async () => {
    world = await World.start([{ ref: 'S1', email: 's1@example.com' }]);
    const ids = { creditorId: world.creditorId, accountId: world.accountId('S1') };
    const responses: number[] = [];
    const post = (event: Record<string, unknown>) => async () => responses.push((await world!.platform.postStripeEvent(event)).statusCode);
    world.at(2 * HOUR, post(checkoutCompleted('evt_cs', ids, 'pi_s1', 50_000, fromCreditor)));
    world.at(2 * HOUR + 1_000, post(paymentIntentSucceeded('evt_pi', ids, 'pi_s1', 50_000, fromCreditor)));
    world.at(3 * HOUR, post(paymentIntentSucceeded('evt_pi', ids, 'pi_s1', 50_000, fromCreditor)));
    await world.runFor(10);
    expect(await world.state('S1')).toMatchObject({ status: 'resolved', outcome: 'paid', collectedMinor: 50_000 });
    const payments = (await world.platform.store.loadHistory(world.accountId('S1')))!.events.filter((e) => e.type === 'payment-received');
    expect(payments).toMatchObject([{ amountMinor: 50_000, source: 'processor', reference: 'pi_s1' }]);

    world.at(10 * 24 * HOUR + HOUR, post(chargeRefunded('evt_r', 'pi_s1', 50_000, 10_000, fromCreditor)));
    world.at(10 * 24 * HOUR + 2 * HOUR, post(disputeClosed('evt_d', 'pi_s1', 50_000, 'lost', fromCreditor)));
    await world.runFor(11);
    const state = await world.state('S1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'paid', balanceMinor: 50_000, collectedMinor: 0 });
    expect(state.reversedAfterResolutionAt).toBeDefined();
    expect(responses).toEqual([200, 200, 200, 200, 200]);
    // The webhook used only the table actions it is granted (test/e2e/replay.test.ts checks the simulator's functions).
    expect([...(world.platform.storeCalls.get('stripe-webhook') ?? [])].sort()).toEqual([
      'appendEvent',
      'findPaymentRoute',
      'getAccount',
      'getProfile',
      'putPaymentRoute',
    ]);
  }, 300_000);

  it('refuses an event signed with another secret, and one signed too long ago, and records nothing', async () => {
    world = await World.start([{ ref: 'S2', email: 's2@example.com' }]);
    const ids = { creditorId: world.creditorId, accountId: world.accountId('S2') };
    const forged = await world.platform.postStripeEvent(paymentIntentSucceeded('evt_f', ids, 'pi_f', 50_000, fromCreditor), {
      secret: 'whsec_forger',
    });
    const stale = await world.platform.postStripeEvent(paymentIntentSucceeded('evt_s', ids, 'pi_s', 50_000, fromCreditor), {
      at: new Date(Date.now() - HOUR),
    });
    expect([forged.statusCode, stale.statusCode]).toEqual([400, 400]);
    await world.runFor(1);
    expect(await world.state('S2')).toMatchObject({ status: 'active', collectedMinor: 0 });
  }, 300_000);
});
