// AccountStore on DynamoDB. An account's partition holds its placement (META: written without a condition, so it
// holds nothing that changes), its mutable state (STATE: the event version and any parked task token) and its
// events. No transactions: an event is a conditional put on its id, then the state's event version is bumped (reading
// any parked task token), then the event gets its sequence number and the token it takes, and only then is the token
// removed from the state. Every event moves the partition's expiry (expiresAt, the table's TTL attribute) to three
// years after it (shared/accounts/retention.ts): the event, the state and the placement expire together.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AccountRecord } from '../accounts/account.ts';
import type { AccountEvent, Channel } from '../accounts/events.ts';
import { EXPIRES_AT_ATTRIBUTE, expiresAtAfter } from '../accounts/retention.ts';
import type { AccountHistory, AccountStore, AppendResult, ContactRoute, ReviewItem } from '../ports.ts';
import { BY_CREDITOR, keys } from './dynamo-keys.ts';
import { queryAll, queryPages } from './dynamo-query.ts';

/** BatchWriteItem's limit per request. */
const BATCH_WRITE_LIMIT = 25;
/** BatchGetItem's limit per request. */
const BATCH_GET_LIMIT = 100;
/** What a batch request leaves unprocessed (throttling) is re-sent with backoff this many times before it fails. */
const UNPROCESSED_ATTEMPTS = 6;

/**
 * A contact route outlives its account by up to this much: the placement's expiry moves with every event, the routes'
 * only once the placement's has caught up with theirs (a write a month at most), so a STOP always finds the account.
 */
const ROUTE_MARGIN_SECONDS = 31 * 24 * 3600;
const routeExpiry = (accountExpiresAt: number): number => accountExpiresAt + ROUTE_MARGIN_SECONDS;
/** On the placement: when its contact routes expire, so that an event knows whether to move them. */
const ROUTES_EXPIRE_AT = 'routesExpireAt';

/** The items a new account is: the account itself (first), then a contact route per address. */
export function accountItems(record: AccountRecord): Array<Record<string, unknown>> {
  const routes: Array<[Channel, string | undefined]> = [
    ['email', record.debtor.email],
    ['sms', record.debtor.phone],
  ];
  return [
    {
      ...keys.account(record.accountId),
      kind: 'account',
      record,
      // Until the account's first event moves it (appendEvent): three years after its placement.
      [EXPIRES_AT_ATTRIBUTE]: expiresAtAfter(record.placedAt),
      [ROUTES_EXPIRE_AT]: routeExpiry(expiresAtAfter(record.placedAt)),
      // The sparse ByCreditor index: how the daily reports list a creditor's accounts.
      [BY_CREDITOR.partitionKey]: record.creditorId,
      [BY_CREDITOR.sortKey]: record.accountRef,
    },
    ...routes.flatMap(([channel, address]) =>
      address
        ? [
            {
              ...keys.contact(channel, address, record.accountId),
              kind: 'contact',
              creditorId: record.creditorId,
              [EXPIRES_AT_ATTRIBUTE]: routeExpiry(expiresAtAfter(record.placedAt)),
            },
          ]
        : [],
    ),
  ];
}

export class DynamoAccountStore implements AccountStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  /**
   * Batched, for ingest speed: BatchWriteItem takes no conditions, so a consistent BatchGetItem finds the accounts
   * that exist first. The race this leaves (see the port) can only rewrite a placement: the account's state and
   * events are items of their own.
   */
  async createAccounts(records: readonly AccountRecord[]): Promise<Array<'created' | 'exists'>> {
    const stored = await this.storedRecords(records.map((record) => record.accountId));
    // An existing account keeps its placement, but the routes of the stored one are written again (idempotent puts):
    // that heals an earlier write that stopped between the account and its routes.
    await this.putAll(
      records.flatMap((record) => {
        const placed = stored.get(record.accountId);
        return placed ? accountItems(placed).slice(1) : accountItems(record);
      }),
    );
    return records.map((record) => (stored.has(record.accountId) ? 'exists' : 'created'));
  }

  /** The stored placements of those of `accountIds` that exist, by account id: consistent BatchGetItem requests of 100. */
  private async storedRecords(accountIds: readonly string[]): Promise<Map<string, AccountRecord>> {
    const stored = new Map<string, AccountRecord>();
    await Promise.all(
      chunked(
        accountIds.map((accountId) => keys.account(accountId)),
        BATCH_GET_LIMIT,
      ).map((chunk) =>
        untilProcessed('BatchGetItem', chunk, async (Keys) => {
          const { Responses, UnprocessedKeys } = await this.db.send(
            new BatchGetCommand({
              RequestItems: {
                [this.tableName]: {
                  Keys,
                  ConsistentRead: true,
                  ProjectionExpression: '#record',
                  ExpressionAttributeNames: { '#record': 'record' },
                },
              },
            }),
          );
          for (const item of Responses?.[this.tableName] ?? []) {
            const record = item.record as AccountRecord;
            stored.set(record.accountId, record);
          }
          return (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof Keys;
        }),
      ),
    );
    return stored;
  }

  /** Unconditional puts in BatchWriteItem requests of 25. */
  private async putAll(items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    await Promise.all(
      chunked(items, BATCH_WRITE_LIMIT).map((chunk) =>
        untilProcessed(
          'BatchWriteItem',
          chunk.map((Item) => ({ PutRequest: { Item } })),
          async (pending) => {
            const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
            return (UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
          },
        ),
      ),
    );
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.account(accountId), ConsistentRead: true }));
    return Item?.record as AccountRecord | undefined;
  }

  async loadHistory(accountId: string): Promise<AccountHistory | undefined> {
    // Version first: anything recorded after this read wakes a token parked against it.
    const { Item: state } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.accountState(accountId), ConsistentRead: true }),
    );
    const account = await this.readPartition(accountId, true);
    return account && { ...account, version: Number(state?.eventVersion ?? 0) };
  }

  async readAccount(accountId: string): Promise<Omit<AccountHistory, 'version'> | undefined> {
    return this.readPartition(accountId, false);
  }

  /** The placement and the events: they share the partition, so one query reads both (the state item is skipped). */
  private async readPartition(accountId: string, consistent: boolean): Promise<Omit<AccountHistory, 'version'> | undefined> {
    let record: AccountRecord | undefined;
    const events: AccountEvent[] = [];
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.account(accountId).pk },
      ConsistentRead: consistent,
    });
    for (const item of items) {
      if (item.sk === keys.account(accountId).sk) record = item.record as AccountRecord;
      else if (String(item.sk).startsWith(keys.eventPrefix)) events.push(toEvent(item));
    }
    return record ? { record, events } : undefined;
  }

  async appendEvent(event: AccountEvent): Promise<AppendResult> {
    const { seq: _ignored, ...fact } = event;
    const key = keys.event(event.accountId, event.eventId);
    const expiresAt = expiresAtAfter(event.at);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, kind: 'event', event: fact, [EXPIRES_AT_ATTRIBUTE]: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      // Fully applied before: a duplicate delivery. It hands back the token it took, in case the first delivery
      // stopped before waking it (resuming a used token is harmless). Otherwise an earlier attempt stopped
      // half-way: finish it.
      if (Item?.seq !== undefined) {
        const taken = Item.wakeToken as string | undefined;
        return taken ? { status: 'duplicate', wakeToken: taken } : { status: 'duplicate' };
      }
    }
    // The token stays on the state item until the event item holds it: a crash at any point loses no wake-up. The
    // account's first event creates the state item. No check that the account exists: it would be on another item,
    // and callers have loaded or routed to the account.
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.accountState(event.accountId),
        UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#expiresAt': EXPIRES_AT_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt },
        ReturnValues: 'ALL_NEW',
      }),
    );
    await this.extendPlacement(event.accountId, expiresAt);
    const seq = Number(Attributes?.eventVersion ?? 1);
    const wakeToken = Attributes?.waitToken as string | undefined;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: wakeToken ? 'SET seq = :seq, wakeToken = :token' : 'SET seq = :seq',
        ExpressionAttributeValues: wakeToken ? { ':seq': seq, ':token': wakeToken } : { ':seq': seq },
      }),
    );
    if (!wakeToken) return { status: 'recorded', seq };
    await this.releaseToken(event.accountId, wakeToken);
    return { status: 'recorded', seq, wakeToken };
  }

  /**
   * Moves the placement's expiry with the account's latest event, and its contact routes' when theirs falls within
   * the margin; an absent placement is not created by it.
   */
  private async extendPlacement(accountId: string, expiresAt: number): Promise<void> {
    let before: Record<string, unknown> | undefined;
    try {
      ({ Attributes: before } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.account(accountId),
          UpdateExpression: 'SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#expiresAt': EXPIRES_AT_ATTRIBUTE },
          ExpressionAttributeValues: { ':expiresAt': expiresAt },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return;
    }
    const record = before?.record as AccountRecord | undefined;
    if (!record || Number(before?.[ROUTES_EXPIRE_AT] ?? 0) > expiresAt) return;
    const routesExpireAt = routeExpiry(expiresAt);
    for (const item of accountItems(record).slice(1)) {
      await this.db
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET #expiresAt = :expiresAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#expiresAt': EXPIRES_AT_ATTRIBUTE },
            ExpressionAttributeValues: { ':expiresAt': routesExpireAt },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    }
    // After the routes: a crash before this leaves the next event to move them again.
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.account(accountId),
        UpdateExpression: 'SET #routes = :routes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#routes': ROUTES_EXPIRE_AT },
        ExpressionAttributeValues: { ':routes': routesExpireAt },
      }),
    );
  }

  /** Takes the token off the account's state, unless a newer one has been parked since. */
  private async releaseToken(accountId: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accountState(accountId),
          UpdateExpression: 'REMOVE waitToken',
          ConditionExpression: 'waitToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async parkTaskToken(accountId: string, token: string, seenVersion: number): Promise<'parked' | 'stale'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accountState(accountId),
          UpdateExpression: 'SET waitToken = :token',
          // Version 0 is an account without events, whose state item may not exist yet.
          ...(seenVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(eventVersion)', ExpressionAttributeValues: { ':token': token } }
            : { ConditionExpression: 'eventVersion = :seen', ExpressionAttributeValues: { ':token': token, ':seen': seenVersion } }),
        }),
      );
      return 'parked';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async queueForReview(item: ReviewItem): Promise<void> {
    // Kept as long as the reply's own event: three years after it.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.review(item), kind: 'review', item, [EXPIRES_AT_ATTRIBUTE]: expiresAtAfter(item.at) },
      }),
    );
  }

  async listForReview(creditorId: string): Promise<ReviewItem[]> {
    const rows = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.reviewPartition(creditorId) },
    });
    return rows.map((row) => row.item as ReviewItem);
  }

  async *listCreditorAccounts(creditorId: string): AsyncIterable<string[]> {
    const pages = queryPages(this.db, {
      TableName: this.tableName,
      IndexName: BY_CREDITOR.indexName,
      KeyConditionExpression: '#creditor = :creditor',
      ExpressionAttributeNames: { '#creditor': BY_CREDITOR.partitionKey },
      ExpressionAttributeValues: { ':creditor': creditorId },
    });
    for await (const page of pages) {
      const ids = page.map((item) => String(item.pk).slice('ACCOUNT#'.length));
      if (ids.length > 0) yield ids;
    }
  }

  async findAccountsByContact(channel: Channel, address: string): Promise<ContactRoute[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contactPartition(channel, address) },
      }),
    );
    return (Items ?? []).map((item) => ({
      accountId: String(item.sk).slice('ACCOUNT#'.length),
      creditorId: String(item.creditorId),
    }));
  }

  async putPaymentRoute(reference: string, route: ContactRoute, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.paymentRoute(reference), kind: 'payment-route', ...route, [EXPIRES_AT_ATTRIBUTE]: expiresAtAfter(at) },
      }),
    );
  }

  async findPaymentRoute(reference: string): Promise<ContactRoute | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.paymentRoute(reference), ConsistentRead: true }),
    );
    return Item ? { accountId: String(Item.accountId), creditorId: String(Item.creditorId) } : undefined;
  }
}

/** `items` in runs of at most `size`, one per batch request. */
function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Sends one batch request until DynamoDB has processed all of it: `send` returns what was left unprocessed
 * (throttling), which goes again after a growing pause, UNPROCESSED_ATTEMPTS times at most in all.
 */
async function untilProcessed<T>(operation: string, requests: T[], send: (pending: T[]) => Promise<T[]>): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt === UNPROCESSED_ATTEMPTS) throw new Error(`${operation} left ${pending.length} unprocessed after ${attempt} attempts`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    pending = await send(pending);
  }
}

function toEvent(item: Record<string, unknown>): AccountEvent {
  const event = item.event as AccountEvent;
  return item.seq === undefined ? event : { ...event, seq: Number(item.seq) };
}
