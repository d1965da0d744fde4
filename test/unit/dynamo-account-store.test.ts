import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventFromDraft } from '../../shared/accounts/events.ts';
import type { AccountRecord } from '../../shared/accounts/account.ts';
import { accountItems, DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { BY_CREDITOR, keys } from '../../shared/adapters/dynamo-keys.ts';
import { expiresAtAfter } from '../../shared/accounts/retention.ts';
import { startLocalDynamo, type LocalDynamo } from '../../local/dynamo.ts';

let dynamo: LocalDynamo;
let store: DynamoAccountStore;
const at = new Date('2026-03-02T15:00:00Z');

function record(accountId: string): AccountRecord {
  return {
    accountId,
    creditorId: 'acme',
    accountRef: accountId,
    debtor: { name: 'Test Debtor', phone: '+12125550100', email: 'debtor@example.com' },
    balanceMinor: 1000,
    currency: 'USD',
    delinquencyDate: '2025-01-01',
    timeZones: ['America/New_York'],
    placedAt: at.toISOString(),
    sourceKey: 'k',
    sourceLine: 2,
    attributes: {},
  };
}

beforeAll(async () => {
  dynamo = await startLocalDynamo([
    {
      TableName: 'accounts',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: BY_CREDITOR.partitionKey, AttributeType: 'S' },
        { AttributeName: BY_CREDITOR.sortKey, AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_CREDITOR.indexName,
          KeySchema: [
            { AttributeName: BY_CREDITOR.partitionKey, KeyType: 'HASH' },
            { AttributeName: BY_CREDITOR.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ]);
  store = new DynamoAccountStore(dynamo.documents, 'accounts');
});
afterAll(async () => dynamo.close());

describe('DynamoAccountStore (on the embedded store)', () => {
  it('creates an account once and routes its contacts', async () => {
    expect(await store.createAccounts([record('acc-1')])).toEqual(['created']);
    expect(await store.createAccounts([record('acc-1'), record('acc-1b')])).toEqual(['exists', 'created']);
    expect(await store.findAccountsByContact('sms', '+12125550100')).toEqual([
      { accountId: 'acc-1', creditorId: 'acme' },
      { accountId: 'acc-1b', creditorId: 'acme' },
    ]);
  });

  it('records an event once, in order, and reports duplicates', async () => {
    await store.createAccounts([record('acc-2')]);
    const first = eventFromDraft('acc-2', at, { type: 'handoff-requested', key: 'a' });
    const second = eventFromDraft('acc-2', at, { type: 'resolved', outcome: 'paid', key: 'b' });
    expect(await store.appendEvent(first)).toEqual({ status: 'recorded', seq: 1 });
    expect(await store.appendEvent(first)).toEqual({ status: 'duplicate' });
    expect(await store.appendEvent(second)).toEqual({ status: 'recorded', seq: 2 });
    const history = await store.loadHistory('acc-2');
    expect(history?.version).toBe(2);
    expect(history?.events.map((e) => [e.eventId, e.seq])).toEqual([
      ['acc-2:a', 1],
      ['acc-2:b', 2],
    ]);
  });

  it('parks a token only against the version it saw, and hands it to the next event', async () => {
    await store.createAccounts([record('acc-3')]);
    const { version } = (await store.loadHistory('acc-3'))!;
    // An event lands between the plan's read and the parking of its token: the token must not be parked.
    await store.appendEvent(eventFromDraft('acc-3', at, { type: 'handoff-requested', key: 'x' }));
    expect(await store.parkTaskToken('acc-3', 'token-1', version)).toBe('stale');
    // Parked against the current version, the next event takes the token with it, exactly once.
    expect(await store.parkTaskToken('acc-3', 'token-2', version + 1)).toBe('parked');
    const woke = await store.appendEvent(eventFromDraft('acc-3', at, { type: 'handoff-approved', by: 'creditor', key: 'y' }));
    expect(woke).toEqual({ status: 'recorded', seq: 2, wakeToken: 'token-2' });
    const next = await store.appendEvent(eventFromDraft('acc-3', at, { type: 'resolved', outcome: 'paid', key: 'z' }));
    expect(next).toEqual({ status: 'recorded', seq: 3 });
  });

  it("keeps a creditor's review queue in time order, once per message", async () => {
    const item = { creditorId: 'acme', accountId: 'acc-1', channel: 'sms' as const, messageId: 'm1', text: 'hmm' };
    await store.queueForReview({ ...item, at: '2026-03-02T16:00:00.000Z' });
    await store.queueForReview({ ...item, at: '2026-03-02T15:00:00.000Z', messageId: 'm0' });
    await store.queueForReview({ ...item, at: '2026-03-02T16:00:00.000Z' });
    expect((await store.listForReview('acme')).map((r) => r.messageId)).toEqual(['m0', 'm1']);
    expect(await store.listForReview('other')).toEqual([]);
  });

  it('finishes an event whose first write stopped half-way instead of calling it a duplicate', async () => {
    await store.createAccounts([record('acc-4')]);
    const event = eventFromDraft('acc-4', at, { type: 'handoff-requested', key: 'h' });
    // Simulate a crash after the conditional put: the item exists without its sequence number.
    await dynamo.documents.send(
      new PutCommand({ TableName: 'accounts', Item: { pk: 'ACCOUNT#acc-4', sk: `EVENT#${event.eventId}`, kind: 'event', event } }),
    );
    expect(await store.appendEvent(event)).toEqual({ status: 'recorded', seq: 1 });
    expect(await store.appendEvent(event)).toEqual({ status: 'duplicate' });
  });

  it('loses no parked token when a write stops after the version bump, or after the event took the token', async () => {
    await store.createAccounts([record('acc-5')]);
    expect(await store.parkTaskToken('acc-5', 'token-5', 0)).toBe('parked');
    const event = eventFromDraft('acc-5', at, { type: 'handoff-approved', by: 'creditor', key: 'a' });
    // Crash 1: the event is stored and the version bumped, then the writer dies before the event gets its seq.
    await dynamo.documents.send(
      new PutCommand({ TableName: 'accounts', Item: { pk: 'ACCOUNT#acc-5', sk: `EVENT#${event.eventId}`, kind: 'event', event } }),
    );
    await dynamo.documents.send(
      new UpdateCommand({
        TableName: 'accounts',
        Key: { pk: 'ACCOUNT#acc-5', sk: 'STATE' },
        UpdateExpression: 'ADD eventVersion :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    // The retry still finds the token, and hands it over.
    expect(await store.appendEvent(event)).toEqual({ status: 'recorded', seq: 2, wakeToken: 'token-5' });
    const { Item } = await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: { pk: 'ACCOUNT#acc-5', sk: 'STATE' } }));
    expect(Item?.waitToken).toBeUndefined();
    // Crash 2: the writer dies after the event took the token, before anyone woke it: the re-delivery hands it back.
    expect(await store.appendEvent(event)).toEqual({ status: 'duplicate', wakeToken: 'token-5' });
  });

  it("lists a creditor's accounts in account_ref order, and reads one with its events in one query", async () => {
    const globex = (accountId: string, accountRef: string): AccountRecord => ({ ...record(accountId), creditorId: 'globex', accountRef });
    await store.createAccounts([globex('acc-g2', 'B-2')]);
    await store.createAccounts([globex('acc-g1', 'A-1')]);
    await store.appendEvent(eventFromDraft('acc-g1', at, { type: 'handoff-requested', key: 'h' }));
    const pages: string[][] = [];
    for await (const page of store.listCreditorAccounts('globex')) pages.push(page);
    expect(pages.flat()).toEqual(['acc-g1', 'acc-g2']);
    const read = await store.readAccount('acc-g1');
    expect(read?.record.accountRef).toBe('A-1');
    expect(read?.events.map((e) => e.type)).toEqual(['handoff-requested']);
    expect(await store.readAccount('acc-missing')).toBeUndefined();
    expect(await store.loadHistory('acc-missing')).toBeUndefined();
  });

  it('writes the stored routes of an existing account again, healing a write that stopped before them', async () => {
    const placed = { ...record('acc-6'), debtor: { name: 'Route Debtor', phone: '+12125550106', email: 'route@example.com' } };
    await store.createAccounts([placed]);
    await dynamo.documents.send(new DeleteCommand({ TableName: 'accounts', Key: { pk: 'CONTACT#sms#+12125550106', sk: 'ACCOUNT#acc-6' } }));
    expect(await store.findAccountsByContact('sms', '+12125550106')).toEqual([]);
    // Placed again with another phone: the stored placement stands, and its route is back; the new phone gets none.
    const again = { ...placed, debtor: { ...placed.debtor, phone: '+12125550199' } };
    expect(await store.createAccounts([again])).toEqual(['exists']);
    expect(await store.findAccountsByContact('sms', '+12125550106')).toEqual([{ accountId: 'acc-6', creditorId: 'acme' }]);
    expect(await store.findAccountsByContact('sms', '+12125550199')).toEqual([]);
    expect((await store.getAccount('acc-6'))?.debtor.phone).toBe('+12125550106');
  });

  it('keeps the event version and the parked token when the placement is written again', async () => {
    const placed = record('acc-7');
    await store.createAccounts([placed]);
    await store.appendEvent(eventFromDraft('acc-7', at, { type: 'handoff-requested', key: 'a' }));
    expect(await store.parkTaskToken('acc-7', 'token-7', 1)).toBe('parked');
    // A second writer that saw no account (a race between two uploads) puts the placement again.
    await dynamo.documents.send(
      new BatchWriteCommand({ RequestItems: { accounts: [{ PutRequest: { Item: accountItems(placed)[0]! } }] } }),
    );
    const history = await store.loadHistory('acc-7');
    expect(history?.version).toBe(1);
    expect(history?.events.map((e) => e.type)).toEqual(['handoff-requested']);
    expect(await store.appendEvent(eventFromDraft('acc-7', at, { type: 'resolved', outcome: 'paid', key: 'b' }))).toEqual({
      status: 'recorded',
      seq: 2,
      wakeToken: 'token-7',
    });
  });

  it('parks against version 0 on an account without events, and hands the token to its first event', async () => {
    await store.createAccounts([record('acc-8')]);
    expect((await store.loadHistory('acc-8'))?.version).toBe(0);
    expect(await store.parkTaskToken('acc-8', 'token-8', 0)).toBe('parked');
    const first = await store.appendEvent(eventFromDraft('acc-8', at, { type: 'handoff-requested', key: 'a' }));
    expect(first).toEqual({ status: 'recorded', seq: 1, wakeToken: 'token-8' });
    // Version 0 has passed: a token parked against it now is stale.
    expect(await store.parkTaskToken('acc-8', 'token-8b', 0)).toBe('stale');
    const { Item } = await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: { pk: 'ACCOUNT#acc-8', sk: 'STATE' } }));
    expect(Item).toEqual({ pk: 'ACCOUNT#acc-8', sk: 'STATE', eventVersion: 1, expiresAt: expiresAtAfter(at.toISOString()) });
  });

  it('creates more accounts in one call than one BatchGetItem reads', async () => {
    const bulk = Array.from({ length: 250 }, (_, i) => ({ ...record(`bulk-${i}`), creditorId: 'bulk-co' }));
    expect(await store.createAccounts(bulk.slice(0, 150))).toEqual(Array(150).fill('created'));
    const outcomes = await store.createAccounts(bulk);
    expect(outcomes.slice(0, 150)).toEqual(Array(150).fill('exists'));
    expect(outcomes.slice(150)).toEqual(Array(100).fill('created'));
    const pages: string[][] = [];
    for await (const page of store.listCreditorAccounts('bulk-co')) pages.push(page);
    expect(pages.flat()).toHaveLength(250);
  });

  it('keeps an account three years after its last activity: every event moves the expiry of the whole partition', async () => {
    const item = async (key: { pk: string; sk: string }) =>
      (await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: key, ConsistentRead: true }))).Item;
    const epoch = (iso: string) => Date.parse(iso) / 1000;
    await store.createAccounts([record('acc-retained')]);
    // Placed at 2026-03-02T15:00:00Z: kept until the same instant of 2029.
    expect((await item(keys.account('acc-retained')))!.expiresAt).toBe(epoch('2029-03-02T15:00:00Z'));

    const later = new Date('2027-06-15T09:30:00Z');
    const event = eventFromDraft('acc-retained', later, {
      type: 'payment-received',
      amountMinor: 100,
      source: 'creditor',
      reference: 'p1',
      key: 'p1',
    });
    await store.appendEvent(event);
    const threeYearsOn = epoch('2030-06-15T09:30:00Z');
    expect((await item(keys.event('acc-retained', event.eventId)))!.expiresAt).toBe(threeYearsOn);
    expect((await item(keys.accountState('acc-retained')))!.expiresAt).toBe(threeYearsOn);
    expect((await item(keys.account('acc-retained')))!.expiresAt).toBe(threeYearsOn);
    // A leap day: 2028-02-29 plus three years is 2031-03-01.
    const leap = eventFromDraft('acc-retained', new Date('2028-02-29T12:00:00Z'), {
      type: 'payment-received',
      amountMinor: 100,
      source: 'creditor',
      reference: 'p2',
      key: 'p2',
    });
    await store.appendEvent(leap);
    expect((await item(keys.account('acc-retained')))!.expiresAt).toBe(epoch('2031-03-01T12:00:00Z'));
  });

  it('moves the contact routes with the account, so they always outlive it, and a review item expires with its reply', async () => {
    const item = async (key: { pk: string; sk: string }) =>
      (await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: key, ConsistentRead: true }))).Item;
    const epoch = (iso: string) => Date.parse(iso) / 1000;
    const month = 31 * 24 * 3600;
    const placed = record('acc-routes');
    await store.createAccounts([placed]);
    const route = keys.contact('email', placed.debtor.email!, 'acc-routes');
    expect((await item(route))!.expiresAt).toBe(epoch('2029-03-02T15:00:00Z') + month);
    const pay = (iso: string, ref: string) =>
      store.appendEvent(
        eventFromDraft('acc-routes', new Date(iso), {
          type: 'payment-received',
          amountMinor: 1,
          source: 'creditor',
          reference: ref,
          key: ref,
        }),
      );
    // Within the month of margin the route stays; past it, it moves to a month after the account.
    await pay('2026-03-20T15:00:00Z', 'a');
    expect((await item(route))!.expiresAt).toBe(epoch('2029-03-02T15:00:00Z') + month);
    await pay('2026-05-01T15:00:00Z', 'b');
    expect((await item(route))!.expiresAt).toBe(epoch('2029-05-01T15:00:00Z') + month);
    await pay('2026-05-10T15:00:00Z', 'c');
    expect((await item(route))!.expiresAt).toBeGreaterThanOrEqual((await item(keys.account('acc-routes')))!.expiresAt);

    const review = {
      creditorId: 'acme',
      accountId: 'acc-routes',
      at: '2026-05-10T15:00:00.000Z',
      channel: 'email',
      messageId: 'm1',
      text: 'hi',
    } as const;
    await store.queueForReview(review);
    expect((await item(keys.review(review)))!.expiresAt).toBe(epoch('2029-05-10T15:00:00Z'));
  });

  it('does not create a placement item when it records an event for an account that has none', async () => {
    await store.appendEvent(
      eventFromDraft('acc-missing', at, { type: 'payment-received', amountMinor: 100, source: 'creditor', reference: 'p1', key: 'p1' }),
    );
    const { Item } = await dynamo.documents.send(
      new GetCommand({ TableName: 'accounts', Key: keys.account('acc-missing'), ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
  });
});
