// `tactful review-queue` against an embedded DynamoDB (dynalite): the same query the deployed table answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { LOCAL_CREDENTIALS, startLocalDynamo, type LocalDynamo } from '../../local/dynamo.ts';
import { runReviewQueue } from '../../local/cli/review-queue-command.ts';

let dynamo: LocalDynamo;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startLocalDynamo([
    {
      TableName: 'tactful',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ]);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.close();
});

describe('tactful review-queue', () => {
  it("prints the creditor's waiting replies oldest first, one JSON line each, and the count", async () => {
    const store = new DynamoAccountStore(dynamo.documents, 'tactful');
    const item = {
      creditorId: 'acme',
      accountId: 'acc-000000000000000000000001',
      channel: 'sms' as const,
      text: 'my cousin pays my bills',
    };
    await store.queueForReview({ ...item, at: '2026-03-03T10:00:00.000Z', messageId: 'in-2' });
    await store.queueForReview({
      ...item,
      at: '2026-03-02T10:00:00.000Z',
      messageId: 'in-1',
      channel: 'email',
      text: 'x',
      truncated: true,
    });
    await store.queueForReview({ ...item, creditorId: 'globex', at: '2026-03-01T10:00:00.000Z', messageId: 'in-0' });

    const lines: string[] = [];
    const notes: string[] = [];
    expect(
      await runReviewQueue(
        { creditor: 'acme', table: 'tactful' },
        (l) => lines.push(l),
        (l) => notes.push(l),
      ),
    ).toBe(0);

    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ messageId: 'in-1', channel: 'email', truncated: true }),
      expect.objectContaining({ messageId: 'in-2', channel: 'sms', text: 'my cousin pays my bills' }),
    ]);
    expect(notes).toEqual(['2 replies wait for review (creditor acme)']);
  });
});
