// functions/instructions: a creditor instruction file (S3 "Object Created" via EventBridge) becomes events on its
// accounts, each waking the account's workflow, and an acknowledgement in the creditor's outbox.
import '../setup/env.ts';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkStreamMixin } from '@smithy/util-stream';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { MemoryFileStore } from '../../../local/outboxes.ts';
import { INSTRUCTION_ACTIONS } from '../../../shared/usecases/apply-instructions.ts';
import { TEST_ENV } from '../setup/env.ts';
import { s3ObjectCreated } from '../setup/events.ts';
import { s3Mock as s3, ddbMock as ddb, sfnMock as sfn, resetAwsMocks } from '../setup/aws-mocks.ts';
import {
  INSIDE_HOURS,
  MemoryAccountStore,
  RecordingWorkflow,
  accountRecord,
  lambdaContext,
} from '../setup/fakes.ts';

type InstructionsModule = typeof import('../../../functions/instructions/handler.ts');

const KEY = 'creditors/acme/inbox/instructions/x.csv';
const ACK_KEY = 'creditors/acme/outbox/acknowledgements/x.csv.ack.json';
const PAYMENT_CSV = 'action,account_ref,amount,reference\npayment,ACC-1,10.00,r1\n';


const record = accountRecord();
const { accountId } = record;

describe('functions/instructions', () => {
  let instructions: InstructionsModule;
  beforeAll(async () => {
    instructions = await import('../../../functions/instructions/handler.ts');
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function world(csv: string) {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const workflow = new RecordingWorkflow();
    const files = new MemoryFileStore();
    await files.putText(KEY, csv, 'text/csv');
    return { store, workflow, files, handler: instructions.createHandler({ store, workflow, files }) };
  }

  describe('createHandler with in-memory ports', () => {
    it('records a payment of 1000 minor units, wakes the account and writes the acknowledgement', async () => {
      const { store, workflow, files, handler } = await world(PAYMENT_CSV);
      await store.parkTaskToken(accountId, 'wait-token', store.version(accountId));

      const result = await handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      expect(result).toEqual({ file: 'x.csv', applied: 1, duplicates: 0, rejected: [] });
      expect(store.events(accountId).at(-1)).toEqual({
        type: 'payment-received',
        amountMinor: 1000,
        source: 'creditor',
        reference: 'r1',
        eventId: `${accountId}:payment:r1`,
        accountId,
        at: INSIDE_HOURS.toISOString(),
        seq: 2,
      });
      expect(workflow.resumed).toEqual([{ token: 'wait-token', output: { wokenBy: 'payment-received' } }]);

      expect(files.keys('creditors/acme/outbox/')).toEqual([ACK_KEY]);
      expect(JSON.parse(await files.getText(ACK_KEY))).toEqual({
        file: 'x.csv',
        applied: 1,
        duplicates: 0,
        rejected: [],
        acknowledgedAt: INSIDE_HOURS.toISOString(),
      });
    });

    it('records nothing new when the same file arrives again (duplicate)', async () => {
      const { store, workflow, files, handler } = await world(PAYMENT_CSV);
      await handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      const again = await handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      expect(again).toEqual({ file: 'x.csv', applied: 0, duplicates: 1, rejected: [] });
      expect(store.events(accountId).filter((e) => e.type === 'payment-received')).toHaveLength(1);
      expect(workflow.resumed).toEqual([]);
      expect(JSON.parse(await files.getText(ACK_KEY))).toMatchObject({ applied: 0, duplicates: 1 });
    });

    it('rejects an unknown action and an unknown account_ref with their line numbers, applying the valid rows', async () => {
      const csv = [
        'action,account_ref,amount,reference',
        'refund,ACC-1,5.00,r2',
        'payment,ACC-404,1.00,r3',
        'payment,ACC-1,2.50,r4',
        'payment,ACC-1,2.505,r5',
        'payment,ACC-1,3.00,',
        '',
      ].join('\n');
      const { store, files, handler } = await world(csv);

      const result = await handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      expect(result.applied).toBe(1);
      expect(result.rejected).toEqual([
        { line: 2, field: 'action', reason: `must be one of ${INSTRUCTION_ACTIONS.join(', ')}` },
        { line: 3, field: 'account_ref', reason: 'no such account placed by this creditor' },
        { line: 5, field: 'amount', reason: 'amount must have at most 2 decimals for USD' },
        { line: 6, field: 'reference', reason: expect.stringContaining('required') },
      ]);
      expect(store.events(accountId).filter((e) => e.type === 'payment-received')).toEqual([
        expect.objectContaining({ amountMinor: 250, reference: 'r4' }),
      ]);
      expect(JSON.parse(await files.getText(ACK_KEY)).rejected).toHaveLength(4);
    });

    it('does not apply an instruction to another creditor\'s account with the same account_ref', async () => {
      const csv = 'action,account_ref\napprove-handoff,G-1\n';
      const { store, handler } = await world(csv);
      store.seed(accountRecord({ creditorId: 'globex', accountRef: 'G-1' }), new Date('2026-03-01T12:00:00Z'));

      const result = await handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      expect(result.rejected).toEqual([{ line: 2, field: 'account_ref', reason: 'no such account placed by this creditor' }]);
    });

    it('rejects an event that is not an EventBridge S3 event with an InvalidEventError', async () => {
      const { files, handler } = await world(PAYMENT_CSV);
      const { time: _time, ...withoutTime } = s3ObjectCreated(KEY);
      await expect(handler(withoutTime as never, lambdaContext('instructions'))).rejects.toBeInstanceOf(InvalidEventError);
      const noKey = s3ObjectCreated(KEY);
      noKey.detail.object.key = '';
      await expect(handler(noKey, lambdaContext('instructions'))).rejects.toBeInstanceOf(InvalidEventError);
      expect(files.keys('creditors/acme/outbox/')).toEqual([]);
    });
  });

  describe('module-scope handler, S3 + DynamoDB + Step Functions mocked', () => {

    beforeEach(() => {
      resetAwsMocks();
      s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from(PAYMENT_CSV, 'utf8')])) });
      s3.on(PutObjectCommand).resolves({});
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' } }).resolves({
        Item: { pk: `ACCOUNT#${accountId}`, sk: 'META', kind: 'account', record },
      });
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).resolves({});
      ddb.on(UpdateCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' }, UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt' }).resolves({
        Attributes: { eventVersion: 2, waitToken: 'sfn-wait-token' },
      });
      sfn.on(SendTaskSuccessCommand).resolves({});
    });

    it('reads the file from the configured bucket, records the payment, resumes the token and writes the ack', async () => {
      const result = await instructions.handler(s3ObjectCreated(KEY), lambdaContext('instructions'));

      expect(result).toEqual({ file: 'x.csv', applied: 1, duplicates: 0, rejected: [] });
      expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, { Bucket: TEST_ENV.BUCKET_NAME, Key: KEY });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        Item: expect.objectContaining({
          sk: `EVENT#${accountId}:payment:r1`,
          event: expect.objectContaining({ type: 'payment-received', amountMinor: 1000, reference: 'r1' }),
        }),
      });
      expect(sfn).toHaveReceivedCommandExactlyOnceWith(SendTaskSuccessCommand, {
        taskToken: 'sfn-wait-token',
        output: '{"wokenBy":"payment-received"}',
      });
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Bucket: TEST_ENV.BUCKET_NAME,
        Key: ACK_KEY,
        ContentType: 'application/json',
      });
      const ack = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as string;
      expect(JSON.parse(ack)).toMatchObject({ file: 'x.csv', applied: 1, duplicates: 0, rejected: [] });
    });
  });
});
