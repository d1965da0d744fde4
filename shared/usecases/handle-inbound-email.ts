// Inbound email (SES receipt rule → raw MIME in S3 → this use case): route by the reply token in the recipient
// address, falling back to the sender (and, for a sender we do not know, to the account an unverified reply address
// names); decide whether the mail proves its sender; classify; record first, then wake the workflow. Mail that does not prove its sender acts only as shared/replies/authentication.ts allows and is never
// answered. Mail SES flags as spam or as carrying a virus is recorded beside the raw message and never acted on;
// when it asks to stop or dispute, it waits in the review queue for a person.
import { MAX_RAW_MAIL_BYTES } from '../limits.ts';
import { FileTooLargeError, limitedTo } from '../placements/csv.ts';
import type { AccountStore, CreditorStore, EmailSender, FileStore, LinkSigner, WorkflowPort } from '../ports.ts';
import { authenticateMail, flaggedMailNeedsReview, type MailAuthentication, type MailVerdicts } from '../replies/authentication.ts';
import { classifyReply } from '../replies/classify.ts';
import { MalformedMailError, parseReplyEmail, type ParsedReply } from '../replies/email.ts';
import { accountNamedBy, verifyReplyAddress, type VerifiedReplyAddress } from '../replies/reply-address.ts';
import { escapeHtml } from '../templates/layout.ts';
import { answerReply, type AnswerOutcome } from './answer-reply.ts';
import { MAX_REPLY_CHARS, recordReply, replyProblem, type InboundOutcome } from './record-reply.ts';
import type { CreditorSenders } from '../creditors/sending-identity.ts';
import type { AgencyIdentity } from './send-touch.ts';

/** Where flagged mail is recorded: one JSON object per SES message id, verdicts and ids only. */
export const FLAGGED_MAIL_PREFIX = 'inbound/email-flagged/';

export interface InboundEmailDeps {
  store: AccountStore;
  creditors: CreditorStore;
  workflow: WorkflowPort;
  files: FileStore;
  /** Answers a reply to a closed account. */
  email: EmailSender;
  /** Who a creditor's answer is from (its own domain once verified). */
  senders: CreditorSenders;
  agency: AgencyIdentity;
  replyDomain: string;
  /** The key behind reply-address tokens (shared/replies/reply-address.ts). */
  replySigner: LinkSigner;
  /** Where the receipt rule writes raw mail. */
  rawMailPrefix: string;
}

export interface InboundEmailNotice {
  messageId: string;
  verdicts: MailVerdicts;
}

export type InboundEmailOutcome =
  | (InboundOutcome & {
      authentication: MailAuthentication['status'];
      replyToken: MailAuthentication['replyToken'];
      autoReply?: AnswerOutcome;
    })
  /**
   * SES said spam or virus: recorded at `record`, nothing acted on. A request to stop or dispute in it waits for a
   * person on each account it reached (`queuedForReview`).
   */
  | { status: 'flagged'; spamVerdict: string; virusVerdict: string; record: string; queuedForReview: number }
  /** Not parsed: no headers, or too big. The raw message stays in S3. */
  | { status: 'unreadable'; problem: 'malformed' | 'oversized'; rawKey: string };

/** Reply addresses checked for a token: each costs a MAC, and a reply has one. */
const MAX_TOKENS_CHECKED = 5;

export async function handleInboundEmail(deps: InboundEmailDeps, notice: InboundEmailNotice, now: Date): Promise<InboundEmailOutcome> {
  const rawKey = `${deps.rawMailPrefix}${notice.messageId}`;
  const { spam: spamVerdict, virus: virusVerdict } = notice.verdicts;
  if (spamVerdict === 'FAIL' || virusVerdict === 'FAIL') {
    const record = `${FLAGGED_MAIL_PREFIX}${notice.messageId}.json`;
    await deps.files.putText(
      record,
      JSON.stringify({ messageId: notice.messageId, receivedAt: now.toISOString(), spamVerdict, virusVerdict, rawKey }),
      'application/json',
    );
    const mail = await readMail(deps.files, rawKey);
    const queuedForReview = 'problem' in mail ? 0 : await queueFlaggedMail(deps, mail, notice, now);
    return { status: 'flagged', spamVerdict, virusVerdict, record, queuedForReview };
  }
  const mail = await readMail(deps.files, rawKey);
  if ('problem' in mail) return { status: 'unreadable', problem: mail.problem, rawKey };

  const { token, accountIds, authentication } = await route(deps, mail, notice.verdicts);
  const reply = { channel: 'email' as const, text: mail.text, messageId: notice.messageId, authentication };
  const outcome = await recordReply(deps, accountIds, reply, now);
  const recorded = { ...outcome, authentication: authentication.status, replyToken: authentication.replyToken };
  // Anyone can write mail that proves nothing: it gets no answer, which would name the creditor to whoever wrote it.
  if (outcome.status === 'unrouted' || mail.automatic || !mail.from || authentication.status !== 'authenticated') return recorded;
  const to = mail.from;
  const autoReply = await answerReply(
    deps,
    outcome.accountIds,
    outcome.intent,
    { channel: 'email', messageId: notice.messageId },
    now,
    async (answer) => {
      const from = answer.creditor
        ? await deps.senders.fromFor(answer.creditor, now)
        : { fromName: answer.from.name, fromAddress: answer.from.email };
      await deps.email.sendEmail({
        to,
        ...from,
        // A further reply still finds the account by its token.
        replyTo: token?.address ?? from.fromAddress,
        subject: mail.subject.trim() === '' ? 'Your message' : `Re: ${mail.subject.replace(/^\s*re:\s*/i, '')}`,
        text: answer.text,
        html: `<p>${escapeHtml(answer.text)}</p>`,
        touchId: `${answer.accountId}:answer:${notice.messageId}`,
      });
    },
  );
  return autoReply ? { ...recorded, autoReply } : recorded;
}

async function readMail(files: FileStore, rawKey: string): Promise<ParsedReply | { problem: 'malformed' | 'oversized' }> {
  // SES accepts up to 40 MB: the download stops at the limit, so a huge mail never fills the function's memory.
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of limitedTo(MAX_RAW_MAIL_BYTES, files.streamBytes(rawKey))) chunks.push(chunk);
    return await parseReplyEmail(Buffer.concat(chunks));
  } catch (error) {
    if (error instanceof FileTooLargeError) return { problem: 'oversized' };
    if (error instanceof MalformedMailError) return { problem: 'malformed' };
    throw error;
  }
}

/**
 * The accounts a mail reached and whether it proves its sender. A recipient address with a valid token names its
 * account. Otherwise (no token, or one that does not verify: a guess, or an address of old) the sender's accounts,
 * of which several creditors' may only be protected together (shared/usecases/record-reply.ts); and when the sender
 * has none, the account the reply address names, which proves nothing but lets a person see the mail.
 */
async function route(
  deps: InboundEmailDeps,
  mail: ParsedReply,
  verdicts: MailVerdicts,
): Promise<{ token?: VerifiedReplyAddress; accountIds: string[]; authentication: MailAuthentication }> {
  const claims = mail.to.filter((address) => accountNamedBy(address, deps.replyDomain) !== undefined).slice(0, MAX_TOKENS_CHECKED);
  for (const address of claims) {
    const token = await verifyReplyAddress(deps.replySigner, address, deps.replyDomain);
    if (token) return { token, accountIds: [token.accountId], authentication: authenticateMail('reply-token', 'valid', verdicts) };
  }
  const replyToken = claims.length > 0 ? 'invalid' : 'none';
  const senders = mail.from ? (await deps.store.findAccountsByContact('email', mail.from)).map((r) => r.accountId) : [];
  if (senders.length > 0 || claims.length === 0)
    return { accountIds: senders, authentication: authenticateMail('sender', replyToken, verdicts) };
  return {
    accountIds: [accountNamedBy(claims[0]!, deps.replyDomain)!],
    authentication: authenticateMail('unverified-reply-address', replyToken, verdicts),
  };
}

/** Flagged mail is read, never acted on: a request to stop or dispute in it reaches a person of each creditor. */
async function queueFlaggedMail(deps: InboundEmailDeps, mail: ParsedReply, notice: InboundEmailNotice, now: Date): Promise<number> {
  // The intent does not depend on the debtor's zone (only a promise's date does, and that is not acted on here).
  const intent = replyProblem(mail.text)
    ? 'other'
    : classifyReply(mail.text, { channel: 'email', receivedAt: now, timeZone: 'UTC' }).intent;
  if (!flaggedMailNeedsReview([intent])) return 0;
  const { accountIds, authentication } = await route(deps, mail, notice.verdicts);
  let queued = 0;
  for (const accountId of accountIds) {
    const record = await deps.store.getAccount(accountId);
    if (!record) continue;
    await deps.store.queueForReview({
      creditorId: record.creditorId,
      accountId,
      at: now.toISOString(),
      channel: 'email',
      messageId: notice.messageId,
      text: mail.text.slice(0, MAX_REPLY_CHARS),
      intent,
      authentication,
    });
    queued += 1;
  }
  return queued;
}
