// Inbound email (SES receipt rule → raw MIME in S3 → this use case): route by the reply token in the recipient
// address, falling back to the sender; classify; record first, then wake the workflow.
import { parseTouchId } from '../accounts/touch-id.ts';
import type { AccountStore, FileStore, WorkflowPort } from '../ports.ts';
import { parseReplyEmail } from '../replies/email.ts';
import { recordReply, type InboundOutcome } from './record-reply.ts';

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

/** `reply+{touchId}@{replyDomain}`: the address each email's Reply-To carries. */
const REPLY_ADDRESS = /^reply\+([^@]+)@(.+)$/;

export async function handleInboundEmail(
  deps: InboundEmailDeps,
  notice: InboundEmailNotice,
  now: Date,
): Promise<InboundOutcome | { status: 'flagged' }> {
  if (notice.spamVerdict === 'FAIL' || notice.virusVerdict === 'FAIL') return { status: 'flagged' };
  const mail = await parseReplyEmail(await deps.files.getBytes(`${deps.rawMailPrefix}${notice.messageId}`));

  const byToken = mail.to
    .map((address) => REPLY_ADDRESS.exec(address))
    .filter((m) => m?.[2] === deps.replyDomain.toLowerCase())
    .map((m) => parseTouchId(m![1]!)?.accountId)
    .find(Boolean);
  const accountIds = byToken
    ? [byToken]
    : mail.from
      ? (await deps.store.findAccountsByContact('email', mail.from)).map((r) => r.accountId)
      : [];

  // A mailto: unsubscribe often arrives with the word only in its subject.
  const text = mail.subject.trim().toLowerCase() === 'unsubscribe' && !mail.text ? 'unsubscribe' : mail.text;
  return recordReply(deps, accountIds, { channel: 'email', text, messageId: notice.messageId }, now);
}
