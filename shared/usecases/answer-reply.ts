// The answer Tactful gives a reply itself (keyword confirmations and HELP by text, a polite word on a closed account),
// whatever the channel: decided from the accounts as they stood when the reply arrived and every intent recorded for
// the message, recorded on the account just before it goes out (at most once per inbound message), then handed to
// the channel.
import { eventFromDraft, type AccountEvent, type AutoReplyKind, type Channel, type ReplyIntent } from '../accounts/events.ts';
import { foldAccount, type AccountState } from '../accounts/fold.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import { PermanentDeliveryError, type CreditorStore } from '../ports.ts';
import { autoReplyFor, autoReplyText } from '../replies/auto-reply.ts';
import { resolveLocale } from '../templates/locale.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';
import type { AgencyIdentity } from './send-touch.ts';

export interface AnswerDeps extends RecordEventDeps {
  creditors: CreditorStore;
  agency: AgencyIdentity;
}

/** The answer, ready for a channel: who it is from (by name and email address) and its words. */
export interface PreparedAnswer {
  kind: AutoReplyKind;
  accountId: string;
  from: { name: string; email: string };
  /** The creditor the answer speaks as (before a hand-off): an email goes from its sender (shared/creditors/sending-identity.ts). */
  creditor?: CreditorProfile;
  text: string;
}

/**
 * What became of the answer: sent; refused because the carrier keeps the number opted out (a US toll-free number,
 * where the carrier confirms STOP itself); or failed (logged; a recorded answer is not retried: at most once).
 */
export type AnswerOutcome = { kind: AutoReplyKind; status: 'sent' | 'already-answered' | 'carrier-opted-out' | 'failed'; error?: string };

/** A closed account is answered at most once in this long: an auto-responder on the other side must not start a loop. */
const CLOSED_ACCOUNT_QUIET_MS = 7 * 86_400_000;

export async function answerReply(
  deps: AnswerDeps,
  accountIds: readonly string[],
  intent: ReplyIntent,
  reply: { channel: Channel; messageId: string },
  now: Date,
  deliver: (answer: PreparedAnswer) => Promise<void>,
): Promise<AnswerOutcome | undefined> {
  const answerKey = `${reply.channel}:${reply.messageId}:answered`;
  const before: Array<{ accountId: string; state: AccountState; events: AccountEvent[]; creditorId: string; language?: string }> = [];
  const intents: ReplyIntent[] = [intent];
  for (const accountId of accountIds) {
    const history = await deps.store.loadHistory(accountId);
    if (!history) continue;
    const replyId = `${accountId}:${reply.channel}:${reply.messageId}`;
    const recorded = history.events.find((e) => e.eventId === replyId);
    if (!recorded) continue;
    if (history.events.some((e) => e.eventId === `${accountId}:${answerKey}`)) return undefined;
    // The other protective intents of the same message (recordReply keys them by message and intent).
    for (const e of history.events) {
      if (e.type === 'reply-received' && e.eventId.startsWith(`${replyId}:`) && !intents.includes(e.intent)) intents.push(e.intent);
    }
    // The account as it stood when the reply arrived: what the reply itself changed does not count.
    const ofReply = (e: AccountEvent) => e.eventId === replyId || e.eventId.startsWith(`${replyId}:`);
    const earlier = history.events.filter((e) => !ofReply(e) && (recorded.seq === undefined || (e.seq ?? Infinity) < recorded.seq));
    before.push({
      accountId,
      state: foldAccount(accountId, earlier),
      events: earlier,
      creditorId: history.record.creditorId,
      ...(history.record.debtor.language ? { language: history.record.debtor.language } : {}),
    });
  }
  const kind = autoReplyFor(
    intents,
    before.map((b) => b.state),
    reply.channel,
  );
  const first = before[0];
  if (!kind || !first) return undefined;
  if (kind === 'closed-account' && answeredClosedSince(first.events, now.getTime() - CLOSED_ACCOUNT_QUIET_MS)) return undefined;

  // One answer per reply, however many accounts it reached: recorded on the first, before it goes out.
  const claimed = await recordEvent(
    deps,
    eventFromDraft(first.accountId, now, {
      type: 'reply-answered',
      channel: reply.channel,
      kind,
      inReplyTo: reply.messageId,
      key: answerKey,
    }),
  );
  if (claimed === 'duplicate') return { kind, status: 'already-answered' };
  const identity = await identityFor(deps, first.state, first.creditorId);
  try {
    await deliver({
      kind,
      accountId: first.accountId,
      from: identity.from,
      ...(identity.creditor ? { creditor: identity.creditor } : {}),
      text: autoReplyText(kind, identity.sender, resolveLocale(first.language)),
    });
    return { kind, status: 'sent' };
  } catch (error) {
    if (error instanceof PermanentDeliveryError && error.reason === 'opted-out-at-carrier') return { kind, status: 'carrier-opted-out' };
    return { kind, status: 'failed', error: (error as Error).name };
  }
}

function answeredClosedSince(events: readonly AccountEvent[], sinceMs: number): boolean {
  return events.some((e) => e.type === 'reply-answered' && e.kind === 'closed-account' && Date.parse(e.at) >= sinceMs);
}

/** The creditor in the first-party stages; after the hand-off the agency, as a debt collector for the creditor. */
async function identityFor(
  deps: AnswerDeps,
  state: AccountState,
  creditorId: string,
): Promise<{ sender: Parameters<typeof autoReplyText>[1]; from: PreparedAnswer['from']; creditor?: CreditorProfile }> {
  const profile = await deps.creditors.getProfile(creditorId);
  const creditorName = profile?.brand.name ?? creditorId;
  if (state.stage === 'ThirdParty') {
    const { name, email } = deps.agency;
    return { sender: { name, contact: email, onBehalfOf: creditorName }, from: { name, email } };
  }
  const contact = profile?.brand.supportPhone ?? profile?.brand.senderEmail;
  return {
    sender: { name: creditorName, ...(contact ? { contact } : {}) },
    from: { name: profile?.brand.senderName ?? creditorName, email: profile?.brand.senderEmail ?? deps.agency.email },
    ...(profile ? { creditor: profile } : {}),
  };
}
