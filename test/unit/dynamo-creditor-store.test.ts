// Profile versions on the embedded DynamoDB, where only the table shows them (the rest is the store contract,
// test/support/store-contract.ts): a half-written version rolled forward, and a profile put before versions taken over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCreditorStore } from '../../shared/adapters/dynamo-creditor-store.ts';
import { keys } from '../../shared/adapters/dynamo-keys.ts';
import { parseCreditorProfile, type CreditorProfile } from '../../shared/creditors/profile.ts';
import { profileContentHash } from '../../shared/creditors/profile-versions.ts';
import { startLocalDynamo, type LocalDynamo } from '../../local/dynamo.ts';

let dynamo: LocalDynamo;
let store: DynamoCreditorStore;

const profile = (creditorId: string, senderName: string): CreditorProfile =>
  parseCreditorProfile({
    creditorId,
    brand: { name: 'Acme', senderName, senderEmail: 'billing@acme.test', paymentUrl: 'https://pay.acme.test/', signOff: 'Acme' },
  });
const accept = (p: CreditorProfile, key = 'k') =>
  store.acceptProfile(p, { acceptedAt: '2026-03-02T15:00:00.000Z', source: { key }, contentHash: profileContentHash(p) });

beforeAll(async () => {
  dynamo = await startLocalDynamo([
    {
      TableName: 'creditors',
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
  store = new DynamoCreditorStore(dynamo.documents, 'creditors');
});
afterAll(async () => dynamo.close());

describe('DynamoCreditorStore profile versions', () => {
  it('rolls forward a version written by a writer that stopped before making it current', async () => {
    await accept(profile('co-b', 'One'));
    const orphan = profile('co-b', 'Orphan');
    await dynamo.documents.send(
      new PutCommand({
        TableName: 'creditors',
        Item: {
          ...keys.profileVersion('co-b', 2),
          version: 2,
          acceptedAt: 'x',
          source: { key: 'crashed' },
          contentHash: profileContentHash(orphan),
          profile: orphan,
        },
      }),
    );
    expect(await accept(profile('co-b', 'Three'))).toEqual({ status: 'accepted', version: 3 });
    expect((await store.getProfileVersion('co-b', 2))?.profile.brand.senderName).toBe('Orphan');
    expect((await store.getProfile('co-b'))?.brand.senderName).toBe('Three');
  });

  it('takes over a profile put before versions, giving uploads racing each other their own version numbers', async () => {
    await dynamo.documents.send(
      new PutCommand({ TableName: 'creditors', Item: { ...keys.profile('co-c'), kind: 'profile', profile: profile('co-c', 'Legacy') } }),
    );
    const results = await Promise.all(['A', 'B', 'C'].map((name) => accept(profile('co-c', name))));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
    const inForce = (await store.getProfile('co-c'))?.brand.senderName;
    expect((await store.getProfileVersion('co-c', 3))?.profile.brand.senderName).toBe(inForce);
  });
});
