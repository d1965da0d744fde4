// Delivery events close the loop: what SES and End User Messaging report about a message after they took it (delivered,
// bounced, complained, failed, blocked by the carrier) becomes one event on the account, keyed by the provider's
// message id and report, so a redelivered report counts once. The fold gives each its effect (shared/accounts/fold.ts).
import { eventFromDraft, type Channel, type DeliveryReport, type DeliveryResult, type EventDraft } from '../accounts/events.ts';
import { accountIdOfMessage, MESSAGE_TAGS } from '../accounts/touch-id.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

/** One SES event-publishing record, as much of it as Tactful reads. */
export interface SesNotice {
  eventType: 'Bounce' | 'Complaint' | 'Delivery' | 'Reject';
  messageId: string;
  /** The message's tags (SES gives each as a list of values). */
  tags: Record<string, string[]>;
  bounce?: { bounceType: string; bounceSubType: string };
  complaint?: { complaintFeedbackType?: string; complaintSubType?: string | null };
  reject?: { reason: string };
}

/** One End User Messaging SMS event record, as much of it as Tactful reads. */
export interface SmsNotice {
  eventType: string;
  messageId: string;
  /** The Context map the message was sent with. */
  context: Record<string, string>;
}

export type ProviderNotice = { channel: 'email'; notice: SesNotice } | { channel: 'sms'; notice: SmsNotice };

export type DeliveryOutcome =
  | { status: 'recorded' | 'duplicate'; accountId: string; type: DeliveryReport['type'] }
  /** A report Tactful does not act on (an SMS status that is not final). */
  | { status: 'ignored'; reason: string }
  /** A message without Tactful's tags, or for an account this table does not hold. */
  | { status: 'unknown-account'; reason: string };

/**
 * SMS event types and what they mean for the number
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-types.html).
 */
const SMS_REPORTS: Readonly<Record<string, DeliveryResult>> = {
  TEXT_DELIVERED: { type: 'delivery-delivered', channel: 'sms' },
  TEXT_SUCCESSFUL: { type: 'delivery-delivered', channel: 'sms' },
  // The recipient's device or carrier blocks messages to the recipient: how a carrier-level opt-out is reported.
  TEXT_BLOCKED: { type: 'sms-carrier-opt-out', channel: 'sms', status: 'TEXT_BLOCKED' },
  // The number does not exist or cannot receive texts: never use it again.
  TEXT_INVALID: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_INVALID', permanent: true },
  TEXT_UNREACHABLE: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_UNREACHABLE', permanent: true },
  // The carrier's side, the content, or time: the number may work next time.
  TEXT_CARRIER_UNREACHABLE: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_CARRIER_UNREACHABLE', permanent: false },
  TEXT_CARRIER_BLOCKED: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_CARRIER_BLOCKED', permanent: false },
  TEXT_SPAM: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_SPAM', permanent: false },
  TEXT_TTL_EXPIRED: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_TTL_EXPIRED', permanent: false },
  TEXT_UNKNOWN: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_UNKNOWN', permanent: false },
  TEXT_INVALID_MESSAGE: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_INVALID_MESSAGE', permanent: false },
  TEXT_PROTECT_BLOCKED: { type: 'delivery-failed', channel: 'sms', status: 'TEXT_PROTECT_BLOCKED', permanent: false },
};

/** The SMS event types the configuration set publishes to Tactful: every final one it acts on or counts. */
export const SMS_EVENT_TYPES = Object.keys(SMS_REPORTS);

/** The SES event types the configuration set publishes to Tactful. */
export const SES_EVENT_TYPES = ['Bounce', 'Complaint', 'Delivery', 'Reject'] as const satisfies ReadonlyArray<SesNotice['eventType']>;

export function emailReport(notice: SesNotice): DeliveryResult {
  switch (notice.eventType) {
    case 'Delivery':
      return { type: 'delivery-delivered', channel: 'email' };
    case 'Bounce': {
      // SES: Permanent (the address does not take mail), Transient (full mailbox, too large...) or Undetermined.
      const bounceType = notice.bounce?.bounceType === 'Permanent' ? 'permanent' : 'transient';
      return { type: 'delivery-bounced', channel: 'email', bounceType, detail: notice.bounce?.bounceSubType ?? 'Undetermined' };
    }
    case 'Complaint':
      return {
        type: 'delivery-complained',
        channel: 'email',
        detail: notice.complaint?.complaintFeedbackType ?? notice.complaint?.complaintSubType ?? 'complaint',
      };
    case 'Reject':
      // SES found a virus in what Tactful sent: Tactful's fault, not the address's.
      return { type: 'delivery-failed', channel: 'email', status: 'Reject', permanent: false };
  }
}

export function smsReport(notice: SmsNotice): DeliveryResult | undefined {
  return SMS_REPORTS[notice.eventType];
}

export async function recordDeliveryEvent(deps: RecordEventDeps, input: ProviderNotice, now: Date): Promise<DeliveryOutcome> {
  const { channel, notice } = input;
  const report = channel === 'email' ? emailReport(input.notice) : smsReport(input.notice);
  if (!report) return { status: 'ignored', reason: `${notice.eventType} is not a final report` };
  const tag = (name: string): string | undefined => (channel === 'email' ? input.notice.tags[name]?.[0] : input.notice.context[name]);
  const touchId = tag(MESSAGE_TAGS.touchId);
  const accountId = tag(MESSAGE_TAGS.accountId) ?? (touchId ? accountIdOfMessage(touchId) : undefined);
  if (!touchId || !accountId) return { status: 'unknown-account', reason: 'the message carries no Tactful tags' };
  if (!(await deps.store.getAccount(accountId))) return { status: 'unknown-account', reason: `no account ${accountId}` };
  const draft = { ...report, touchId, messageId: notice.messageId, key: deliveryKey(channel, notice) } as EventDraft;
  const status = await recordEvent(deps, eventFromDraft(accountId, now, draft));
  return { status, accountId, type: report.type };
}

/** One event per provider report: the same report delivered twice has the same id. */
function deliveryKey(channel: Channel, notice: { messageId: string; eventType: string }): string {
  return `delivery:${channel}:${notice.messageId}:${notice.eventType}`;
}
