import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventFromDraft } from '../../shared/accounts/events.ts';
import { accountItems, DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { keys } from '../../shared/adapters/dynamo-keys.ts';
import { expiresAtAfter } from '../../shared/accounts/retention.ts';
import { startLocalDynamo, type LocalDynamo } from '../../local/dynamo.ts';
import { accountRecord, storeTable } from '../support/store-contract.ts';

let dynamo: LocalDynamo;
let store: DynamoAccountStore;
const at = new Date('2026-03-02T15:00:00Z');
const record = accountRecord;

beforeAll(async () => {
  dynamo = await startLocalDynamo([storeTable('accounts')]);
  store = new DynamoAccountStore(dynamo.documents, 'accounts');
});
afterAll(async () => dynamo.close());

// What every AccountStore does is in test/support/store-contract.ts; here, what only the table shows: items a crash
// left half-written, re-written placements, and the expiry attribute.
describe('DynamoAccountStore (on the embedded store)', () => {
  it("remembers a processor payment's account with the three-year expiry", async () => {
    await store.putPaymentRoute('pi_1', { accountId: 'acc-pay', creditorId: 'acme' }, at.toISOString());
    const { Item } = await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: keys.paymentRoute('pi_1') }));
    expect(Item?.expiresAt).toBe(expiresAtAfter(at.toISOString()));
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

  it("creates the state item with the account's first event, and takes the token parked against version 0 off it", async () => {
    await store.createAccounts([record('acc-8')]);
    expect(await store.parkTaskToken('acc-8', 'token-8', 0)).toBe('parked');
    await store.appendEvent(eventFromDraft('acc-8', at, { type: 'handoff-requested', key: 'a' }));
    const { Item } = await dynamo.documents.send(new GetCommand({ TableName: 'accounts', Key: { pk: 'ACCOUNT#acc-8', sk: 'STATE' } }));
    expect(Item).toEqual({ pk: 'ACCOUNT#acc-8', sk: 'STATE', eventVersion: 1, expiresAt: expiresAtAfter(at.toISOString()) });
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
