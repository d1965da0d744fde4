// functions/delivery-events: every kind of SES and End User Messaging SMS report, in the shapes AWS delivers them
// (SES event publishing through EventBridge, SMS event records through SNS), becomes one event on the account with its
// effect; the same report twice is one event; a report Tactful cannot place is logged and dropped, a malformed one fails.
import '../setup/env.ts';
import { describe, expect, it } from 'vitest';
import { foldAccount } from '../../../shared/accounts/fold.ts';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { MemoryAccountStore, RecordingWorkflow, accountRecord, lambdaContext } from '../setup/fakes.ts';

const { createHandler } = await import('../../../functions/delivery-events/handler.ts');

const record = accountRecord();
const touchId = `${record.accountId}-softreminder-1`;
const sesMessageId = '010f019a2b3c4d5e-6f7a8b9c-0d1e-2f3a-4b5c-6d7e8f9a0b1c-000000';

/** An SES event as the configuration set's EventBridge destination puts it on the default bus. */
function sesEvent(eventType: string, detailType: string, part: Record<string, unknown>, tags: Record<string, string[]> = ourTags()): never {
  return {
    version: '0',
    id: `ses-${eventType}`,
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-03-02T15:00:05Z',
    region: 'us-east-1',
    resources: ['arn:aws:ses:us-east-1:123456789012:configuration-set/tactful-email-events'],
    detail: {
      eventType,
      mail: {
        timestamp: '2026-03-02T15:00:00.000Z',
        source: 'billing@acme.test',
        sendingAccountId: '123456789012',
        messageId: sesMessageId,
        destination: ['bounce@simulator.amazonses.com'],
        headersTruncated: false,
        tags,
      },
      ...part,
    },
  } as never;
}

function ourTags(): Record<string, string[]> {
  return {
    'ses:configuration-set': ['tactful-email-events'],
    'ses:from-domain': ['acme.test'],
    touchId: [touchId],
    accountId: [record.accountId],
  };
}

const bounce = (bounceType: string, bounceSubType: string) => ({
  bounce: {
    bounceType,
    bounceSubType,
    bouncedRecipients: [
      { emailAddress: 'bounce@simulator.amazonses.com', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
    ],
    timestamp: '2026-03-02T15:00:04.000Z',
    feedbackId: 'feedback-1',
    reportingMTA: 'dns; a8-30.smtp-out.amazonses.com',
  },
});
const complaint = {
  complaint: {
    complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }],
    timestamp: '2026-03-02T15:01:00.000Z',
    feedbackId: 'feedback-2',
    complaintSubType: null,
    complaintFeedbackType: 'abuse',
    userAgent: 'Mail Simulator',
    arrivalDate: '2026-03-02T15:01:00.000Z',
  },
};
const delivery = {
  delivery: {
    timestamp: '2026-03-02T15:00:02.000Z',
    processingTimeMillis: 2000,
    recipients: ['success@simulator.amazonses.com'],
    smtpResponse: '250 2.6.0 Message received',
    reportingMTA: 'a8-30.smtp-out.amazonses.com',
  },
};

/** End User Messaging SMS event records, each published to the configuration set's SNS topic. */
function smsEvents(...records: Array<{ eventType: string; messageId?: string; context?: Record<string, string> }>): never {
  return {
    Records: records.map((r, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:sms-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i}-${r.eventType}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:sms-events',
        Subject: null,
        Message: JSON.stringify({
          eventType: r.eventType,
          eventVersion: '1.0',
          eventTimestamp: 1772463605000,
          isFinal: true,
          originationPhoneNumber: '+18885550123',
          destinationPhoneNumber: '+14254147167',
          isoCountryCode: 'US',
          messageId: r.messageId ?? `sms-${r.eventType}`,
          messageRequestTimestamp: 1772463600000,
          messageEncoding: 'GSM',
          messageType: 'TRANSACTIONAL',
          messageStatus: r.eventType.replace('TEXT_', ''),
          messageStatusDescription: 'reported by the carrier',
          context: r.context ?? { touchId: `${record.accountId}-escalation-1`, accountId: record.accountId },
          totalMessageParts: 1,
          totalMessagePrice: 0.00581,
          totalCarrierFee: 0.00302,
        }),
        Timestamp: '2026-03-02T15:00:05.000Z',
        SignatureVersion: '1',
        Signature: 'sig',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      },
    })),
  } as never;
}

describe('functions/delivery-events', () => {
  function world() {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const workflow = new RecordingWorkflow();
    const handler = createHandler({ store, workflow });
    const run = (event: never) => handler(event, lambdaContext('delivery-events'));
    const state = async () => foldAccount(record.accountId, (await store.loadHistory(record.accountId))!.events);
    const events = async () => (await store.loadHistory(record.accountId))!.events.filter((e) => e.type !== 'placed');
    return { store, workflow, run, state, events };
  }

  it('a permanent bounce makes the address unreachable, once, and wakes the waiting workflow once', async () => {
    const { store, workflow, run, state, events } = world();
    await store.parkTaskToken(record.accountId, 'wait-token', store.version(record.accountId));
    const event = sesEvent('Bounce', 'Email Bounced', bounce('Permanent', 'General'));
    expect(await run(event)).toMatchObject({ outcomes: [{ status: 'recorded', type: 'delivery-bounced' }] });
    expect(await run(event)).toMatchObject({ outcomes: [{ status: 'duplicate', type: 'delivery-bounced' }] });
    expect(await events()).toMatchObject([
      {
        type: 'delivery-bounced',
        eventId: `${record.accountId}:delivery:email:${sesMessageId}:Bounce`,
        channel: 'email',
        bounceType: 'permanent',
        detail: 'General',
        touchId,
        messageId: sesMessageId,
      },
    ]);
    expect((await state()).unreachable).toEqual({ email: true, sms: false });
    expect(workflow.resumed.map((r) => r.token)).toEqual(['wait-token']);
  });

  it('a transient bounce, a delivery and a reject are recorded and change nothing', async () => {
    const { run, state, events } = world();
    await run(sesEvent('Bounce', 'Email Bounced', bounce('Transient', 'MailboxFull')));
    await run(sesEvent('Delivery', 'Email Delivered', delivery));
    await run(sesEvent('Reject', 'Email Rejected', { reject: { reason: 'Bad content' } }));
    expect(await events()).toMatchObject([
      { type: 'delivery-bounced', bounceType: 'transient', detail: 'MailboxFull' },
      { type: 'delivery-delivered', channel: 'email' },
      { type: 'delivery-failed', channel: 'email', status: 'Reject', permanent: false },
    ]);
    const s = await state();
    expect([s.unreachable, s.optedOut]).toEqual([
      { email: false, sms: false },
      { email: false, sms: false },
    ]);
  });

  it('a complaint opts the debtor out of email only', async () => {
    const { run, state, events } = world();
    await run(sesEvent('Complaint', 'Email Complaint Received', complaint));
    expect(await events()).toMatchObject([{ type: 'delivery-complained', channel: 'email', detail: 'abuse' }]);
    expect((await state()).optedOut).toEqual({ email: true, sms: false });
  });

  it('SMS: delivered is recorded; an invalid or unreachable number is unreachable; TEXT_BLOCKED opts out of texts', async () => {
    const { run, state, events } = world();
    const result = await run(
      smsEvents(
        { eventType: 'TEXT_DELIVERED' },
        { eventType: 'TEXT_SUCCESSFUL' },
        { eventType: 'TEXT_CARRIER_UNREACHABLE' },
        { eventType: 'TEXT_TTL_EXPIRED' },
        { eventType: 'TEXT_SPAM' },
        { eventType: 'TEXT_CARRIER_BLOCKED' },
        { eventType: 'TEXT_UNKNOWN' },
      ),
    );
    expect(result).toMatchObject({ outcomes: Array(7).fill({ status: 'recorded' }) });
    let s = await state();
    expect([s.unreachable.sms, s.optedOut.sms]).toEqual([false, false]);
    await run(smsEvents({ eventType: 'TEXT_INVALID' }, { eventType: 'TEXT_UNREACHABLE' }, { eventType: 'TEXT_BLOCKED' }));
    s = await state();
    expect([s.unreachable, s.optedOut]).toEqual([
      { email: false, sms: true },
      { email: false, sms: true },
    ]);
    expect((await events()).map((e) => e.type)).toEqual([
      'delivery-delivered',
      'delivery-delivered',
      ...Array(5).fill('delivery-failed'),
      'delivery-failed',
      'delivery-failed',
      'sms-carrier-opt-out',
    ]);
    expect((await events()).filter((e) => e.type === 'delivery-failed' && e.permanent).map((e) => 'status' in e && e.status)).toEqual([
      'TEXT_INVALID',
      'TEXT_UNREACHABLE',
    ]);
  });

  it('the same SMS event redelivered by SNS is recorded once', async () => {
    const { run, events } = world();
    await run(smsEvents({ eventType: 'TEXT_BLOCKED', messageId: 'm-1' }));
    expect(await run(smsEvents({ eventType: 'TEXT_BLOCKED', messageId: 'm-1' }))).toMatchObject({ outcomes: [{ status: 'duplicate' }] });
    expect(await events()).toHaveLength(1);
  });

  it('an answer (its tag has no touch shape) still finds its account by the accountId tag', async () => {
    const { run, events } = world();
    const tags = { ...ourTags(), touchId: [`${record.accountId}_answer_m-9`] };
    await run(sesEvent('Delivery', 'Email Delivered', delivery, tags));
    expect(await events()).toMatchObject([{ type: 'delivery-delivered', touchId: `${record.accountId}_answer_m-9` }]);
  });

  it('drops, without recording or failing, a report for a message without tags or for no known account', async () => {
    const { run, events } = world();
    const untagged = await run(sesEvent('Bounce', 'Email Bounced', bounce('Permanent', 'General'), { 'ses:configuration-set': ['x'] }));
    expect(untagged).toMatchObject({ outcomes: [{ status: 'unknown-account' }] });
    const otherAccount = 'acc-ffffffffffffffffffffffff';
    const unknown = await run(
      smsEvents({ eventType: 'TEXT_INVALID', context: { touchId: `${otherAccount}-softreminder-1`, accountId: otherAccount } }),
    );
    expect(unknown).toMatchObject({ outcomes: [{ status: 'unknown-account', reason: `no account ${otherAccount}` }] });
    expect(await run(smsEvents({ eventType: 'TEXT_PENDING' }))).toMatchObject({ outcomes: [{ status: 'ignored' }] });
    expect(await events()).toEqual([]);
  });

  it('fails an event that is not a delivery event (it waits in the dead-letter queue), and records the rest of the batch', async () => {
    const { run, events } = world();
    const notSes = { ...(sesEvent('Open', 'Email Opened', {}) as object) } as never;
    await expect(run(notSes)).rejects.toBeInstanceOf(InvalidEventError);
    const batch = smsEvents({ eventType: 'TEXT_DELIVERED' }) as { Records: Array<{ Sns: { Message: string } }> };
    const broken = smsEvents({ eventType: 'TEXT_DELIVERED', messageId: 'm-2' }) as { Records: Array<{ Sns: { Message: string } }> };
    broken.Records[0]!.Sns.Message = '{"eventType": "TEXT_DELIVERED"}';
    await expect(run({ Records: [...batch.Records, ...broken.Records] } as never)).rejects.toThrow(/Invalid SMS event payload/);
    expect(await events()).toHaveLength(1);
  });
});
