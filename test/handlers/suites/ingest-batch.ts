// functions/ingest-batch: one Distributed Map batch of placement rows. Valid rows become accounts with one Lifecycle
// execution each; invalid and repeated rows are rejected with their file line; re-delivery creates nothing twice.
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { accountIdFor } from '../../../shared/accounts/account.ts';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, sfnMock as sfn, resetAwsMocks } from '../setup/aws-mocks.ts';
import {
  INSIDE_HOURS,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  acmeProfile,
  accountRecord,
  lambdaContext,
} from '../setup/fakes.ts';

type IngestModule = typeof import('../../../functions/ingest-batch/handler.ts');

const KEY = 'creditors/acme/inbox/placements/p.csv';

function row(accountRef: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    account_ref: accountRef,
    debtor_name: `Debtor ${accountRef}`,
    balance: '250.00',
    currency: 'usd',
    delinquency_date: '2025-11-01',
    email: `${accountRef.toLowerCase()}@Example.com`,
    phone: '(212) 555-0147',
    state: 'NY',
    loan_type: 'energy',
    ...overrides,
  };
}

const batch = {
  Items: [
    { index: 0, row: row('ACC-1') },
    { index: 1, row: row('ACC-2', { phone: '', state: 'CA' }) },
    { index: 2, row: row('ACC-3', { balance: 'twelve' }) },
    { index: 3, row: row('ACC-1', { debtor_name: 'Someone Else' }) },
  ],
  BatchInput: { key: KEY, repeats: {}, overlong: {} },
};
const acc1 = accountIdFor('acme', 'ACC-1');
const acc2 = accountIdFor('acme', 'ACC-2');

describe('functions/ingest-batch', () => {
  let ingest: IngestModule;
  beforeAll(async () => {
    ingest = await import('../../../functions/ingest-batch/handler.ts');
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function world() {
    const store = new MemoryAccountStore();
    const creditors = new MemoryCreditorStore(acmeProfile());
    const workflow = new RecordingWorkflow();
    return { store, workflow, handler: ingest.createHandler({ store, creditors, workflow }) };
  }

  describe('createHandler with in-memory ports', () => {
    it('creates an account and starts one execution per valid row, and rejects the others by line', async () => {
      const { store, workflow, handler } = world();

      const result = await handler(batch, lambdaContext('ingest-batch'));

      expect(result.accepted).toBe(2);
      expect(result.alreadyPlaced).toBe(0);
      expect(result.rejected).toEqual([
        { line: 4, field: 'balance', reason: expect.stringContaining('decimal amount') },
        { line: 5, field: 'account_ref', reason: 'appears more than once in this file (first on line 2)' },
      ]);
      expect([...store.records.keys()].sort()).toEqual([acc1, acc2].sort());
      expect(workflow.startCalls).toEqual([acc1, acc2]);
    });

    it('rejects a line CheckFile found repeating an earlier one, even when its batch runs first', async () => {
      const { store, handler } = world();
      const repeats = { '150': 2 };
      const first = { Items: [{ index: 0, row: row('ACC-1') }], BatchInput: { key: KEY, repeats, overlong: {} } };
      const later = {
        Items: [{ index: 148, row: row('ACC-1', { debtor_name: 'Someone Else' }) }],
        BatchInput: { key: KEY, repeats, overlong: {} },
      };

      await expect(handler(later, lambdaContext('ingest-batch'))).resolves.toEqual({
        accepted: 0,
        alreadyPlaced: 0,
        rejected: [{ line: 150, field: 'account_ref', reason: 'appears more than once in this file (first on line 2)' }],
      });
      expect(store.records.size).toBe(0);
      await expect(handler(first, lambdaContext('ingest-batch'))).resolves.toEqual({ accepted: 1, alreadyPlaced: 0, rejected: [] });
      // A retried batch finds its account and moves on.
      await expect(handler(first, lambdaContext('ingest-batch'))).resolves.toEqual({ accepted: 0, alreadyPlaced: 1, rejected: [] });
      expect(store.records.get(acc1)).toMatchObject({ sourceLine: 2, debtor: { name: 'Debtor ACC-1' } });
    });

    it('rejects a malformed repeats map (a line that is not a number) with an InvalidEventError', async () => {
      const { handler } = world();
      await expect(
        handler(
          { Items: [{ index: 0, row: row('A') }], BatchInput: { key: KEY, repeats: { first: 2 }, overlong: {} } },
          lambdaContext('ingest-batch'),
        ),
      ).rejects.toBeInstanceOf(InvalidEventError);
    });

    it('normalises the placed record (minor units, E.164, lower-case email, time zones, attributes)', async () => {
      const { store, handler } = world();
      await handler(batch, lambdaContext('ingest-batch'));

      expect(store.records.get(acc1)).toEqual({
        accountId: acc1,
        creditorId: 'acme',
        accountRef: 'ACC-1',
        debtor: { name: 'Debtor ACC-1', email: 'acc-1@example.com', phone: '+12125550147', address: { state: 'NY' } },
        balanceMinor: 25_000,
        currency: 'USD',
        delinquencyDate: '2025-11-01',
        timeZones: ['America/New_York'],
        placedAt: INSIDE_HOURS.toISOString(),
        sourceKey: KEY,
        sourceLine: 2,
        attributes: { loan_type: 'energy' },
      });
      expect(store.records.get(acc2)).toMatchObject({ debtor: { email: 'acc-2@example.com' }, timeZones: ['America/Los_Angeles'] });
      expect(store.records.get(acc2)!.debtor.phone).toBeUndefined();
    });

    it('rejection reasons never echo the cell (no PII in the result)', async () => {
      const { handler } = world();
      const result = await handler(
        {
          Items: [{ index: 7, row: row('ACC-9', { email: 'not-an-email-dana', phone: '555' }) }],
          BatchInput: { key: KEY, repeats: {}, overlong: {} },
        },
        lambdaContext('ingest-batch'),
      );
      expect(result.rejected.map((r) => [r.line, r.field])).toEqual([
        [9, 'email'],
        [9, 'phone'],
      ]);
      expect(JSON.stringify(result)).not.toContain('not-an-email-dana');
    });

    it('re-running the same batch creates nothing new but still starts each execution idempotently', async () => {
      const { store, workflow, handler } = world();
      await handler(batch, lambdaContext('ingest-batch'));

      const again = await handler(structuredClone(batch), lambdaContext('ingest-batch'));

      expect(again.accepted).toBe(0);
      expect(again.alreadyPlaced).toBe(2);
      expect(again.rejected.map((r) => r.line)).toEqual([4, 5]);
      expect(store.records.size).toBe(2);
      expect(store.createCalls).toHaveLength(4);
      expect(workflow.startCalls).toEqual([acc1, acc2, acc1, acc2]);
      expect(workflow.executions.size).toBe(2);
    });

    it('rejects every row of a file from a creditor without a profile', async () => {
      const { store, workflow, handler } = world();
      const result = await handler(
        {
          Items: [
            { index: 0, row: row('X-1') },
            { index: 1, row: row('X-2') },
          ],
          BatchInput: { key: 'creditors/initech/inbox/placements/p.csv', repeats: {}, overlong: {} },
        },
        lambdaContext('ingest-batch'),
      );
      expect(result).toEqual({
        accepted: 0,
        alreadyPlaced: 0,
        rejected: [
          { line: 2, field: '(file)', reason: 'creditor "initech" has no accepted profile' },
          { line: 3, field: '(file)', reason: 'creditor "initech" has no accepted profile' },
        ],
      });
      expect(store.records.size).toBe(0);
      expect(workflow.startCalls).toEqual([]);
    });

    it('rejects a malformed batch (negative index, missing key) with an InvalidEventError', async () => {
      const { handler } = world();
      await expect(
        handler(
          { Items: [{ index: -1, row: row('A') }], BatchInput: { key: KEY, repeats: {}, overlong: {} } },
          lambdaContext('ingest-batch'),
        ),
      ).rejects.toBeInstanceOf(InvalidEventError);
      await expect(handler({ Items: [] } as never, lambdaContext('ingest-batch'))).rejects.toBeInstanceOf(InvalidEventError);
    });

    it('fails on a key outside a creditor inbox', async () => {
      const { handler } = world();
      await expect(
        handler(
          { Items: [{ index: 0, row: row('A') }], BatchInput: { key: 'uploads/p.csv', repeats: {}, overlong: {} } },
          lambdaContext('ingest-batch'),
        ),
      ).rejects.toThrow('is not an inbox file');
    });
  });

  describe('module-scope handler, DynamoDB + Step Functions mocked', () => {
    const one = { Items: [{ index: 0, row: row('ACC-1') }], BatchInput: { key: KEY, repeats: {}, overlong: {} } };

    beforeEach(() => {
      resetAwsMocks();
      ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
      ddb.on(BatchGetCommand).resolves({ Responses: { [TEST_ENV.TABLE_NAME]: [] } });
      ddb.on(BatchWriteCommand).resolves({});
      sfn.on(StartExecutionCommand).resolves({ executionArn: `${TEST_ENV.LIFECYCLE_STATE_MACHINE_ARN}:${acc1}`, startDate: new Date() });
    });

    it('reads which accounts exist, batch-writes the new account with its contact routes, then starts the named execution', async () => {
      const result = await ingest.handler(one, lambdaContext('ingest-batch'));

      expect(result).toEqual({ accepted: 1, alreadyPlaced: 0, rejected: [] });
      expect(ddb).toHaveReceivedCommandExactlyOnceWith(BatchGetCommand, {
        RequestItems: {
          [TEST_ENV.TABLE_NAME]: {
            Keys: [{ pk: `ACCOUNT#${acc1}`, sk: 'META' }],
            ConsistentRead: true,
            ProjectionExpression: '#record',
            ExpressionAttributeNames: { '#record': 'record' },
          },
        },
      });
      // No conditional put per account; the account item carries no mutable state (that is the STATE item's).
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
      const account = expect.objectContaining({
        pk: `ACCOUNT#${acc1}`,
        sk: 'META',
        kind: 'account',
        byCreditorId: 'acme',
        byAccountRef: 'ACC-1',
      });
      expect(ddb).toHaveReceivedCommandExactlyOnceWith(BatchWriteCommand, {
        RequestItems: {
          [TEST_ENV.TABLE_NAME]: [
            { PutRequest: { Item: account } },
            {
              PutRequest: {
                Item: {
                  pk: 'CONTACT#email#acc-1@example.com',
                  sk: `ACCOUNT#${acc1}`,
                  kind: 'contact',
                  creditorId: 'acme',
                  expiresAt: expect.any(Number),
                },
              },
            },
            {
              PutRequest: {
                Item: {
                  pk: 'CONTACT#sms#+12125550147',
                  sk: `ACCOUNT#${acc1}`,
                  kind: 'contact',
                  creditorId: 'acme',
                  expiresAt: expect.any(Number),
                },
              },
            },
          ],
        },
      });
      expect(sfn).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
        stateMachineArn: TEST_ENV.LIFECYCLE_STATE_MACHINE_ARN,
        name: acc1,
        input: JSON.stringify({ accountId: acc1 }),
      });
      const written = ddb.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems![TEST_ENV.TABLE_NAME]![0]!;
      expect(written.PutRequest!.Item).not.toHaveProperty('eventVersion');
    });

    it('treats an existing account and an existing execution as already placed, not as errors', async () => {
      // Placed before, by another file: already placed, not a repeated row of this one.
      const earlier = accountRecord({ accountRef: 'ACC-1', sourceKey: 'creditors/acme/inbox/placements/earlier.csv', sourceLine: 9 });
      ddb.on(BatchGetCommand).resolves({ Responses: { [TEST_ENV.TABLE_NAME]: [{ record: earlier }] } });
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${acc1}`, sk: 'META' } }).resolves({ Item: { record: earlier } });
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ $metadata: {}, message: 'Execution Already Exists' }));

      await expect(ingest.handler(one, lambdaContext('ingest-batch'))).resolves.toEqual({ accepted: 0, alreadyPlaced: 1, rejected: [] });
      // The stored placement stays; its contact routes (not the file's) are written again.
      expect(ddb).toHaveReceivedCommandExactlyOnceWith(BatchWriteCommand, {
        RequestItems: {
          [TEST_ENV.TABLE_NAME]: [
            {
              PutRequest: {
                Item: {
                  pk: `CONTACT#email#${earlier.debtor.email}`,
                  sk: `ACCOUNT#${acc1}`,
                  kind: 'contact',
                  creditorId: 'acme',
                  expiresAt: expect.any(Number),
                },
              },
            },
            {
              PutRequest: {
                Item: {
                  pk: `CONTACT#sms#${earlier.debtor.phone}`,
                  sk: `ACCOUNT#${acc1}`,
                  kind: 'contact',
                  creditorId: 'acme',
                  expiresAt: expect.any(Number),
                },
              },
            },
          ],
        },
      });
      expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    });
  });
});
