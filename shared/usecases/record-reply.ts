// A debtor's reply, whatever the channel: classify it in each account's own time zone, record it, then wake the
// account's workflow. The same message delivered twice is recorded once. A message carrying several protective
// intents ("Stop! I already paid") gets one event for each: the first under the message's key, each other under the
// message's key and its intent, so a redelivery records none twice and completes what a crash left out.
import type { AccountRecord } from '../accounts/account.ts';
import { eventFromDraft, type Channel, type DisputeReason, type ReplyIntent } from '../accounts/events.ts';
import { foldAccount, sentTemplateKind } from '../accounts/fold.ts';
import {
  holdsForReviewUnauthenticated,
  needsReviewUnauthenticated,
  unauthenticatedActions,
  type MailAuthentication,
} from '../replies/authentication.ts';
import { classifyReply, PROTECTIVE_INTENTS, type ProtectiveIntent, type ReplyClassification } from '../replies/classify.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

export interface InboundReply {
  channel: Channel;
  /** The debtor's own words (for email, without quoted history). */
  text: string;
  /** The channel's id for the message: the idempotency key. */
  messageId: string;
  /** For email: whether it proved its sender. Unauthenticated, it acts only as shared/replies/authentication.ts allows. */
  authentication?: MailAuthentication;
}

/**
 * What a reply may do on every account it reached when those are several creditors' (an email without a reply token
 * from an address their accounts share, or a text to the agency's number), so that it cannot say which debt it is
 * about: a stop, a cease, a dispute
 * and "wrong person" protect the debtor whatever debt they meant. Anything else (a promise, a plan, a payment, a
 * survey score) could be about one debt only: it is recorded as other, for a person of each creditor to read.
 */
const SAFE_FOR_EVERY_DEBT: ReadonlySet<ReplyIntent> = new Set(['stop', 'cease', 'dispute', 'wrong_person']);
/** A text's HELP and START act on the number texted (CTIA), so on every account texted from it. */
const NUMBER_KEYWORDS: ReadonlySet<ReplyIntent> = new Set(['help', 'start']);

export function appliesToEveryDebt(intent: ReplyIntent, channel: Channel): boolean {
  return SAFE_FOR_EVERY_DEBT.has(intent) || (channel === 'sms' && NUMBER_KEYWORDS.has(intent));
}

/** Longer replies are not read by the rules (a person reads them, from the review queue) and are kept up to here. */
export const MAX_REPLY_CHARS = 5_000;

/** A body the rules could not read: still recorded (as other, for a person), and reported. */
export type ReplyProblem = 'empty' | 'oversized';

export type InboundOutcome =
  | {
      status: 'recorded' | 'duplicate';
      /** The accounts the reply was routed to (ids only). */
      accountIds: string[];
      intent: ReplyIntent;
      problem?: ReplyProblem;
    }
  | { status: 'unrouted'; problem?: ReplyProblem };

export function replyProblem(text: string): ReplyProblem | undefined {
  if (text.trim() === '') return 'empty';
  return text.length > MAX_REPLY_CHARS ? 'oversized' : undefined;
}

async function surveyWasSent(deps: RecordEventDeps, accountId: string): Promise<boolean> {
  const history = await deps.store.loadHistory(accountId);
  return history !== undefined && sentTemplateKind(foldAccount(accountId, history.events), 'survey');
}

export async function recordReply(
  deps: RecordEventDeps,
  accountIds: readonly string[],
  reply: InboundReply,
  now: Date,
): Promise<InboundOutcome> {
  const routed: string[] = [];
  let recorded = 0;
  let intent: ReplyIntent = 'other';
  const problem = replyProblem(reply.text);
  const records: AccountRecord[] = [];
  for (const accountId of accountIds) {
    const record = await deps.store.getAccount(accountId);
    if (record) records.push(record);
  }
  const creditorUnknown = new Set(records.map((r) => r.creditorId)).size > 1;
  for (const record of records) {
    const { accountId } = record;
    routed.push(accountId);
    let classification: ReplyClassification =
      problem === 'oversized'
        ? { intent: 'other' }
        : classifyReply(reply.text, { channel: reply.channel, receivedAt: now, timeZone: record.timeZones[0] ?? 'America/New_York' });
    // A bare 1–5 after the satisfaction survey is its answer.
    const score = /^\s*([1-5])\s*[.!]?\s*$/.exec(reply.text)?.[1];
    if (score && (await surveyWasSent(deps, accountId))) {
      classification.intent = 'csat';
      classification.csat = Number(score);
    }
    const read = classification.intent;
    const readIntents = [read, ...(classification.also ?? [])];
    const unauthenticated = reply.authentication?.status === 'unauthenticated';
    classification = actionable(classification, { creditorUnknown, unauthenticated, channel: reply.channel });
    intent = classification.intent;
    const event = eventFromDraft(accountId, now, {
      type: 'reply-received',
      channel: reply.channel,
      intent: classification.intent,
      ...(classification.promiseDate ? { promiseDate: classification.promiseDate } : {}),
      ...(classification.csat !== undefined ? { csat: classification.csat } : {}),
      messageId: reply.messageId,
      key: `${reply.channel}:${reply.messageId}`,
    });
    const status = await recordEvent(deps, event);
    // A cease anyone could have written: no message until a person has read it. Keyed by the message, so a
    // redelivery places it once.
    if (unauthenticated && holdsForReviewUnauthenticated(readIntents)) {
      const hold = eventFromDraft(accountId, now, {
        type: 'review-hold',
        reason: 'unauthenticated-cease',
        messageId: reply.messageId,
        key: `${reply.channel}:${reply.messageId}:review-hold`,
      });
      if ((await recordEvent(deps, hold)) === 'recorded' && status !== 'recorded') recorded += 1;
    }
    for (const also of classification.also ?? []) {
      const draft = { type: 'reply-received', channel: reply.channel, intent: also, messageId: reply.messageId } as const;
      if (
        (await recordEvent(deps, eventFromDraft(accountId, now, { ...draft, key: `${reply.channel}:${reply.messageId}:${also}` }))) ===
        'recorded'
      ) {
        recorded += 1;
      }
    }
    if (status !== 'recorded') continue;
    recorded += 1;
    // What the rules cannot read, or may not act on as said, goes to a person; the platform never guesses.
    if (classification.intent === 'other' || (unauthenticated && needsReviewUnauthenticated([read]))) {
      await deps.store.queueForReview({
        creditorId: record.creditorId,
        accountId,
        at: now.toISOString(),
        channel: reply.channel,
        messageId: reply.messageId,
        text: reply.text.slice(0, MAX_REPLY_CHARS),
        ...(problem === 'oversized' ? { truncated: true } : {}),
        ...(read !== 'other' ? { intent: read } : {}),
        ...(reply.authentication ? { authentication: reply.authentication } : {}),
      });
    }
  }
  const reported = problem ? { problem } : {};
  if (routed.length === 0) return { status: 'unrouted', ...reported };
  return { status: recorded > 0 ? 'recorded' : 'duplicate', accountIds: routed, intent, ...reported };
}

/**
 * What the platform may act on of what a reply says, every intent of it (the main one and the protective ones beside
 * it): a reply that cannot say which creditor's debt it is about keeps only what protects the debtor on every debt,
 * and an unauthenticated email only what makes contact safer. What is left of a changed reading carries no date or
 * score; nothing left is `other`, for a person.
 */
function actionable(
  classification: ReplyClassification,
  rules: { creditorUnknown: boolean; unauthenticated: boolean; channel: Channel },
): ReplyClassification {
  let intents = [classification.intent, ...(classification.also ?? [])];
  if (rules.creditorUnknown) intents = intents.filter((i) => appliesToEveryDebt(i, rules.channel));
  if (rules.unauthenticated) intents = unauthenticatedActions(intents);
  const [first = 'other', ...others] = [...new Set(intents)];
  const rest = others.filter((i): i is ProtectiveIntent => (PROTECTIVE_INTENTS as readonly string[]).includes(i));
  const kept: ReplyClassification = first === classification.intent ? { ...classification } : { intent: first };
  delete kept.also;
  return rest.length > 0 ? { ...kept, also: rest } : kept;
}

/** What the debtor chose on their page: an intent, not words to classify. */
export interface PageStatement {
  intent: Extract<ReplyIntent, 'plan' | 'hardship' | 'promise' | 'dispute' | 'other'>;
  /** The form's id (action and the account version it was drawn at): the idempotency key, as a message id is. */
  formId: string;
  promiseDate?: string;
  disputeReason?: DisputeReason;
  /** The debtor's own words, for a person (a dispute's note, or what the rules do not act on). */
  note?: string;
}

/**
 * A statement from the debtor's page, recorded as a reply is (a reply-received event, read by the same fold and rules)
 * and, when it carries words or asks for what no rule does, queued for a person as an unread reply is.
 */
export async function recordPageStatement(
  deps: RecordEventDeps,
  record: AccountRecord,
  statement: PageStatement,
  now: Date,
): Promise<'recorded' | 'duplicate'> {
  const { accountId } = record;
  const event = eventFromDraft(accountId, now, {
    type: 'reply-received',
    channel: 'page',
    intent: statement.intent,
    ...(statement.promiseDate ? { promiseDate: statement.promiseDate } : {}),
    ...(statement.disputeReason ? { disputeReason: statement.disputeReason } : {}),
    messageId: statement.formId,
    key: `page:${statement.formId}`,
  });
  const status = await recordEvent(deps, event);
  if (status === 'recorded' && statement.note !== undefined && statement.note.trim() !== '') {
    await deps.store.queueForReview({
      creditorId: record.creditorId,
      accountId,
      at: now.toISOString(),
      channel: 'page',
      messageId: statement.formId,
      text: statement.note.slice(0, MAX_REPLY_CHARS),
      ...(statement.intent !== 'other' ? { intent: statement.intent } : {}),
    });
  }
  return status;
}
