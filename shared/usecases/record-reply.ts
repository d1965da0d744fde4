// A debtor's reply, whatever the channel: classify it in each account's own time zone, record it, then wake the
// account's workflow. The same message delivered twice is recorded once.
import { eventFromDraft, type Channel, type ReplyIntent } from '../accounts/events.ts';
import { foldAccount, sentTemplateKind } from '../accounts/fold.ts';
import { classifyReply } from '../replies/classify.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

export interface InboundReply {
  channel: Channel;
  /** The debtor's own words (for email, without quoted history). */
  text: string;
  /** The channel's id for the message: the idempotency key. */
  messageId: string;
}

export type InboundOutcome =
  | { status: 'recorded' | 'duplicate'; accounts: number; intent: ReplyIntent }
  | { status: 'unrouted' };

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
  let routed = 0;
  let recorded = 0;
  let intent: ReplyIntent = 'other';
  for (const accountId of accountIds) {
    const record = await deps.store.getAccount(accountId);
    if (!record) continue;
    routed += 1;
    const classification = classifyReply(reply.text, {
      channel: reply.channel,
      receivedAt: now,
      timeZone: record.timeZones[0] ?? 'America/New_York',
    });
    // A bare 1–5 after the satisfaction survey is its answer.
    const score = /^\s*([1-5])\s*[.!]?\s*$/.exec(reply.text)?.[1];
    if (score && (await surveyWasSent(deps, accountId))) {
      classification.intent = 'csat';
      classification.csat = Number(score);
    }
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
    if ((await recordEvent(deps, event)) !== 'recorded') continue;
    recorded += 1;
    // What the rules cannot read goes to a person; the platform never guesses.
    if (classification.intent === 'other') {
      await deps.store.queueForReview({
        creditorId: record.creditorId,
        accountId,
        at: now.toISOString(),
        channel: reply.channel,
        messageId: reply.messageId,
        text: reply.text,
      });
    }
  }
  if (routed === 0) return { status: 'unrouted' };
  return { status: recorded > 0 ? 'recorded' : 'duplicate', accounts: routed, intent };
}
