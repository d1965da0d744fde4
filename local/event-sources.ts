// The AWS events that start Tactful's work, shaped exactly as AWS delivers them: S3 "Object Created" through
// EventBridge, EventBridge schedules, End User Messaging inbound SMS through SNS, and SES receipt-rule Lambda invocations.
import { createHash } from 'node:crypto';
import { encodeS3EventKey, matchesWildcard } from '../shared/creditors/inbox.ts';
import { sesTagValue } from '../shared/adapters/sesv2-email-sender.ts';
import type { SesVerdict } from '../shared/replies/authentication.ts';
import type { SesNotice } from '../shared/usecases/record-delivery-event.ts';
import { messageTags } from '../shared/accounts/touch-id.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './intrinsics.ts';

export function s3ObjectCreatedEvent(bucket: string, key: string, size: number, at: Date): Record<string, unknown> {
  return {
    version: '0',
    id: deterministicId(`s3:${bucket}/${key}@${at.toISOString()}`),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT,
    time: isoSeconds(at),
    region: LOCAL_REGION,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      // Encoded as S3 encodes keys in its events (shared/creditors/inbox.ts).
      object: { key: encodeS3EventKey(key), size, etag: deterministicId(key).slice(0, 32), sequencer: at.getTime().toString(16) },
      'request-id': deterministicId(`req:${key}`),
      requester: LOCAL_ACCOUNT,
      reason: 'PutObject',
    },
  };
}

/** A custom event put on the default bus (PutEvents), as its rule's target receives it. */
export function customEvent(source: string, detailType: string, detail: Record<string, unknown>, at: Date): Record<string, unknown> {
  return {
    version: '0',
    id: deterministicId(`event:${source}:${JSON.stringify(detail)}@${at.toISOString()}`),
    'detail-type': detailType,
    source,
    account: LOCAL_ACCOUNT,
    time: isoSeconds(at),
    region: LOCAL_REGION,
    resources: [],
    detail,
  };
}

/** What an EventBridge schedule rule delivers to its target. */
export function scheduledEvent(ruleArn: string, at: Date): Record<string, unknown> {
  return {
    version: '0',
    id: deterministicId(`schedule:${ruleArn}@${at.toISOString()}`),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: isoSeconds(at),
    region: LOCAL_REGION,
    resources: [ruleArn],
    detail: {},
  };
}

/** A message the provider took, as its delivery events describe it. */
export interface SentMessage {
  messageId: string;
  from: string;
  to: string;
  /** The message's tags (SES) or Context map (SMS). */
  tags: Record<string, string>;
  sentAt: Date;
}

/**
 * An SES event-publishing record on the default bus, as SES's EventBridge destination puts it: `detail` is the record
 * (eventType, mail with its tags as lists, and the part for its type).
 */
export function sesDeliveryEvent(
  detailType: string,
  configurationSet: string,
  message: SentMessage,
  report: Pick<SesNotice, 'eventType' | 'bounce' | 'complaint'>,
  at: Date,
): Record<string, unknown> {
  const feedbackId = deterministicId(`ses-feedback:${message.messageId}:${report.eventType}`);
  const fromDomain = message.from.split('@')[1] ?? '';
  const tags: Record<string, string[]> = {
    'ses:configuration-set': [configurationSet],
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [fromDomain],
    'ses:caller-identity': ['tactful-send'],
    ...Object.fromEntries(Object.entries(message.tags).map(([name, value]) => [name, [sesTagValue(value)]])),
  };
  const reportingMTA = 'dns; a8-30.smtp-out.amazonses.com';
  const details: Record<string, Record<string, unknown>> = {
    Delivery: {
      delivery: {
        timestamp: at.toISOString(),
        processingTimeMillis: at.getTime() - message.sentAt.getTime(),
        recipients: [message.to],
        smtpResponse: '250 2.6.0 Message received',
        reportingMTA: 'a8-30.smtp-out.amazonses.com',
      },
    },
    Bounce: {
      bounce: {
        ...report.bounce,
        bouncedRecipients: [
          { emailAddress: message.to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
        timestamp: at.toISOString(),
        feedbackId,
        reportingMTA,
      },
    },
    Complaint: {
      complaint: {
        ...report.complaint,
        complainedRecipients: [{ emailAddress: message.to }],
        timestamp: at.toISOString(),
        feedbackId,
        userAgent: 'Mail Simulator',
        arrivalDate: at.toISOString(),
      },
    },
    Reject: { reject: { reason: 'Bad content' } },
  };
  return {
    version: '0',
    id: deterministicId(`ses-event:${message.messageId}:${report.eventType}`),
    'detail-type': detailType,
    source: 'aws.ses',
    account: LOCAL_ACCOUNT,
    time: isoSeconds(at),
    region: LOCAL_REGION,
    resources: [`arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/${configurationSet}`],
    detail: {
      eventType: report.eventType,
      mail: {
        timestamp: message.sentAt.toISOString(),
        source: message.from,
        sendingAccountId: LOCAL_ACCOUNT,
        messageId: message.messageId,
        destination: [message.to],
        headersTruncated: false,
        tags,
      },
      ...details[report.eventType],
    },
  };
}

/** A text from the SMS outbox as its delivery events name it: ids, numbers and the Context map Send set. */
export function sentSmsMessage(text: {
  messageId: string;
  originationIdentity: string;
  to: string;
  touchId: string;
  at: string;
}): SentMessage {
  return {
    messageId: text.messageId,
    from: text.originationIdentity,
    to: text.to,
    tags: messageTags(text.touchId),
    sentAt: new Date(text.at),
  };
}

/** One End User Messaging SMS event record, as the configuration set's SNS destination publishes it. */
export function smsDeliveryRecord(eventType: string, message: SentMessage, at: Date): Record<string, unknown> {
  return {
    eventType,
    eventVersion: '1.0',
    eventTimestamp: at.getTime(),
    isFinal: true,
    originationPhoneNumber: message.from,
    destinationPhoneNumber: message.to,
    isoCountryCode: 'US',
    messageId: message.messageId,
    messageRequestTimestamp: message.sentAt.getTime(),
    messageEncoding: 'GSM',
    messageType: 'TRANSACTIONAL',
    messageStatus: eventType.replace(/^TEXT_/, ''),
    messageStatusDescription: eventType === 'TEXT_DELIVERED' ? 'Message has been delivered' : 'Message could not be delivered',
    context: message.tags,
    totalMessageParts: 1,
    totalMessagePrice: 0.00581,
    totalCarrierFee: 0.00302,
  };
}

export function snsLambdaEvent(topicArn: string, message: string, messageId: string, at: Date): Record<string, unknown> {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:local-subscription`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: null,
          Message: message,
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/local.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        },
      },
    ],
  };
}

export interface InboundMailEnvelope {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  spam?: 'PASS' | 'FAIL';
  virus?: 'PASS' | 'FAIL';
  /**
   * SES's sender checks. PASS unless said: what a debtor's own mail provider gets. A forger's mail fails DMARC
   * (or gets GRAY, from a domain without a DMARC record).
   */
  spf?: SesVerdict;
  dkim?: SesVerdict;
  dmarc?: SesVerdict;
}

export function sesLambdaEvent(mail: InboundMailEnvelope, functionArn: string, at: Date): Record<string, unknown> {
  const verdict = (status: string) => ({ status });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: at.toISOString(),
            source: mail.from,
            messageId: mail.messageId,
            destination: mail.to,
            headersTruncated: false,
            headers: [],
            commonHeaders: {
              from: [mail.from],
              to: mail.to,
              returnPath: mail.from,
              messageId: `<${mail.messageId}@local>`,
              date: at.toUTCString(),
              subject: mail.subject,
            },
          },
          receipt: {
            timestamp: at.toISOString(),
            processingTimeMillis: 1,
            recipients: mail.to,
            spamVerdict: verdict(mail.spam ?? 'PASS'),
            virusVerdict: verdict(mail.virus ?? 'PASS'),
            spfVerdict: verdict(mail.spf ?? 'PASS'),
            dkimVerdict: verdict(mail.dkim ?? 'PASS'),
            dmarcVerdict: verdict(mail.dmarc ?? 'PASS'),
            // SES names the sender domain's DMARC policy only when the mail fails DMARC.
            ...(mail.dmarc === 'FAIL' ? { dmarcPolicy: 'none' } : {}),
            action: { type: 'Lambda', invocationType: 'Event', functionArn },
          },
        },
      },
    ],
  };
}

/** A Lambda Function URL request (payload format 2.0), as a browser or a mail client's one-click POST makes it. */
/** A request to a Function URL. A POST without a body is a mail client's one-click unsubscribe (RFC 8058). */
export function functionUrlEvent(
  url: URL,
  method: 'GET' | 'POST',
  at: Date,
  request: { body?: string; headers?: Record<string, string> } = {},
): Record<string, unknown> {
  const post = method === 'POST';
  const body = request.body ?? 'List-Unsubscribe=One-Click';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { host: url.host, ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      accountId: 'anonymous',
      apiId: url.host.split('.')[0],
      domainName: url.host,
      domainPrefix: url.host.split('.')[0],
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'tactful-local' },
      requestId: deterministicId(`url:${method}:${url.href}:${post ? body : ''}@${at.toISOString()}`),
      routeKey: '$default',
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
    },
    ...(post ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** A webhook's POST to a Function URL: the body as the Function URL hands a binary-typed body over, in base64. */
export function webhookEvent(url: URL, body: string, headers: Record<string, string>, at: Date): Record<string, unknown> {
  const request = functionUrlEvent(url, 'POST', at);
  return {
    ...request,
    headers: { host: url.host, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** EventBridge content filtering, for the operators Tactful's rules use: exact values, prefix, suffix, wildcard. */
export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) return expected.some((matcher) => matchesValue(matcher, actual));
    if (expected && typeof expected === 'object') {
      return (
        actual !== null &&
        typeof actual === 'object' &&
        matchesEventPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
      );
    }
    return false;
  });
}

function matchesValue(matcher: unknown, actual: unknown): boolean {
  // An array in the event matches when any of its values does (SES message tags are lists).
  if (Array.isArray(actual)) return actual.some((value) => matchesValue(matcher, value));
  if (matcher === null || typeof matcher !== 'object') return matcher === actual;
  const m = matcher as Record<string, string>;
  if (typeof actual !== 'string') return false;
  if (m.prefix !== undefined) return actual.startsWith(m.prefix);
  if (m.suffix !== undefined) return actual.endsWith(m.suffix);
  if (m.wildcard !== undefined) return matchesWildcard(actual, m.wildcard);
  throw new Error(`Unsupported EventBridge matcher ${JSON.stringify(matcher)}`);
}

const isoSeconds = (at: Date): string => `${at.toISOString().slice(0, 19)}Z`;

export function deterministicId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
