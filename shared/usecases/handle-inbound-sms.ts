// Inbound SMS (End User Messaging two-way → SNS): route by debtor phone and our origination number, classify,
// record the reply first, then wake the account's workflow; then answer what CTIA says a text must get an answer to
// (STOP, HELP, START) and any text to a closed account, once per inbound message.
import { foldAccount } from '../accounts/fold.ts';
import type { AccountStore, CreditorStore, SmsSender, WorkflowPort } from '../ports.ts';
import { answerReply, type AnswerOutcome } from './answer-reply.ts';
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

export type InboundSmsOutcome = InboundOutcome & { autoReply?: AnswerOutcome };

export async function handleInboundSms(deps: InboundSmsDeps, message: InboundSmsMessage, now: Date): Promise<InboundSmsOutcome> {
  const accountIds = await route(deps, message);
  if (accountIds === undefined) return { status: 'unrouted' };
  const outcome = await recordReply(
    deps,
    accountIds,
    { channel: 'sms', text: message.messageBody, messageId: message.inboundMessageId },
    now,
  );
  // A duplicate delivery answers too, unless the first one did: a crash between recording and answering loses nothing.
  if (outcome.status === 'unrouted') return outcome;
  const autoReply = await answerReply(
    deps,
    outcome.accountIds,
    outcome.intent,
    { channel: 'sms', messageId: message.inboundMessageId },
    now,
    (answer) =>
      // From the number the debtor texted: the answer comes back in the same conversation.
      deps.sms
        .sendSms({
          to: message.originationNumber,
          originationIdentity: message.destinationNumber,
          body: answer.text,
          touchId: `${answer.accountId}:answer:${message.inboundMessageId}`,
        })
        .then(() => undefined),
  );
  return autoReply ? { ...outcome, autoReply } : outcome;
}

/**
 * The accounts a text is for. To a creditor's number: that creditor's accounts at the sender's phone, never another
 * creditor's. To the agency's number: the accounts at that phone the agency collects (handed off, ThirdParty stage),
 * which may be several creditors' (recordReply then acts only on what fits every debt).
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
