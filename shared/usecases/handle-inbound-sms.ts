// Inbound SMS (End User Messaging two-way → SNS): route by debtor phone and our origination number, classify,
// record the reply first, then wake the account's workflow; then answer what CTIA says a text must get an answer to
// (STOP, HELP, START) and any text to a closed account, once per inbound message.
import { eventFromDraft, type AutoReplyKind } from '../accounts/events.ts';
import { foldAccount, type AccountState } from '../accounts/fold.ts';
import { PermanentDeliveryError, type AccountStore, type CreditorStore, type SmsSender, type WorkflowPort } from '../ports.ts';
import { autoReplyFor, autoReplyText, type AutoReplySender } from '../replies/auto-reply.ts';
import { resolveLocale } from '../templates/locale.ts';
import { recordEvent } from './record-event.ts';
import { recordReply, type InboundOutcome } from './record-reply.ts';
import type { AgencyIdentity } from './send-touch.ts';

/** The message End User Messaging publishes to SNS for a two-way number. */
export interface InboundSmsMessage {
  originationNumber: string;
  destinationNumber: string;
  messageKeyword?: string;
  messageBody: string;
  inboundMessageId: string;
  previousPublishedMessageId?: string;
}

export interface InboundSmsDeps {
  store: AccountStore;
  creditors: CreditorStore;
  workflow: WorkflowPort;
  sms: SmsSender;
  agency: AgencyIdentity;
}

/**
 * What became of the answer: sent; refused because the carrier keeps the number opted out (a US toll-free number,
 * where the carrier confirms STOP itself); or failed (logged; recorded answers are not retried: at most once).
 */
export type AutoReplyOutcome = { kind: AutoReplyKind; status: 'sent' | 'already-answered' | 'carrier-opted-out' | 'failed'; error?: string };

export type InboundSmsOutcome = InboundOutcome & { autoReply?: AutoReplyOutcome };

export async function handleInboundSms(deps: InboundSmsDeps, message: InboundSmsMessage, now: Date): Promise<InboundSmsOutcome> {
  const accountIds = await route(deps, message);
  if (accountIds === undefined) return { status: 'unrouted' };
  const outcome = await recordReply(deps, accountIds, { channel: 'sms', text: message.messageBody, messageId: message.inboundMessageId }, now);
  // A duplicate delivery answers too, unless the first one did: a crash between recording and answering loses nothing.
  if (outcome.status === 'unrouted') return outcome;
  const autoReply = await answer(deps, outcome.accountIds, outcome.intent, message, now);
  return autoReply ? { ...outcome, autoReply } : outcome;
}

/**
 * The accounts a text is for. To a creditor's number: that creditor's accounts at the sender's phone, never another
 * creditor's. To the agency's number: the accounts at that phone the agency collects (handed off, ThirdParty stage).
 */
async function route(deps: InboundSmsDeps, message: InboundSmsMessage): Promise<string[] | undefined> {
  const toAgency = deps.agency.smsOrigination !== undefined && deps.agency.smsOrigination === message.destinationNumber;
  const creditorId = toAgency ? undefined : await deps.creditors.findCreditorByOriginationNumber(message.destinationNumber);
  if (!toAgency && !creditorId) return undefined;
  const routes = await deps.store.findAccountsByContact('sms', message.originationNumber);
  if (!toAgency) return routes.filter((r) => r.creditorId === creditorId).map((r) => r.accountId);
  const handedOff: string[] = [];
  for (const { accountId } of routes) {
    const history = await deps.store.loadHistory(accountId);
    if (history && foldAccount(accountId, history.events).stage === 'ThirdParty') handedOff.push(accountId);
  }
  return handedOff;
}

async function answer(
  deps: InboundSmsDeps,
  accountIds: readonly string[],
  intent: Parameters<typeof autoReplyFor>[0],
  message: InboundSmsMessage,
  now: Date,
): Promise<AutoReplyOutcome | undefined> {
  const replyKey = (accountId: string) => `${accountId}:sms:${message.inboundMessageId}`;
  const answerKey = `sms:${message.inboundMessageId}:answered`;
  const before: Array<{ accountId: string; state: AccountState; language?: string; creditorId: string }> = [];
  for (const accountId of accountIds) {
    const history = await deps.store.loadHistory(accountId);
    if (!history) continue;
    const reply = history.events.find((e) => e.eventId === replyKey(accountId));
    if (!reply) continue;
    if (history.events.some((e) => e.eventId === `${accountId}:${answerKey}`)) return undefined;
    // The account as it stood when the text arrived: what this reply itself changed does not count.
    const earlier = history.events.filter((e) => e !== reply && (reply.seq === undefined || (e.seq ?? Infinity) < reply.seq));
    before.push({
      accountId,
      state: foldAccount(accountId, earlier),
      creditorId: history.record.creditorId,
      ...(history.record.debtor.language ? { language: history.record.debtor.language } : {}),
    });
  }
  const kind = autoReplyFor(intent, before.map((b) => b.state));
  const first = before[0];
  if (!kind || !first) return undefined;

  // One answer per text, however many accounts it reached: recorded on the first, before it goes out.
  const claimed = await recordEvent(
    deps,
    eventFromDraft(first.accountId, now, { type: 'reply-answered', channel: 'sms', kind, inReplyTo: message.inboundMessageId, key: answerKey }),
  );
  if (claimed === 'duplicate') return { kind, status: 'already-answered' };
  const body = autoReplyText(kind, await senderFor(deps, first.state, first.creditorId), resolveLocale(first.language));
  try {
    // From the number the debtor texted: the answer comes back in the same conversation.
    await deps.sms.sendSms({ to: message.originationNumber, originationIdentity: message.destinationNumber, body, touchId: `${first.accountId}:${answerKey}` });
    return { kind, status: 'sent' };
  } catch (error) {
    if (error instanceof PermanentDeliveryError && error.reason === 'opted-out-at-carrier') return { kind, status: 'carrier-opted-out' };
    return { kind, status: 'failed', error: (error as Error).name };
  }
}

async function senderFor(deps: InboundSmsDeps, state: AccountState, creditorId: string): Promise<AutoReplySender> {
  const profile = await deps.creditors.getProfile(creditorId);
  const creditorName = profile?.brand.name ?? creditorId;
  if (state.stage === 'ThirdParty') return { name: deps.agency.name, contact: deps.agency.email, onBehalfOf: creditorName };
  const contact = profile?.brand.supportPhone ?? profile?.brand.senderEmail;
  return { name: creditorName, ...(contact ? { contact } : {}) };
}
