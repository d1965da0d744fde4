// The AccountStore and CreditorStore in memory, for big simulations: the same contract as the DynamoDB adapters
// (test/support/store-contract.ts holds both to it) without a store process, HTTP, signing or marshalling per call.
// Each call reads and writes in one synchronous step, so the conditional writes the DynamoDB adapters make (an event
// once per id, a token parked only against the version seen, a profile version n+1 once, an origination number for
// one creditor) hold here by construction. Values are copied in as the table would (JSON, undefined dropped) and
// frozen: reads hand them out without a copy (a report reads every account every day), and a caller that tried to
// change one would fail at once rather than change the store.
import type { AccountRecord } from '../shared/accounts/account.ts';
import type { AccountEvent, Channel } from '../shared/accounts/events.ts';
import type { CreditorProfile } from '../shared/creditors/profile.ts';
import {
  OriginationNumberTakenError,
  operatorAcceptance,
  type AcceptProfileResult,
  type ProfileAcceptance,
  type ProfileVersion,
} from '../shared/creditors/profile-versions.ts';
import type { AccountHistory, AccountStore, AppendResult, ContactRoute, CreditorStore, ReviewItem } from '../shared/ports.ts';

/** What listCreditorAccounts yields at a time, as a DynamoDB page of keys would. */
const ACCOUNT_PAGE = 1000;

interface StoredEvent {
  /** With its sequence number: it is given one as it is recorded. */
  event: AccountEvent;
  wakeToken?: string;
}

/** The account's mutable state, as the DynamoDB adapter's STATE item holds it. */
interface AccountState {
  eventVersion?: number;
  waitToken?: string;
}

export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly states = new Map<string, AccountState>();
  /** By account, by event id: the partition's events, read back in event-id order as the table's sort key has them. */
  private readonly events = new Map<string, Map<string, StoredEvent>>();
  /** Each account's events in that order, until its next event. */
  private readonly ordered = new Map<string, readonly AccountEvent[]>();
  /** By contact partition (channel and address): account id → creditor id. */
  private readonly contacts = new Map<string, Map<string, string>>();
  /** By creditor: review key (at, account, message) → item. */
  private readonly reviews = new Map<string, Map<string, ReviewItem>>();
  /** By processor payment reference: the account it paid. */
  private readonly paymentRoutes = new Map<string, ContactRoute>();

  async createAccounts(records: readonly AccountRecord[]): Promise<Array<'created' | 'exists'>> {
    return records.map((record) => {
      const stored = this.accounts.get(record.accountId);
      if (!stored) this.accounts.set(record.accountId, frozenCopy(record));
      this.route(stored ?? record);
      return stored ? 'exists' : 'created';
    });
  }

  private route(record: AccountRecord): void {
    const routes: Array<[Channel, string | undefined]> = [
      ['email', record.debtor.email],
      ['sms', record.debtor.phone],
    ];
    for (const [channel, address] of routes) {
      if (!address) continue;
      const partition = `${channel}#${address}`;
      const accounts = this.contacts.get(partition) ?? new Map<string, string>();
      this.contacts.set(partition, accounts.set(record.accountId, record.creditorId));
    }
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    return this.accounts.get(accountId);
  }

  async loadHistory(accountId: string): Promise<AccountHistory | undefined> {
    const account = this.partition(accountId);
    return account && { ...account, version: this.states.get(accountId)?.eventVersion ?? 0 };
  }

  async readAccount(accountId: string): Promise<Omit<AccountHistory, 'version'> | undefined> {
    return this.partition(accountId);
  }

  private partition(accountId: string): Omit<AccountHistory, 'version'> | undefined {
    const record = this.accounts.get(accountId);
    if (!record) return undefined;
    let ordered = this.ordered.get(accountId);
    if (!ordered) {
      const stored = [...(this.events.get(accountId)?.entries() ?? [])].sort(([a], [b]) => byKey(a, b));
      ordered = stored.map(([, { event }]) => event);
      this.ordered.set(accountId, ordered);
    }
    return { record, events: [...ordered] };
  }

  async appendEvent(event: AccountEvent): Promise<AppendResult> {
    const events = this.events.get(event.accountId) ?? new Map<string, StoredEvent>();
    this.events.set(event.accountId, events);
    const earlier = events.get(event.eventId);
    if (earlier) return earlier.wakeToken ? { status: 'duplicate', wakeToken: earlier.wakeToken } : { status: 'duplicate' };
    const state = this.states.get(event.accountId) ?? {};
    this.states.set(event.accountId, state);
    const seq = (state.eventVersion ?? 0) + 1;
    state.eventVersion = seq;
    const wakeToken = state.waitToken;
    delete state.waitToken;
    events.set(event.eventId, { event: frozenCopy({ ...event, seq }), ...(wakeToken ? { wakeToken } : {}) });
    this.ordered.delete(event.accountId);
    return wakeToken ? { status: 'recorded', seq, wakeToken } : { status: 'recorded', seq };
  }

  async parkTaskToken(accountId: string, token: string, seenVersion: number): Promise<'parked' | 'stale'> {
    const state = this.states.get(accountId) ?? {};
    // Version 0 is an account without events: it holds while no event version exists.
    if ((state.eventVersion ?? 0) !== seenVersion) return 'stale';
    state.waitToken = token;
    this.states.set(accountId, state);
    return 'parked';
  }

  async queueForReview(item: ReviewItem): Promise<void> {
    const queue = this.reviews.get(item.creditorId) ?? new Map<string, ReviewItem>();
    this.reviews.set(item.creditorId, queue.set(`${item.at}#${item.accountId}#${item.messageId}`, frozenCopy(item)));
  }

  async listForReview(creditorId: string): Promise<ReviewItem[]> {
    const queue = [...(this.reviews.get(creditorId)?.entries() ?? [])].sort(([a], [b]) => byKey(a, b));
    return queue.map(([, item]) => item);
  }

  async *listCreditorAccounts(creditorId: string): AsyncIterable<string[]> {
    const accounts = [...this.accounts.values()]
      .filter((record) => record.creditorId === creditorId)
      .sort((a, b) => byKey(a.accountRef, b.accountRef))
      .map((record) => record.accountId);
    for (let i = 0; i < accounts.length; i += ACCOUNT_PAGE) yield accounts.slice(i, i + ACCOUNT_PAGE);
  }

  async findAccountsByContact(channel: Channel, address: string): Promise<ContactRoute[]> {
    const routes = [...(this.contacts.get(`${channel}#${address}`)?.entries() ?? [])].sort(([a], [b]) => byKey(a, b));
    return routes.map(([accountId, creditorId]) => ({ accountId, creditorId }));
  }

  async putPaymentRoute(reference: string, route: ContactRoute, _at: string): Promise<void> {
    this.paymentRoutes.set(reference, frozenCopy(route));
  }

  async findPaymentRoute(reference: string): Promise<ContactRoute | undefined> {
    return this.paymentRoutes.get(reference);
  }
}

export class MemoryCreditorStore implements CreditorStore {
  /** Every accepted version, by creditor; the last is the one in force. */
  private readonly versions = new Map<string, ProfileVersion[]>();
  /** Origination number → the creditor that claimed it. */
  private readonly originations = new Map<string, string>();

  async getProfile(creditorId: string): Promise<CreditorProfile | undefined> {
    return this.versions.get(creditorId)?.at(-1)?.profile;
  }

  async getProfileVersion(creditorId: string, version: number): Promise<ProfileVersion | undefined> {
    return this.versions.get(creditorId)?.[version - 1];
  }

  async acceptProfile(profile: CreditorProfile, acceptance: ProfileAcceptance): Promise<AcceptProfileResult> {
    const { creditorId } = profile;
    const versions = this.versions.get(creditorId) ?? [];
    const inForce = versions.at(-1);
    if (inForce?.contentHash === acceptance.contentHash) return { status: 'unchanged', version: inForce.version };
    const number = profile.smsOriginationNumber;
    if (number) {
      if ((this.originations.get(number) ?? creditorId) !== creditorId) throw new OriginationNumberTakenError(creditorId);
      this.originations.set(number, creditorId);
    }
    const version = versions.length + 1;
    const { acceptedAt, source, contentHash } = acceptance;
    versions.push(frozenCopy({ version, acceptedAt, source, contentHash, profile }));
    this.versions.set(creditorId, versions);
    return { status: 'accepted', version };
  }

  async putProfile(profile: CreditorProfile): Promise<void> {
    await this.acceptProfile(profile, operatorAcceptance(profile));
  }

  async listCreditors(): Promise<string[]> {
    return [...this.versions.keys()].sort(byKey);
  }

  async findCreditorByOriginationNumber(number: string): Promise<string | undefined> {
    return this.originations.get(number);
  }
}

/** The table's sort-key order (byte order, which is code-unit order for the ASCII keys Tactful writes). */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy as the table would keep it (plain JSON, undefined attributes dropped), frozen all the way down. */
function frozenCopy<T>(value: T): T {
  return deepFreeze(JSON.parse(JSON.stringify(value)) as T);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
