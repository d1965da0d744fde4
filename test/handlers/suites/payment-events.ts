// functions/payment-events: a payment the processor reports on EventBridge becomes one event on the account and wakes
// its workflow; a re-delivery records nothing new; an event Tactful cannot place fails loudly (to the dead-letter queue).
import { TEST_ENV } from '../setup/env.ts';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { retryClassOf } from '../../../shared/errors.ts';
import { accountIdFor } from '../../../shared/accounts/account.ts';
import { MemoryAccountStore, RecordingWorkflow, accountRecord, lambdaContext } from '../setup/fakes.ts';

const { createHandler } = await import('../../../functions/payment-events/handler.ts');

/** This deployment's account (the events' default sender), and a processor that works for acme only. */
const OPERATOR = '123456789012';
const ACME_PROCESSOR = '444455556666';
const processors = { operatorAccount: OPERATOR, creditorsOf: { [ACME_PROCESSOR]: ['acme'] } };

function paymentEvent(detail: Record<string, unknown>, account = OPERATOR): never {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Payment Received',
    source: 'tactful.payments',
    account,
    time: '2026-03-02T15:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  } as never;
}

const record = accountRecord();
const payment = { creditorId: 'acme', accountRef: 'ACC-1', amount: '100.00', currency: 'USD', reference: 'ch_123' };

describe('functions/payment-events', () => {
  function world() {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const workflow = new RecordingWorkflow();
    return { store, workflow, handler: createHandler({ store, workflow, processors }) };
  }

  it('records the payment once and wakes the waiting workflow once', async () => {
    const { store, workflow, handler } = world();
    await store.parkTaskToken(record.accountId, 'wait-token', store.version(record.accountId));
    expect(await handler(paymentEvent(payment), lambdaContext('payment-events'))).toEqual({ outcome: 'recorded' });
    expect(await handler(paymentEvent(payment), lambdaContext('payment-events'))).toEqual({ outcome: 'duplicate' });
    const payments = (await store.loadHistory(record.accountId))!.events.filter((e) => e.type === 'payment-received');
    expect(payments).toMatchObject([{ amountMinor: 10_000, source: 'processor', reference: 'ch_123' }]);
    expect(workflow.resumed.map((r) => r.token)).toEqual(['wait-token']);
  });

  it('fails an event for an unknown account or another currency, so it waits in the dead-letter queue', async () => {
    const { handler } = world();
    await expect(handler(paymentEvent({ ...payment, accountRef: 'NOPE' }), lambdaContext('payment-events'))).rejects.toThrow(
      /unknown-account/,
    );
    await expect(handler(paymentEvent({ ...payment, currency: 'EUR' }), lambdaContext('payment-events'))).rejects.toThrow(
      /currency-mismatch/,
    );
  });

  it("fails, permanently and without recording, a payment whose account is not the event's creditor's", async () => {
    const store = new MemoryAccountStore();
    // The account id the event leads to holds another creditor's placement.
    const globexAccount = accountRecord({ creditorId: 'globex', accountId: accountIdFor('acme', 'ACC-1') });
    store.seed(globexAccount, new Date('2026-03-01T12:00:00Z'));
    const handler = createHandler({ store, workflow: new RecordingWorkflow(), processors });
    const error = await handler(paymentEvent(payment), lambdaContext('payment-events')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PaymentCreditorMismatchError' });
    expect(retryClassOf(error)).toBe('permanent');
    expect((await store.loadHistory(globexAccount.accountId))!.events.filter((e) => e.type === 'payment-received')).toEqual([]);
  });

  it('takes a payment from a processor only for the creditors the deploy settings bind it to; others fail for good', async () => {
    const { store, handler } = world();
    expect(await handler(paymentEvent(payment, ACME_PROCESSOR), lambdaContext('payment-events'))).toEqual({ outcome: 'recorded' });
    const globex = accountRecord({ creditorId: 'globex', accountId: accountIdFor('globex', 'G-1'), accountRef: 'G-1' });
    store.seed(globex, new Date('2026-03-01T12:00:00Z'));
    for (const [detail, account] of [
      [{ ...payment, creditorId: 'globex', accountRef: 'G-1', reference: 'ch_9' }, ACME_PROCESSOR],
      [{ ...payment, reference: 'ch_10' }, '999988887777'],
    ] as const) {
      const error = await handler(paymentEvent(detail, account), lambdaContext('payment-events')).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'PaymentProcessorNotAllowedError' });
      expect(retryClassOf(error)).toBe('permanent');
    }
    expect((await store.loadHistory(globex.accountId))!.events.filter((e) => e.type === 'payment-received')).toEqual([]);
    expect((await store.loadHistory(record.accountId))!.events.filter((e) => e.type === 'payment-received')).toHaveLength(1);
  });

  it('reads its processors from PAYMENT_PROCESSORS as infra writes it', async () => {
    const { paymentProcessorGrants } = await import('../../../functions/payment-events/handler.ts');
    expect(paymentProcessorGrants.parse(JSON.parse(TEST_ENV.PAYMENT_PROCESSORS))).toEqual(processors);
  });

  it('rejects a malformed payment with an InvalidEventError naming the field', async () => {
    const { handler } = world();
    const error = await handler(paymentEvent({ ...payment, amount: '12,50' }), lambdaContext('payment-events')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(JSON.stringify((error as Error).cause)).toMatch(/amount/);
  });
});
