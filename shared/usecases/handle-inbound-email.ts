// Inbound email (SES receipt rule → raw MIME in S3 → this use case): route by the reply token in the recipient
// address, falling back to the sender; classify; record first, then wake the workflow.
import { eventFromDraft } from '../accounts/events.ts';
import type { AccountStore, FileStore, WorkflowPort } from '../ports.ts';
import { classifyReply } from '../replies/classify.ts';
import { parseReplyEmail } from '../replies/email.ts';
import type { InboundOutcome } from './handle-inbound-sms.ts';
import { recordEvent } from './record-event.ts';

export interface InboundEmailDeps {
  store: AccountStore;
  workflow: WorkflowPort;
  files: FileStore;
  replyDomain: string;
  /** Where the receipt rule writes raw mail. */
  rawMailPrefix: string;
}

export interface InboundEmailNotice {
  messageId: string;
  spamVerdict: string;
  virusVerdict: string;
}

const REPLY_TOKEN = /^reply\+(acc-[0-9a-f]{24})-[a-z]+-\d+@(.+)$/;

export async function handleInboundEmail(
  deps: InboundEmailDeps,
  notice: InboundEmailNotice,
  now: Date,
): Promise<InboundOutcome | { status: 'flagged' }> {
  if (notice.spamVerdict === 'FAIL' || notice.virusVerdict === 'FAIL') return { status: 'flagged' };
  const mail = await parseReplyEmail(await deps.files.getBytes(`${deps.rawMailPrefix}${notice.messageId}`));

  const byToken = mail.to
    .map((address) => REPLY_TOKEN.exec(address))
    .find((m) => m && m[2] === deps.replyDomain.toLowerCase())?.[1];
  const accountIds = byToken
    ? [byToken]
    : mail.from
      ? (await deps.store.findAccountsByContact('email', mail.from)).map((r) => r.accountId)
      : [];

  let recorded = 0;
  let intent = 'other';
  let routed = 0;
  for (const accountId of accountIds) {
    const record = await deps.store.getAccount(accountId);
    if (!record) continue;
    routed += 1;
    const classification = classifyReply(`${mail.subject === 'unsubscribe' ? 'unsubscribe' : mail.text}`, {
      channel: 'email',
      receivedAt: now,
      timeZone: record.timeZones[0] ?? 'America/New_York',
    });
    intent = classification.intent;
    const event = eventFromDraft(accountId, now, {
      type: 'reply-received',
      channel: 'email',
      intent: classification.intent,
      ...(classification.promiseDate ? { promiseDate: classification.promiseDate } : {}),
      messageId: notice.messageId,
      key: `email:${notice.messageId}`,
    });
    if ((await recordEvent(deps, event)) === 'recorded') recorded += 1;
  }
  if (routed === 0) return { status: 'unrouted' };
  return { status: recorded > 0 ? 'recorded' : 'duplicate', accounts: routed, intent };
}
