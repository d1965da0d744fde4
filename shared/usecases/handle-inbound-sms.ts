// Inbound SMS (End User Messaging two-way → SNS): route by debtor phone and our origination number, classify,
// record the reply first, then wake the account's workflow.
import type { AccountStore, CreditorStore, WorkflowPort } from '../ports.ts';
import { recordReply, type InboundOutcome } from './record-reply.ts';

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
}

export async function handleInboundSms(deps: InboundSmsDeps, message: InboundSmsMessage, now: Date): Promise<InboundOutcome> {
  const creditorId = await deps.creditors.findCreditorByOriginationNumber(message.destinationNumber);
  const routes = await deps.store.findAccountsByContact('sms', message.originationNumber);
  // Another creditor's account on the same phone is never matched.
  const accountIds = routes.filter((r) => r.creditorId === creditorId).map((r) => r.accountId);
  if (!creditorId) return { status: 'unrouted' };

  return recordReply(deps, accountIds, { channel: 'sms', text: message.messageBody, messageId: message.inboundMessageId }, now);
}
