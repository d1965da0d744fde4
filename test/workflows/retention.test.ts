// Every item an offline run writes expires (the table's TTL attribute, shared/accounts/retention.ts), but the creditor
// configuration: profiles, their versions, the creditor list and number claims are kept while the creditor is served.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRES_AT_ATTRIBUTE } from '../../shared/accounts/retention.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { template, World } from '../support/world.ts';

/** Creditor configuration, documented as kept (docs/threat-model.md). */
const KEPT_KINDS = new Set(['profile', 'profile-version', 'creditor', 'origination']);

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

async function everyItem(): Promise<Array<Record<string, unknown>>> {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB }));
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: process.env[ENV.tableName], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  db.destroy();
  return items;
}

describe('retention', () => {
  it('gives every item of an account (events, state, placement, contact routes, review items) an expiry', async () => {
    world = await World.start([
      { ref: 'R1', email: 'r1@example.com', phone: '+12125550147' },
      { ref: 'R2', email: 'r2@example.com' },
    ]);
    await world.runFor(3);
    await world.emailBack('R2', 'Could you tell me more about the fee on my statement?');
    await world.runFor(10);

    const items = await everyItem();
    const kinds = new Set(items.map((i) => String(i.kind ?? i.sk)));
    expect([...kinds]).toEqual(expect.arrayContaining(['account', 'STATE', 'event', 'contact', 'review', 'profile']));
    const lacking = items.filter((i) => !KEPT_KINDS.has(String(i.kind)) && typeof i[EXPIRES_AT_ATTRIBUTE] !== 'number');
    expect(lacking.map((i) => `${i.pk} ${i.sk}`)).toEqual([]);

    // A route outlives its account, so a STOP always reaches it.
    for (const route of items.filter((i) => i.kind === 'contact')) {
      const account = items.find((i) => i.kind === 'account' && i.pk === route.sk)!;
      expect(route[EXPIRES_AT_ATTRIBUTE]).toBeGreaterThanOrEqual(account[EXPIRES_AT_ATTRIBUTE] as number);
    }
  });
});
