// Inbound SMS (End User Messaging two-way → SNS): route by debtor phone and our origination number, classify,
// record the reply first, then wake the account's workflow.
import { eventFromDraft } from '../accounts/events.ts';
import type { AccountStore, CreditorStore, WorkflowPort } from '../ports.ts';
import { classifyReply } from '../replies/classify.ts';
import { recordEvent } from './record-event.ts';

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

export type InboundOutcome = { status: 'recorded' | 'duplicate'; accounts: number; intent: string } | { status: 'unrouted' };

export async function handleInboundSms(deps: InboundSmsDeps, message: InboundSmsMessage, now: Date): Promise<InboundOutcome> {
  const creditorId = await deps.creditors.findCreditorByOriginationNumber(message.destinationNumber);
  const routes = await deps.store.findAccountsByContact('sms', message.originationNumber);
  // Another creditor's account on the same phone is never matched.
  const accountIds = routes.filter((r) => r.creditorId === creditorId).map((r) => r.accountId);
  if (!creditorId || accountIds.length === 0) return { status: 'unrouted' };

  let recorded = 0;
  let intent = 'other';
  for (const accountId of accountIds) {
    const record = await deps.store.getAccount(accountId);
    if (!record) continue;
    const classification = classifyReply(message.messageBody, {
      channel: 'sms',
      receivedAt: now,
      timeZone: record.timeZones[0] ?? 'America/New_York',
    });
    intent = classification.intent;
    const event = eventFromDraft(accountId, now, {
      type: 'reply-received',
      channel: 'sms',
      intent: classification.intent,
      ...(classification.promiseDate ? { promiseDate: classification.promiseDate } : {}),
      messageId: message.inboundMessageId,
      key: `sms:${message.inboundMessageId}`,
    });
    if ((await recordEvent(deps, event)) === 'recorded') recorded += 1;
  }
  return { status: recorded > 0 ? 'recorded' : 'duplicate', accounts: accountIds.length, intent };
}
