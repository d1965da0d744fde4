// In-memory fakes of the ports (shared/ports.ts) and fixtures for the handler tests. Behaviour mirrors the DynamoDB
// adapters: idempotent events with per-account sequence numbers, one parked token per account taken by the next
// event, contact routes from the debtor's email and phone.
import type { Context } from 'aws-lambda';
import { accountIdFor, type AccountRecord } from '../../../shared/accounts/account.ts';
import { eventFromDraft, type AccountEvent, type Channel, type EventDraft } from '../../../shared/accounts/events.ts';
import { parseCreditorProfile, type CreditorProfile } from '../../../shared/creditors/profile.ts';
import {
  OriginationNumberTakenError,
  profileContentHash,
  type AcceptProfileResult,
  type ProfileAcceptance,
  type ProfileVersion,
} from '../../../shared/creditors/profile-versions.ts';
import { CreditorSenders, identityTags } from '../../../shared/creditors/sending-identity.ts';
import { LocalSendingIdentities } from '../../../local/ses-identities.ts';
import type {
  AccountHistory,
  AccountStore,
  AppendResult,
  ContactRoute,
  ReviewItem,
  CreditorStore,
  WorkflowPort,
} from '../../../shared/ports.ts';

/** Monday 2026-03-02 15:00 UTC = 10:00 in New York (EST), inside contact hours. */
export const INSIDE_HOURS = new Date('2026-03-02T15:00:00Z');
/** 03:00 in New York on the same Monday. */
export const NIGHT_IN_NEW_YORK = new Date('2026-03-02T08:00:00Z');

export const DEBTOR = {
  name: 'Dana Whitfield',
  email: 'dana.whitfield@example.com',
  phone: '+12125550147',
} as const;

export const ACME_SMS_NUMBER = '+18885550123';
export const GLOBEX_SMS_NUMBER = '+18885550999';

export function acmeProfile(): CreditorProfile {
  return parseCreditorProfile({
    creditorId: 'acme',
    brand: {
      name: 'Acme Energy',
      senderName: 'Acme Billing',
      senderEmail: 'billing@acme.test',
      sendingDomain: 'acme.test',
      supportPhone: '+18005550100',
      paymentUrl: 'https://pay.acme.test/',
      signOff: 'The Acme Energy team',
    },
    smsOriginationNumber: ACME_SMS_NUMBER,
  });
}

export function globexProfile(): CreditorProfile {
  return parseCreditorProfile({
    creditorId: 'globex',
    brand: {
      name: 'Globex',
      senderName: 'Globex Accounts',
      senderEmail: 'accounts@globex.test',
      paymentUrl: 'https://pay.globex.test/',
      signOff: 'Globex',
    },
    smsOriginationNumber: GLOBEX_SMS_NUMBER,
  });
}

/** The stack tag the handler tests' SES identities carry (TEST_ENV.SENDING_IDENTITY_STACK). */
export const IDENTITY_STACK = 'tactful-test';
export const AGENCY_MAIL_DOMAIN = 'mail.tactful.test';

/** Send's senders, with the sending domains of these creditors already created by this stack and verified. */
export function sendersWithVerifiedDomains(...profiles: CreditorProfile[]): CreditorSenders {
  const identities = new LocalSendingIdentities(0);
  for (const p of profiles) {
    if (p.brand.sendingDomain) void identities.createDomainIdentity(p.brand.sendingDomain, identityTags(IDENTITY_STACK, p.creditorId));
  }
  return new CreditorSenders({ identities, agencyMailDomain: AGENCY_MAIL_DOMAIN, stack: IDENTITY_STACK });
}

export function accountRecord(overrides: Partial<AccountRecord> = {}): AccountRecord {
  const creditorId = overrides.creditorId ?? 'acme';
  const accountRef = overrides.accountRef ?? 'ACC-1';
  return {
    accountId: accountIdFor(creditorId, accountRef),
    creditorId,
    accountRef,
    debtor: { name: DEBTOR.name, email: DEBTOR.email, phone: DEBTOR.phone },
    balanceMinor: 25_000,
    currency: 'USD',
    delinquencyDate: '2025-11-01',
    timeZones: ['America/New_York'],
    placedAt: '2026-02-20T12:00:00.000Z',
    sourceKey: 'creditors/acme/inbox/placements/p.csv',
    sourceLine: 2,
    attributes: {},
    ...overrides,
  };
}

export class MemoryAccountStore implements AccountStore {
  readonly records = new Map<string, AccountRecord>();
  private readonly eventLog = new Map<string, AccountEvent[]>();
  private readonly versions = new Map<string, number>();
  readonly tokens = new Map<string, string>();
  readonly createCalls: AccountRecord[] = [];
  readonly reviews = new Map<string, ReviewItem>();

  async createAccounts(records: readonly AccountRecord[]): Promise<Array<'created' | 'exists'>> {
    return records.map((record) => {
      this.createCalls.push(record);
      if (this.records.has(record.accountId)) return 'exists';
      this.records.set(record.accountId, structuredClone(record));
      this.versions.set(record.accountId, 0);
      this.eventLog.set(record.accountId, []);
      return 'created';
    });
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    const record = this.records.get(accountId);
    return record ? structuredClone(record) : undefined;
  }

  async loadHistory(accountId: string): Promise<AccountHistory | undefined> {
    const record = this.records.get(accountId);
    if (!record) return undefined;
    return {
      record: structuredClone(record),
      events: structuredClone(this.eventLog.get(accountId) ?? []),
      version: this.versions.get(accountId) ?? 0,
    };
  }

  async readAccount(accountId: string): Promise<Omit<AccountHistory, 'version'> | undefined> {
    const history = await this.loadHistory(accountId);
    return history && { record: history.record, events: history.events };
  }

  async appendEvent(event: AccountEvent): Promise<AppendResult> {
    const log = this.eventLog.get(event.accountId);
    if (!log) throw new Error(`appendEvent: account ${event.accountId} does not exist`);
    if (log.some((e) => e.eventId === event.eventId)) return { status: 'duplicate' };
    const seq = (this.versions.get(event.accountId) ?? 0) + 1;
    this.versions.set(event.accountId, seq);
    const { seq: _ignored, ...fact } = event;
    log.push({ ...fact, seq } as AccountEvent);
    const wakeToken = this.tokens.get(event.accountId);
    this.tokens.delete(event.accountId);
    return wakeToken ? { status: 'recorded', seq, wakeToken } : { status: 'recorded', seq };
  }

  async parkTaskToken(accountId: string, token: string, seenVersion: number): Promise<'parked' | 'stale'> {
    if (!this.records.has(accountId) || this.versions.get(accountId) !== seenVersion) return 'stale';
    this.tokens.set(accountId, token);
    return 'parked';
  }

  async queueForReview(item: ReviewItem): Promise<void> {
    this.reviews.set(`${item.creditorId}#${item.at}#${item.accountId}#${item.messageId}`, item);
  }

  async listForReview(creditorId: string): Promise<ReviewItem[]> {
    return [...this.reviews.values()].filter((r) => r.creditorId === creditorId).sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  async *listCreditorAccounts(creditorId: string): AsyncIterable<string[]> {
    const ids = [...this.records.values()]
      .filter((r) => r.creditorId === creditorId)
      .sort((a, b) => (a.accountRef < b.accountRef ? -1 : a.accountRef > b.accountRef ? 1 : 0))
      .map((r) => r.accountId);
    // Pages of two, so that callers meet more than one page.
    for (let i = 0; i < ids.length; i += 2) yield ids.slice(i, i + 2);
  }

  async findAccountsByContact(channel: Channel, address: string): Promise<ContactRoute[]> {
    return [...this.records.values()]
      .filter((r) => (channel === 'sms' ? r.debtor.phone === address : r.debtor.email?.toLowerCase() === address))
      .map((r) => ({ accountId: r.accountId, creditorId: r.creditorId }));
  }

  readonly paymentRoutes = new Map<string, ContactRoute>();

  async putPaymentRoute(reference: string, route: ContactRoute): Promise<void> {
    this.paymentRoutes.set(reference, { ...route });
  }

  async findPaymentRoute(reference: string): Promise<ContactRoute | undefined> {
    const route = this.paymentRoutes.get(reference);
    return route ? { ...route } : undefined;
  }

  // Test helpers (not part of the port).

  /** Places an account with its `placed` event (seq 1) and any further events, at `at`. */
  seed(record: AccountRecord, at: Date, ...drafts: EventDraft[]): void {
    this.records.set(record.accountId, structuredClone(record));
    const placed: EventDraft = {
      type: 'placed',
      balanceMinor: record.balanceMinor,
      currency: record.currency,
      creditorId: record.creditorId,
      key: 'placed',
    };
    const events = [placed, ...drafts].map((draft, i) => ({ ...eventFromDraft(record.accountId, at, draft), seq: i + 1 }));
    this.eventLog.set(record.accountId, events);
    this.versions.set(record.accountId, events.length);
  }

  events(accountId: string): AccountEvent[] {
    return structuredClone(this.eventLog.get(accountId) ?? []);
  }

  version(accountId: string): number {
    return this.versions.get(accountId) ?? 0;
  }
}

export class MemoryCreditorStore implements CreditorStore {
  readonly versions = new Map<string, ProfileVersion[]>();
  readonly originations = new Map<string, string>();

  constructor(...profiles: CreditorProfile[]) {
    for (const profile of profiles) void this.putProfile(profile);
  }

  async getProfile(creditorId: string): Promise<CreditorProfile | undefined> {
    return this.versions.get(creditorId)?.at(-1)?.profile;
  }

  async acceptProfile(profile: CreditorProfile, acceptance: ProfileAcceptance): Promise<AcceptProfileResult> {
    const owner = profile.smsOriginationNumber && this.originations.get(profile.smsOriginationNumber);
    if (owner && owner !== profile.creditorId) throw new OriginationNumberTakenError(profile.creditorId);
    const versions = this.versions.get(profile.creditorId) ?? [];
    const current = versions.at(-1);
    if (current?.contentHash === acceptance.contentHash) return { status: 'unchanged', version: current.version };
    versions.push({ ...structuredClone(acceptance), version: versions.length + 1, profile: structuredClone(profile) });
    this.versions.set(profile.creditorId, versions);
    if (profile.smsOriginationNumber) this.originations.set(profile.smsOriginationNumber, profile.creditorId);
    return { status: 'accepted', version: versions.length };
  }

  async getProfileVersion(creditorId: string, version: number): Promise<ProfileVersion | undefined> {
    return this.versions.get(creditorId)?.[version - 1];
  }

  async putProfile(profile: CreditorProfile): Promise<void> {
    await this.acceptProfile(profile, {
      acceptedAt: INSIDE_HOURS.toISOString(),
      source: { key: 'operator' },
      contentHash: profileContentHash(profile),
    });
  }

  async listCreditors(): Promise<string[]> {
    return [...this.versions.keys()].sort();
  }

  async findCreditorByOriginationNumber(number: string): Promise<string | undefined> {
    return this.originations.get(number);
  }
}

/** Records every call; startLifecycle is idempotent on the account id like a named Step Functions execution. */
export class RecordingWorkflow implements WorkflowPort {
  readonly startCalls: string[] = [];
  readonly executions = new Set<string>();
  readonly resumed: Array<{ token: string; output: Record<string, unknown> }> = [];

  async startLifecycle(accountId: string): Promise<'started' | 'exists'> {
    this.startCalls.push(accountId);
    if (this.executions.has(accountId)) return 'exists';
    this.executions.add(accountId);
    return 'started';
  }

  async resumeTask(token: string, output: Record<string, unknown>): Promise<'resumed' | 'stale-token'> {
    this.resumed.push({ token, output });
    return 'resumed';
  }
}

/** A Lambda context good enough for the Powertools middlewares. */
export function lambdaContext(functionName = 'tactful-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/03/02/[$LATEST]test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
