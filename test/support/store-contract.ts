// The contract every AccountStore and CreditorStore keeps, whatever holds the data: run against the DynamoDB adapters
// on the embedded DynamoDB and against the in-memory stores (test/unit/store-contract.test.ts). What only a table can
// show (items half-written by a crash, expiry attributes) stays in the DynamoDB adapters' own tests.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../shared/accounts/account.ts';
import { BY_CREDITOR } from '../../shared/adapters/dynamo-keys.ts';
import { eventFromDraft } from '../../shared/accounts/events.ts';
import { parseCreditorProfile, type CreditorProfile } from '../../shared/creditors/profile.ts';
import { OriginationNumberTakenError, profileContentHash } from '../../shared/creditors/profile-versions.ts';
import type { AccountStore, CreditorStore } from '../../shared/ports.ts';

export interface StoreUnderTest<T> {
  store: T;
  close(): Promise<void>;
}

const at = new Date('2026-03-02T15:00:00Z');

/** The single table's key schema and its ByCreditor index, as the template declares them. */
export function storeTable(TableName: string): CreateTableCommandInput {
  return {
    TableName,
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
  };
}

export function accountRecord(accountId: string): AccountRecord {
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

export function accountStoreContract(name: string, open: () => Promise<StoreUnderTest<AccountStore>>): void {
  describe(`AccountStore contract: ${name}`, () => {
    let opened: StoreUnderTest<AccountStore>;
    let store: AccountStore;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => opened.close());

    it('creates an account once and routes its contacts', async () => {
      expect(await store.createAccounts([accountRecord('acc-1')])).toEqual(['created']);
      expect(await store.createAccounts([accountRecord('acc-1'), accountRecord('acc-1b')])).toEqual(['exists', 'created']);
      expect(await store.findAccountsByContact('sms', '+12125550100')).toEqual([
        { accountId: 'acc-1', creditorId: 'acme' },
        { accountId: 'acc-1b', creditorId: 'acme' },
      ]);
      expect(await store.findAccountsByContact('email', 'nobody@example.com')).toEqual([]);
    });

    it('keeps the stored placement of an existing account: a new phone gets no route', async () => {
      const placed = { ...accountRecord('acc-6'), debtor: { name: 'Route Debtor', phone: '+12125550106', email: 'route@example.com' } };
      await store.createAccounts([placed]);
      const again = { ...placed, debtor: { ...placed.debtor, phone: '+12125550199' } };
      expect(await store.createAccounts([again])).toEqual(['exists']);
      expect(await store.findAccountsByContact('sms', '+12125550106')).toEqual([{ accountId: 'acc-6', creditorId: 'acme' }]);
      expect(await store.findAccountsByContact('sms', '+12125550199')).toEqual([]);
      expect((await store.getAccount('acc-6'))?.debtor.phone).toBe('+12125550106');
      expect(await store.getAccount('acc-none')).toBeUndefined();
    });

    it('records an event once, in order, and reports duplicates', async () => {
      await store.createAccounts([accountRecord('acc-2')]);
      const first = eventFromDraft('acc-2', at, { type: 'handoff-requested', key: 'a' });
      const second = eventFromDraft('acc-2', at, { type: 'resolved', outcome: 'paid', key: 'b' });
      expect(await store.appendEvent(first)).toEqual({ status: 'recorded', seq: 1 });
      expect(await store.appendEvent(first)).toEqual({ status: 'duplicate' });
      expect(await store.appendEvent(second)).toEqual({ status: 'recorded', seq: 2 });
      const history = await store.loadHistory('acc-2');
      expect(history?.version).toBe(2);
      expect(history?.events).toEqual([
        { ...first, seq: 1 },
        { ...second, seq: 2 },
      ]);
    });

    it('gives events recorded at once distinct sequence numbers, and each a duplicate after', async () => {
      await store.createAccounts([accountRecord('acc-9')]);
      const events = ['a', 'b', 'c'].map((key) => eventFromDraft('acc-9', at, { type: 'handoff-requested', key }));
      const results = await Promise.all(events.map((event) => store.appendEvent(event)));
      expect(results.map((r) => (r.status === 'recorded' ? r.seq : 0)).sort()).toEqual([1, 2, 3]);
      expect(await Promise.all(events.map((event) => store.appendEvent(event)))).toEqual(Array(3).fill({ status: 'duplicate' }));
      expect((await store.loadHistory('acc-9'))?.version).toBe(3);
    });

    it('parks a token only against the version it saw, and hands it to the next event', async () => {
      await store.createAccounts([accountRecord('acc-3')]);
      const { version } = (await store.loadHistory('acc-3'))!;
      // An event lands between the plan's read and the parking of its token: the token must not be parked.
      await store.appendEvent(eventFromDraft('acc-3', at, { type: 'handoff-requested', key: 'x' }));
      expect(await store.parkTaskToken('acc-3', 'token-1', version)).toBe('stale');
      // Parked against the current version, the next event takes the token with it, exactly once.
      expect(await store.parkTaskToken('acc-3', 'token-2', version + 1)).toBe('parked');
      const woke = eventFromDraft('acc-3', at, { type: 'handoff-approved', by: 'creditor', key: 'y' });
      expect(await store.appendEvent(woke)).toEqual({ status: 'recorded', seq: 2, wakeToken: 'token-2' });
      // A second delivery of the waking event hands the token back: waking it again is harmless, losing it is not.
      expect(await store.appendEvent(woke)).toEqual({ status: 'duplicate', wakeToken: 'token-2' });
      const next = await store.appendEvent(eventFromDraft('acc-3', at, { type: 'resolved', outcome: 'paid', key: 'z' }));
      expect(next).toEqual({ status: 'recorded', seq: 3 });
    });

    it('parks against version 0 on an account without events, and hands the token to its first event', async () => {
      await store.createAccounts([accountRecord('acc-8')]);
      expect((await store.loadHistory('acc-8'))?.version).toBe(0);
      expect(await store.parkTaskToken('acc-8', 'token-8', 0)).toBe('parked');
      const first = await store.appendEvent(eventFromDraft('acc-8', at, { type: 'handoff-requested', key: 'a' }));
      expect(first).toEqual({ status: 'recorded', seq: 1, wakeToken: 'token-8' });
      // Version 0 has passed: a token parked against it now is stale.
      expect(await store.parkTaskToken('acc-8', 'token-8b', 0)).toBe('stale');
    });

    it('keeps the newest parked token: an older one is replaced', async () => {
      await store.createAccounts([accountRecord('acc-10')]);
      expect(await store.parkTaskToken('acc-10', 'token-old', 0)).toBe('parked');
      expect(await store.parkTaskToken('acc-10', 'token-new', 0)).toBe('parked');
      const woke = await store.appendEvent(eventFromDraft('acc-10', at, { type: 'handoff-requested', key: 'a' }));
      expect(woke).toEqual({ status: 'recorded', seq: 1, wakeToken: 'token-new' });
    });

    it("remembers a processor payment's account, once, for its refunds", async () => {
      expect(await store.findPaymentRoute('pi_unknown')).toBeUndefined();
      await store.putPaymentRoute('pi_1', { accountId: 'acc-pay', creditorId: 'acme' }, at.toISOString());
      await store.putPaymentRoute('pi_1', { accountId: 'acc-pay', creditorId: 'acme' }, at.toISOString());
      expect(await store.findPaymentRoute('pi_1')).toEqual({ accountId: 'acc-pay', creditorId: 'acme' });
    });

    it("keeps a creditor's review queue in time order, once per message", async () => {
      const item = { creditorId: 'acme', accountId: 'acc-1', channel: 'sms' as const, messageId: 'm1', text: 'hmm' };
      await store.queueForReview({ ...item, at: '2026-03-02T16:00:00.000Z' });
      await store.queueForReview({ ...item, at: '2026-03-02T15:00:00.000Z', messageId: 'm0' });
      await store.queueForReview({ ...item, at: '2026-03-02T16:00:00.000Z' });
      expect((await store.listForReview('acme')).map((r) => r.messageId)).toEqual(['m0', 'm1']);
      expect(await store.listForReview('other')).toEqual([]);
    });

    it("lists a creditor's accounts in account_ref order, and reads one with its events", async () => {
      const globex = (accountId: string, accountRef: string): AccountRecord => ({
        ...accountRecord(accountId),
        creditorId: 'globex',
        accountRef,
      });
      await store.createAccounts([globex('acc-g2', 'B-2')]);
      await store.createAccounts([globex('acc-g1', 'A-1')]);
      await store.appendEvent(eventFromDraft('acc-g1', at, { type: 'handoff-requested', key: 'h' }));
      const pages: string[][] = [];
      for await (const page of store.listCreditorAccounts('globex')) pages.push(page);
      expect(pages.flat()).toEqual(['acc-g1', 'acc-g2']);
      const read = await store.readAccount('acc-g1');
      expect(read?.record).toEqual(globex('acc-g1', 'A-1'));
      expect(read?.events.map((e) => e.type)).toEqual(['handoff-requested']);
      expect(await store.readAccount('acc-missing')).toBeUndefined();
      expect(await store.loadHistory('acc-missing')).toBeUndefined();
    });

    it('creates more accounts in one call than one BatchGetItem reads', async () => {
      const bulk = Array.from({ length: 250 }, (_, i) => ({ ...accountRecord(`bulk-${i}`), creditorId: 'bulk-co' }));
      expect(await store.createAccounts(bulk.slice(0, 150))).toEqual(Array(150).fill('created'));
      const outcomes = await store.createAccounts(bulk);
      expect(outcomes.slice(0, 150)).toEqual(Array(150).fill('exists'));
      expect(outcomes.slice(150)).toEqual(Array(100).fill('created'));
      const pages: string[][] = [];
      for await (const page of store.listCreditorAccounts('bulk-co')) pages.push(page);
      expect(pages.flat()).toHaveLength(250);
    });

    it('cannot be changed through what it returned (a copy, or frozen)', async () => {
      await store.createAccounts([accountRecord('acc-11')]);
      await store.appendEvent(eventFromDraft('acc-11', at, { type: 'handoff-requested', key: 'a' }));
      const read = (await store.loadHistory('acc-11'))!;
      read.events.pop();
      try {
        read.record.balanceMinor = 1;
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
      }
      const again = (await store.loadHistory('acc-11'))!;
      expect(again.record.balanceMinor).toBe(1000);
      expect(again.events).toHaveLength(1);
    });
  });
}

const creditorProfile = (creditorId: string, senderName: string): CreditorProfile =>
  parseCreditorProfile({
    creditorId,
    brand: { name: 'Acme', senderName, senderEmail: 'billing@acme.test', paymentUrl: 'https://pay.acme.test/', signOff: 'Acme' },
  });

export function creditorStoreContract(name: string, open: () => Promise<StoreUnderTest<CreditorStore>>): void {
  describe(`CreditorStore contract: ${name}`, () => {
    let opened: StoreUnderTest<CreditorStore>;
    let store: CreditorStore;
    const accept = (p: CreditorProfile, key = 'k') =>
      store.acceptProfile(p, { acceptedAt: '2026-03-02T15:00:00.000Z', source: { key }, contentHash: profileContentHash(p) });
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => opened.close());

    it('numbers accepted profiles 1, 2, … and keeps each; identical content is unchanged', async () => {
      expect(await accept(creditorProfile('co-a', 'One'))).toEqual({ status: 'accepted', version: 1 });
      expect(await accept(creditorProfile('co-a', 'One'))).toEqual({ status: 'unchanged', version: 1 });
      expect(await accept(creditorProfile('co-a', 'Two'), 'second')).toEqual({ status: 'accepted', version: 2 });
      expect((await store.getProfile('co-a'))?.brand.senderName).toBe('Two');
      expect(await store.getProfileVersion('co-a', 1)).toEqual({
        version: 1,
        acceptedAt: '2026-03-02T15:00:00.000Z',
        source: { key: 'k' },
        contentHash: profileContentHash(creditorProfile('co-a', 'One')),
        profile: creditorProfile('co-a', 'One'),
      });
      expect(await store.getProfileVersion('co-a', 3)).toBeUndefined();
      expect(await store.getProfile('co-none')).toBeUndefined();
    });

    it('gives uploads racing each other their own version numbers', async () => {
      const results = await Promise.all(['A', 'B', 'C'].map((name) => accept(creditorProfile('co-race', name))));
      expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
      const inForce = (await store.getProfile('co-race'))?.brand.senderName;
      expect((await store.getProfileVersion('co-race', 3))?.profile.brand.senderName).toBe(inForce);
    });

    it("claims an SMS origination number conditionally: another creditor's number is refused, and no version is written", async () => {
      const withNumber = (creditorId: string, senderName: string) => ({
        ...creditorProfile(creditorId, senderName),
        smsOriginationNumber: '+18005550177',
      });
      expect(await accept(withNumber('co-owner', 'One'))).toEqual({ status: 'accepted', version: 1 });
      // The owner's next version keeps its number.
      expect(await accept(withNumber('co-owner', 'Two'))).toEqual({ status: 'accepted', version: 2 });
      await expect(accept(withNumber('co-thief', 'One'))).rejects.toBeInstanceOf(OriginationNumberTakenError);
      expect(await store.findCreditorByOriginationNumber('+18005550177')).toBe('co-owner');
      expect(await store.findCreditorByOriginationNumber('+18005550100')).toBeUndefined();
      expect(await store.getProfile('co-thief')).toBeUndefined();
      expect(await store.getProfileVersion('co-thief', 1)).toBeUndefined();
    });

    it('lists every creditor with a profile, once, in id order; putProfile accepts as the operator', async () => {
      await store.putProfile(creditorProfile('co-z', 'Zed'));
      await store.putProfile(creditorProfile('co-z', 'Zed'));
      expect((await store.getProfileVersion('co-z', 1))?.source).toEqual({ key: 'operator' });
      const listed = await store.listCreditors();
      expect(listed).toEqual([...new Set(listed)].sort());
      expect(listed).toEqual(expect.arrayContaining(['co-a', 'co-owner', 'co-race', 'co-z']));
      expect(listed).not.toContain('co-thief');
    });
  });
}
