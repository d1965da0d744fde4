// Inbound email (SES receipt rule → raw MIME in S3 → this use case): route by the reply token in the recipient
// address, falling back to the sender; classify; record first, then wake the workflow. Mail SES flags as spam or as
// carrying a virus is recorded beside the raw message and never acted on.
import { parseTouchId } from '../accounts/touch-id.ts';
import type { AccountStore, CreditorStore, EmailSender, FileStore, WorkflowPort } from '../ports.ts';
import { MalformedMailError, parseReplyEmail } from '../replies/email.ts';
import { escapeHtml } from '../templates/layout.ts';
import { answerReply, type AnswerOutcome } from './answer-reply.ts';
import { recordReply, type InboundOutcome } from './record-reply.ts';
import type { AgencyIdentity } from './send-touch.ts';

/** Where flagged mail is recorded: one JSON object per SES message id, verdicts and ids only. */
export const FLAGGED_MAIL_PREFIX = 'inbound/email-flagged/';
/** Raw mail above this is not parsed in the function (it stays in S3 for a person). SES accepts up to 40 MB. */
export const MAX_RAW_MAIL_BYTES = 10 * 1024 * 1024;

export interface InboundEmailDeps {
  store: AccountStore;
  creditors: CreditorStore;
  workflow: WorkflowPort;
  files: FileStore;
  /** Answers a reply to a closed account. */
  email: EmailSender;
  agency: AgencyIdentity;
  replyDomain: string;
  /** Where the receipt rule writes raw mail. */
  rawMailPrefix: string;
}

/** The receipt's verdicts (receipt.spamVerdict.status and receipt.virusVerdict.status: PASS, FAIL, GRAY, PROCESSING_FAILED). */
export interface InboundEmailNotice {
  messageId: string;
  spamVerdict: string;
  virusVerdict: string;
}

export type InboundEmailOutcome =
  | (InboundOutcome & { autoReply?: AnswerOutcome })
  /** SES said spam or virus: recorded at `record`, nothing read, nothing acted on. */
  | { status: 'flagged'; spamVerdict: string; virusVerdict: string; record: string }
  /** Not parsed: no headers, or too big. The raw message stays in S3. */
  | { status: 'unreadable'; problem: 'malformed' | 'oversized'; rawKey: string };

/** `reply+{touchId}@{replyDomain}`: the address each email's Reply-To carries. */
const REPLY_ADDRESS = /^reply\+([^@]+)@(.+)$/;

export async function handleInboundEmail(deps: InboundEmailDeps, notice: InboundEmailNotice, now: Date): Promise<InboundEmailOutcome> {
  const rawKey = `${deps.rawMailPrefix}${notice.messageId}`;
  if (notice.spamVerdict === 'FAIL' || notice.virusVerdict === 'FAIL') {
    const record = `${FLAGGED_MAIL_PREFIX}${notice.messageId}.json`;
    const { spamVerdict, virusVerdict } = notice;
    await deps.files.putText(
      record,
      JSON.stringify({ messageId: notice.messageId, receivedAt: now.toISOString(), spamVerdict, virusVerdict, rawKey }),
      'application/json',
    );
    return { status: 'flagged', spamVerdict, virusVerdict, record };
  }
  const raw = await deps.files.getBytes(rawKey);
  if (raw.byteLength > MAX_RAW_MAIL_BYTES) return { status: 'unreadable', problem: 'oversized', rawKey };
  let mail: Awaited<ReturnType<typeof parseReplyEmail>>;
  try {
    mail = await parseReplyEmail(raw);
  } catch (error) {
    if (error instanceof MalformedMailError) return { status: 'unreadable', problem: 'malformed', rawKey };
    throw error;
  }

  const token = mail.to
    .map((address) => ({ address, match: REPLY_ADDRESS.exec(address) }))
    .map(({ address, match }) => ({ address, accountId: match?.[2] === deps.replyDomain.toLowerCase() ? parseTouchId(match[1]!)?.accountId : undefined }))
    .find((t) => t.accountId !== undefined);
  // Without a token, the sender's accounts: of several creditors, the reply may only protect the debtor on them all.
  const accountIds = token
    ? [token.accountId!]
    : mail.from
      ? (await deps.store.findAccountsByContact('email', mail.from)).map((r) => r.accountId)
      : [];

  const outcome = await recordReply(deps, accountIds, { channel: 'email', text: mail.text, messageId: notice.messageId }, now);
  if (outcome.status === 'unrouted' || mail.automatic || !mail.from) return outcome;
  const to = mail.from;
  const autoReply = await answerReply(deps, outcome.accountIds, outcome.intent, { channel: 'email', messageId: notice.messageId }, now, (answer) =>
    deps.email
      .sendEmail({
        to,
        fromName: answer.from.name,
        fromAddress: answer.from.email,
        // A further reply still finds the account by its token.
        replyTo: token?.address ?? answer.from.email,
        subject: mail.subject.trim() === '' ? 'Your message' : `Re: ${mail.subject.replace(/^\s*re:\s*/i, '')}`,
        text: answer.text,
        html: `<p>${escapeHtml(answer.text)}</p>`,
        touchId: `${answer.accountId}:answer:${notice.messageId}`,
      })
      .then(() => undefined),
  );
  return autoReply ? { ...outcome, autoReply } : outcome;
}
