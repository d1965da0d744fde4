// functions/creditor-reports: the daily schedule writes each creditor's status, remittance and KPI files for the day
// before, the same bytes on a re-run; the module-scope handler reads through the ByCreditor index and puts to S3.
import '../setup/env.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { MemoryFileStore } from '../../../local/outboxes.ts';
import { parseCsv } from '../../../shared/placements/csv.ts';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, s3Mock as s3, resetAwsMocks } from '../setup/aws-mocks.ts';
import {
  DEBTOR,
  MemoryAccountStore,
  MemoryCreditorStore,
  accountRecord,
  acmeProfile,
  globexProfile,
  lambdaContext,
} from '../setup/fakes.ts';

type CreditorReportsModule = typeof import('../../../functions/creditor-reports/handler.ts');

/** What an EventBridge schedule rule delivers at 00:15 UTC on 2026-03-06. */
const SCHEDULED = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-03-06T00:15:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/daily'],
  detail: {},
};
const DAILY = 'creditors/acme/outbox/daily';

describe('functions/creditor-reports', () => {
  let module: CreditorReportsModule;
  beforeAll(async () => {
    module = await import('../../../functions/creditor-reports/handler.ts');
  });

  function world() {
    const store = new MemoryAccountStore();
    const placedAt = new Date('2026-03-02T14:00:00Z');
    const open = accountRecord({ accountRef: 'ACC-2' });
    const paid = accountRecord({ accountRef: 'ACC-1' });
    store.seed(open, placedAt, { type: 'stage-entered', stage: 'SoftReminder', key: 'stage' });
    store.seed(
      paid,
      placedAt,
      { type: 'stage-entered', stage: 'SoftReminder', key: 'stage' },
      { type: 'touch-sent', touchId: 't1', stage: 'SoftReminder', channel: 'email', template: 'soft-reminder.email.en.v1', key: 't1' },
    );
    // Events carry their own times: the payment and the resolution happen on the reported day.
    const on5th = (iso: string) => new Date(`2026-03-05T${iso}Z`);
    void store.appendEvent({
      eventId: `${paid.accountId}:pay`,
      accountId: paid.accountId,
      at: on5th('16:00:00').toISOString(),
      type: 'payment-received',
      amountMinor: 25_000,
      source: 'creditor',
      reference: 'wire-77',
    });
    void store.appendEvent({
      eventId: `${paid.accountId}:resolved`,
      accountId: paid.accountId,
      at: on5th('16:00:01').toISOString(),
      type: 'resolved',
      outcome: 'paid',
    });
    const files = new MemoryFileStore();
    const creditors = new MemoryCreditorStore(acmeProfile(), globexProfile());
    return { store, files, handler: module.createHandler({ store, creditors, files }) };
  }

  describe('createHandler with in-memory ports', () => {
    it("writes every creditor's four files for the day before the scheduled time", async () => {
      const { files, handler } = world();
      const result = await handler(SCHEDULED, lambdaContext('creditor-reports'));

      expect(result.creditors.map((c) => [c.creditorId, c.day])).toEqual([
        ['acme', '2026-03-05'],
        ['globex', '2026-03-05'],
      ]);
      expect(files.keys('creditors/acme/outbox/')).toEqual([
        `${DAILY}/kpis-2026-03-05.csv`,
        `${DAILY}/kpis-2026-03-05.json`,
        `${DAILY}/remittance-2026-03-05.csv`,
        `${DAILY}/status-2026-03-05.csv`,
      ]);
      expect(files.keys('creditors/globex/outbox/daily/')).toHaveLength(4);

      const status = parseCsv(await files.getText(`${DAILY}/status-2026-03-05.csv`)).records.map((r) => r.values);
      expect(status.map((r) => [r.account_ref, r.status, r.outcome, r.resolved_on])).toEqual([
        ['ACC-1', 'resolved', 'paid', '2026-03-05'],
        ['ACC-2', 'open', '', ''],
      ]);
      // Never contacted, and 18:59 in New York at the end of the day: the planner would send its first email now.
      expect(status[1]).toMatchObject({
        stage: 'SoftReminder',
        next_step: 'send-email',
        next_step_at: '2026-03-05T23:59Z',
        balance: '250.00',
      });

      const remittance = parseCsv(await files.getText(`${DAILY}/remittance-2026-03-05.csv`)).records.map((r) => r.values);
      expect(remittance).toEqual([
        { account_ref: 'ACC-1', date: '2026-03-05', amount: '250.00', currency: 'USD', source: 'creditor', reference: 'wire-77' },
      ]);

      const kpis = JSON.parse(await files.getText(`${DAILY}/kpis-2026-03-05.json`));
      expect(kpis).toMatchObject({
        creditorId: 'acme',
        day: '2026-03-05',
        kpis: { placed: { accounts: 2 }, recoveryRate: { value: 0.5 } },
      });
    });

    it("still writes the other creditors' files when one creditor's fail, then fails the run naming it", async () => {
      const { store, files } = world();
      const failing = Object.create(store, {
        listCreditorAccounts: {
          value: async function* (creditorId: string) {
            if (creditorId === 'acme') throw new Error('acme data broke');
            yield* store.listCreditorAccounts(creditorId);
          },
        },
      });
      const creditors = new MemoryCreditorStore(acmeProfile(), globexProfile());
      const handler = module.createHandler({ store: failing, creditors, files });

      await expect(handler(SCHEDULED, lambdaContext('creditor-reports'))).rejects.toThrow(
        'the daily files of 1 creditor(s) failed: acme; 1 written',
      );
      expect(files.keys('creditors/globex/outbox/daily/')).toHaveLength(4);
      expect(files.keys('creditors/acme/outbox/')).toEqual([]);
    });

    it("reports a creditor on its own day: New York's 5 March after New York's midnight, not UTC's", async () => {
      const files = new MemoryFileStore();
      const newYork = { ...globexProfile(), reporting: { timeZone: 'America/New_York' } };
      const handler = module.createHandler({ store: new MemoryAccountStore(), creditors: new MemoryCreditorStore(newYork), files });
      const at = (time: string) => ({ ...SCHEDULED, time });

      expect(await handler(at('2026-03-06T00:15:00Z'), lambdaContext('creditor-reports'))).toEqual({ creditors: [] });
      const run = await handler(at('2026-03-06T05:15:00Z'), lambdaContext('creditor-reports'));
      expect(run.creditors.map((c) => [c.creditorId, c.day])).toEqual([['globex', '2026-03-05']]);
      expect(await handler(at('2026-03-06T06:15:00Z'), lambdaContext('creditor-reports'))).toEqual({ creditors: [] });
      const kpis = JSON.parse(await files.getText('creditors/globex/outbox/daily/kpis-2026-03-05.json'));
      expect(kpis.kpis.asOf).toBe('2026-03-06T04:59:59.999Z');
    });

    it('never writes the debtor’s name or contact details', async () => {
      const { files, handler } = world();
      await handler(SCHEDULED, lambdaContext('creditor-reports'));
      for (const key of files.keys('creditors/')) {
        const body = await files.getText(key);
        for (const pii of [DEBTOR.name, DEBTOR.email, DEBTOR.phone]) expect(body, key).not.toContain(pii);
      }
    });

    it('rewrites the same keys with the same bytes when the day runs again', async () => {
      const { files, handler } = world();
      await handler(SCHEDULED, lambdaContext('creditor-reports'));
      const first = new Map(await Promise.all(files.keys('creditors/').map(async (k) => [k, await files.getText(k)] as const)));
      await handler({ day: '2026-03-05', creditorIds: ['acme'] }, lambdaContext('creditor-reports'));
      await handler(SCHEDULED, lambdaContext('creditor-reports'));
      const second = new Map(await Promise.all(files.keys('creditors/').map(async (k) => [k, await files.getText(k)] as const)));
      expect(second).toEqual(first);
    });

    it('refuses an event that names no day, and a day that does not exist', async () => {
      const { handler } = world();
      await expect(handler({ detail: {} } as never, lambdaContext('creditor-reports'))).rejects.toBeInstanceOf(InvalidEventError);
      await expect(handler({ day: '2026-02-30' }, lambdaContext('creditor-reports'))).rejects.toBeInstanceOf(InvalidEventError);
    });
  });

  describe('module-scope handler on mocked DynamoDB and S3', () => {
    it('lists the creditors, pages through the ByCreditor index and puts the files under the daily prefix', async () => {
      resetAwsMocks();
      const record = accountRecord({ accountRef: 'ACC-9' });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CREDITORS' } }).resolves({ Items: [{ creditorId: 'acme' }] });
      ddb.on(QueryCommand, { IndexName: 'ByCreditor' }).resolves({ Items: [{ pk: `ACCOUNT#${record.accountId}`, sk: 'META' }] });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `ACCOUNT#${record.accountId}` } }).resolves({
        Items: [
          {
            pk: `ACCOUNT#${record.accountId}`,
            sk: `EVENT#${record.accountId}:placed`,
            seq: 1,
            event: {
              eventId: `${record.accountId}:placed`,
              accountId: record.accountId,
              at: '2026-03-02T14:00:00.000Z',
              type: 'placed',
              balanceMinor: 1000,
              currency: 'USD',
              creditorId: 'acme',
            },
          },
          { pk: `ACCOUNT#${record.accountId}`, sk: 'META', record },
          { pk: `ACCOUNT#${record.accountId}`, sk: 'STATE', eventVersion: 1 },
        ],
      });
      ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
      s3.on(PutObjectCommand).resolves({});

      await module.handler(SCHEDULED, lambdaContext('creditor-reports'));

      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        IndexName: 'ByCreditor',
        ExpressionAttributeValues: { ':creditor': 'acme' },
      });
      const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
      expect(puts.map((p) => p.Key).sort()).toEqual([
        `${DAILY}/kpis-2026-03-05.csv`,
        `${DAILY}/kpis-2026-03-05.json`,
        `${DAILY}/remittance-2026-03-05.csv`,
        `${DAILY}/status-2026-03-05.csv`,
      ]);
      expect(puts.every((p) => p.Bucket === TEST_ENV.BUCKET_NAME)).toBe(true);
      expect(String(puts.find((p) => p.Key!.includes('status'))!.Body)).toContain('ACC-9,open,');
    });
  });
});
