// Ports: the only ways the use cases reach the outside world. Adapters implement them for AWS (shared/adapters)
// and for the offline runtime (local/); unit tests swap in fakes.
import type { AccountRecord, PostalAddress } from './accounts/account.ts';
import type { AccountEvent, Channel, ReplyDoor, ReplyIntent } from './accounts/events.ts';
import type { CreditorProfile } from './creditors/profile.ts';
import type { AcceptProfileResult, ProfileAcceptance, ProfileVersion } from './creditors/profile-versions.ts';
import { PermanentError } from './errors.ts';
import type { MailAuthentication } from './replies/authentication.ts';

export interface AccountHistory {
  record: AccountRecord;
  events: AccountEvent[];
  /** Event version read before the events: a task token parked against it wakes on any later event. */
  version: number;
}

export interface ContactRoute {
  accountId: string;
  creditorId: string;
}

/** A reply the rules could not read with confidence: a person reads it instead of the platform guessing. */
export interface ReviewItem {
  creditorId: string;
  accountId: string;
  at: string;
  channel: ReplyDoor;
  messageId: string;
  /** The debtor's own words (cut at MAX_REPLY_CHARS). */
  text: string;
  /** The message was longer than what is kept here; the whole of it stays with the channel (raw mail in S3). */
  truncated?: boolean;
  /** What the rules read in it (absent when they read nothing), which the platform may not have acted on as said. */
  intent?: ReplyIntent;
  /** For email: whether it proved its sender, and SES's verdicts, for the person who decides. */
  authentication?: MailAuthentication;
}

export type AppendResult =
  | { status: 'recorded'; seq: number; wakeToken?: string }
  /** A duplicate may hand back the token its first delivery took: waking it again is harmless, losing it is not. */
  | { status: 'duplicate'; wakeToken?: string };

export interface AccountStore {
  /**
   * Creates each account that does not exist, with its contact routes; outcomes in order. The records have distinct
   * account ids. An existing account keeps its placement ('exists'), and its contact routes are written again (a
   * crash between an account and its routes heals on the next attempt). Whether an account exists is read, not a
   * condition of the write, so that ingest runs at batch-write speed: two uploads placing the same new account at the
   * same moment may both see 'created', and the later placement record wins. Nothing else is lost (the account's
   * version, parked token and events are kept apart from the placement), and repeats within one file are rejected
   * before they get here, so this only concerns two different uploads racing on one new account.
   */
  createAccounts(records: readonly AccountRecord[]): Promise<Array<'created' | 'exists'>>;
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  loadHistory(accountId: string): Promise<AccountHistory | undefined>;
  /**
   * The account and its events in one read, for reports: cheaper than loadHistory, without its version (nothing may
   * park a task token against what this read).
   */
  readAccount(accountId: string): Promise<Omit<AccountHistory, 'version'> | undefined>;
  /**
   * Idempotent on eventId. Takes (and returns) any parked task token, so the caller can wake the workflow. The
   * account must exist: callers have loaded it or routed to it, and the store does not check again.
   */
  appendEvent(event: AccountEvent): Promise<AppendResult>;
  /**
   * Parks a task token unless an event newer than `seenVersion` exists ('stale': wake at once). The account must
   * exist, as for appendEvent: the version came from loading it.
   */
  parkTaskToken(accountId: string, token: string, seenVersion: number): Promise<'parked' | 'stale'>;
  /** Puts a reply in the creditor's human-review queue (idempotent per message and account). */
  queueForReview(item: ReviewItem): Promise<void>;
  /** The creditor's review queue, oldest first. */
  listForReview(creditorId: string): Promise<ReviewItem[]>;
  /**
   * The creditor's account ids, a page at a time, in account_ref order: reports stream them instead of holding the
   * creditor's whole portfolio at once.
   */
  listCreditorAccounts(creditorId: string): AsyncIterable<string[]>;
  /** Accounts reachable at a contact address (E.164 phone or lower-case email), with their creditors. */
  findAccountsByContact(channel: Channel, address: string): Promise<ContactRoute[]>;
  /**
   * Remembers the account a processor payment went to (idempotent): a refund or chargeback names only the payment.
   * Kept as long as an account's records (shared/accounts/retention.ts), from `at`.
   */
  putPaymentRoute(reference: string, route: ContactRoute, at: string): Promise<void>;
  /** The account a processor payment went to, if it was recorded. */
  findPaymentRoute(reference: string): Promise<ContactRoute | undefined>;
}

export interface CreditorStore {
  /** The profile in force: the newest accepted version. Plan and Send read it for every touch. */
  getProfile(creditorId: string): Promise<CreditorProfile | undefined>;
  /**
   * Makes a validated profile the one in force as version n+1; the earlier versions stay. A profile whose content
   * hash equals the one in force is no new version ('unchanged'), so a re-sent file or event changes nothing. The
   * profile's SMS origination number is claimed atomically: OriginationNumberTakenError if another creditor holds it.
   */
  acceptProfile(profile: CreditorProfile, acceptance: ProfileAcceptance): Promise<AcceptProfileResult>;
  getProfileVersion(creditorId: string, version: number): Promise<ProfileVersion | undefined>;
  /** The operator's way in (set-up, tests, the simulator): acceptProfile with "operator" as the source. */
  putProfile(profile: CreditorProfile): Promise<void>;
  /** Every creditor with a profile. */
  listCreditors(): Promise<string[]>;
  /** The creditor that owns an SMS origination number, for routing inbound texts. */
  findCreditorByOriginationNumber(number: string): Promise<string | undefined>;
}

export interface WorkflowPort {
  /** Idempotent: an execution with the same name is not started twice. */
  startLifecycle(accountId: string): Promise<'started' | 'exists'>;
  /** Completes a waiting callback task. A token that is no longer valid is ignored, not an error. */
  resumeTask(token: string, output: Record<string, unknown>): Promise<'resumed' | 'stale-token'>;
}

export interface FileStore {
  getText(key: string): Promise<string>;
  getBytes(key: string): Promise<Uint8Array>;
  /** The object's bytes as they download; stopping early (a `break`) closes the download. */
  streamBytes(key: string): AsyncIterable<Uint8Array>;
  putText(key: string, body: string, contentType: string): Promise<void>;
}

export interface EmailMessage {
  to: string;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  /** Idempotency and tracing: one touch, one message. */
  touchId: string;
  listUnsubscribe?: string;
}

export interface SmsMessage {
  to: string;
  originationIdentity: string;
  body: string;
  touchId: string;
}

/** A provider's final refusal of an address: retrying will not help, and the planner must know. */
export class PermanentDeliveryError extends PermanentError {
  readonly channel: Channel;
  readonly reason: 'opted-out-at-carrier' | 'invalid-address' | 'message-rejected';

  constructor(channel: Channel, reason: PermanentDeliveryError['reason'], detail: string) {
    super(`${channel} delivery refused (${reason}): ${detail}`);
    this.name = 'PermanentDeliveryError';
    this.channel = channel;
    this.reason = reason;
  }
}

/**
 * Signs what Tactful puts in messages (one-click unsubscribe links, reply addresses), so that nobody can forge one.
 * One key per use: a function that may sign one may not sign the other.
 */
export interface LinkSigner {
  /** The MAC, base64url. */
  sign(message: string): Promise<string>;
  verify(message: string, signature: string): Promise<boolean>;
}

export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<{ messageId: string }>;
}

export interface SmsSender {
  sendSms(message: SmsMessage): Promise<{ messageId: string }>;
}

export type IdentityStatus = 'pending' | 'verified' | 'failed';

/** An SES domain identity as the platform sees it. */
export interface DomainIdentity {
  domain: string;
  /** `verified` once SES may send for it (its DKIM records found); `failed` when SES gave up looking for them. */
  status: IdentityStatus;
  /** Easy DKIM tokens: each is one CNAME to publish (shared/creditors/sending-identity.ts). */
  dkimTokens: string[];
  tags: Record<string, string>;
}

/** The SES identities creditors send from (SES v2 in AWS, shared/adapters/sesv2-sending-identities.ts). */
export interface SendingIdentities {
  /** Creates the domain identity with Easy DKIM and these tags; an identity that exists is read instead, as it is. */
  createDomainIdentity(domain: string, tags: Record<string, string>): Promise<DomainIdentity>;
  /** The identity, or undefined when SES has none for the domain. */
  getIdentityStatus(domain: string): Promise<DomainIdentity | undefined>;
}

/** A letter to mail: the validation notice, for a debtor the agency cannot email. */
export interface LetterMessage {
  /** One letter per id: a repeat with the same id (a retried Send) mails nothing new. */
  letterId: string;
  to: { name: string; address: PostalAddress };
  /** The whole letter as an HTML page, the return address in it. */
  html: string;
}

export interface MailedLetter {
  /** The provider's id of the letter. */
  providerId: string;
  /** YYYY-MM-DD: when the provider expects it delivered, if it says. */
  expectedDeliveryDate?: string;
}

/** A print-and-mail service. It prints in black and white, mails first class, and knows the agency's return address. */
export interface LetterSender {
  sendLetter(letter: LetterMessage): Promise<MailedLetter>;
}

/** The print-and-mail service refused the letter for good (an address it cannot mail to, say): a person must look. */
export class LetterRefusedError extends PermanentError {
  constructor(detail: string) {
    super(`letter refused: ${detail}`);
    this.name = 'LetterRefusedError';
  }
}
