// functions/inbound-sms: End User Messaging two-way SMS through SNS, routed by the debtor's phone AND the creditor's
// origination number, recorded once, then the parked workflow token is resumed.
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParseError } from '@aws-lambda-powertools/parser';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, sfnMock as sfn, resetAwsMocks } from '../setup/aws-mocks.ts';
import {
  ACME_SMS_NUMBER,
  DEBTOR,
  GLOBEX_SMS_NUMBER,
  INSIDE_HOURS,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  accountRecord,
  acmeProfile,
  globexProfile,
  lambdaContext,
} from '../setup/fakes.ts';

type InboundSmsModule = typeof import('../../../functions/inbound-sms/handler.ts');

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:tactful-inbound-sms';

interface InboundText {
  originationNumber: string;
  destinationNumber: string;
  messageBody: string;
  inboundMessageId: string;
  messageKeyword?: string;
  previousPublishedMessageId?: string;
}

/** The SNS event Lambda receives for one End User Messaging inbound text (real field names and shapes). */
function snsEvent(text: InboundText, snsMessageId = 'd2a5e6b8-4f0c-5a7e-9b1d-3c2f1e0a9b8c') {
  const message = {
    originationNumber: text.originationNumber,
    destinationNumber: text.destinationNumber,
    messageKeyword: text.messageKeyword ?? 'KEYWORD_123456789012',
    messageBody: text.messageBody,
    inboundMessageId: text.inboundMessageId,
    previousPublishedMessageId: text.previousPublishedMessageId ?? 'wJ2oXJPNzQ8AfSyHKxYH1nW3xT4Fp0kZ',
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns' as const,
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        Sns: {
          Type: 'Notification' as const,
          MessageId: snsMessageId,
          TopicArn: TOPIC_ARN,
          Subject: null,
          Message: JSON.stringify(message),
          Timestamp: INSIDE_HOURS.toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
          UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

const acmeAccount = accountRecord();
const globexAccount = accountRecord({ creditorId: 'globex', accountRef: 'G-77', sourceKey: 'creditors/globex/inbox/placements/p.csv' });
const stopFromDebtor: InboundText = {
  originationNumber: DEBTOR.phone,
  destinationNumber: ACME_SMS_NUMBER,
  messageKeyword: 'STOP',
  messageBody: 'STOP',
  inboundMessageId: 'b2c3d4e5-0001-4a5b-8c9d-stop00000001',
};

describe('functions/inbound-sms', () => {
  let inbound: InboundSmsModule;
  beforeAll(async () => {
    inbound = await import('../../../functions/inbound-sms/handler.ts');
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function world(...accounts: ReturnType<typeof accountRecord>[]) {
    const store = new MemoryAccountStore();
    for (const account of accounts) store.seed(account, new Date('2026-03-01T12:00:00Z'));
    const creditors = new MemoryCreditorStore(acmeProfile(), globexProfile());
    const workflow = new RecordingWorkflow();
    const handler = inbound.createHandler({ store, creditors, workflow });
    return { store, creditors, workflow, handler };
  }

  describe('createHandler with in-memory ports', () => {
    it('records STOP from a known phone to the creditor number as one stop reply and resumes the parked token', async () => {
      const { store, workflow, handler } = world(acmeAccount);
      expect(await store.parkTaskToken(acmeAccount.accountId, 'wait-token', store.version(acmeAccount.accountId))).toBe('parked');

      await expect(handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'))).resolves.toBeUndefined();

      const replies = store.events(acmeAccount.accountId).filter((e) => e.type === 'reply-received');
      expect(replies).toEqual([
        {
          type: 'reply-received',
          channel: 'sms',
          intent: 'stop',
          messageId: stopFromDebtor.inboundMessageId,
          eventId: `${acmeAccount.accountId}:sms:${stopFromDebtor.inboundMessageId}`,
          accountId: acmeAccount.accountId,
          at: INSIDE_HOURS.toISOString(),
          seq: 2,
        },
      ]);
      expect(workflow.resumed).toEqual([{ token: 'wait-token', output: { wokenBy: 'reply-received' } }]);
      expect(store.tokens.has(acmeAccount.accountId)).toBe(false);
      // A keyword is understood: nothing for a person to read.
      expect(await store.listForReview(acmeAccount.creditorId)).toEqual([]);
    });

    it('puts a reply it cannot read in the creditor\'s review queue, once, and never guesses', async () => {
      const { store, handler } = world(acmeAccount);
      const unclear = { ...stopFromDebtor, messageBody: 'my cousin handles my bills, talk to him', messageKeyword: 'MY', inboundMessageId: 'in-unclear-1' };

      await handler(snsEvent(unclear), lambdaContext('inbound-sms'));
      await handler(snsEvent(unclear), lambdaContext('inbound-sms'));

      expect(await store.listForReview(acmeAccount.creditorId)).toEqual([
        {
          creditorId: acmeAccount.creditorId,
          accountId: acmeAccount.accountId,
          at: INSIDE_HOURS.toISOString(),
          channel: 'sms',
          messageId: 'in-unclear-1',
          text: 'my cousin handles my bills, talk to him',
        },
      ]);
      expect(store.events(acmeAccount.accountId).filter((e) => e.type === 'reply-received').map((e) => e.type === 'reply-received' && e.intent)).toEqual(['other']);
    });

    it('records a twice-delivered SNS message once and resumes at most once', async () => {
      const { store, workflow, handler } = world(acmeAccount);
      await store.parkTaskToken(acmeAccount.accountId, 'wait-token', store.version(acmeAccount.accountId));
      const event = snsEvent(stopFromDebtor);

      await handler(event, lambdaContext('inbound-sms'));
      await handler(structuredClone(event), lambdaContext('inbound-sms'));

      expect(store.events(acmeAccount.accountId).filter((e) => e.type === 'reply-received')).toHaveLength(1);
      expect(workflow.resumed).toHaveLength(1);
    });

    it('classifies the text body, not just keywords (a dispute in words)', async () => {
      const { store, handler } = world(acmeAccount);
      await handler(
        snsEvent({ ...stopFromDebtor, messageKeyword: 'KEYWORD_123', messageBody: 'This is not my debt', inboundMessageId: 'in-dispute-1' }),
        lambdaContext('inbound-sms'),
      );
      expect(store.events(acmeAccount.accountId).at(-1)).toMatchObject({ type: 'reply-received', intent: 'dispute', messageId: 'in-dispute-1' });
    });

    it('drops a text from an unknown phone without throwing or recording anything', async () => {
      const { store, workflow, handler } = world(acmeAccount);

      await expect(
        handler(snsEvent({ ...stopFromDebtor, originationNumber: '+13105550199' }), lambdaContext('inbound-sms')),
      ).resolves.toBeUndefined();

      expect(store.events(acmeAccount.accountId)).toHaveLength(1); // only 'placed'
      expect(workflow.resumed).toEqual([]);
    });

    it('drops a text to a number no creditor owns', async () => {
      const { store, handler } = world(acmeAccount);
      await handler(snsEvent({ ...stopFromDebtor, destinationNumber: '+18885550000' }), lambdaContext('inbound-sms'));
      expect(store.events(acmeAccount.accountId)).toHaveLength(1);
    });

    it("does not match a phone known only for ANOTHER creditor's account", async () => {
      const { store, workflow, handler } = world(globexAccount);
      await store.parkTaskToken(globexAccount.accountId, 'globex-token', store.version(globexAccount.accountId));

      // The debtor is Globex's, but the text went to Acme's number.
      await handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));

      expect(store.events(globexAccount.accountId)).toHaveLength(1);
      expect(workflow.resumed).toEqual([]);
      expect(store.tokens.get(globexAccount.accountId)).toBe('globex-token');
    });

    it("with the same phone placed by two creditors, records only on the account of the creditor texted", async () => {
      const { store, handler } = world(acmeAccount, globexAccount);

      await handler(snsEvent({ ...stopFromDebtor, destinationNumber: GLOBEX_SMS_NUMBER }), lambdaContext('inbound-sms'));

      expect(store.events(globexAccount.accountId).map((e) => e.type)).toEqual(['placed', 'reply-received']);
      expect(store.events(acmeAccount.accountId).map((e) => e.type)).toEqual(['placed']);
    });

    it('rejects a record that is not an SNS notification with a ParseError', async () => {
      const { store, handler } = world(acmeAccount);
      const event = snsEvent(stopFromDebtor);
      const bad = { Records: [{ ...event.Records[0]!, EventSource: 'aws:sqs' }] };
      await expect(handler(bad as never, lambdaContext('inbound-sms'))).rejects.toBeInstanceOf(ParseError);
      expect(store.events(acmeAccount.accountId)).toHaveLength(1);
    });

    it('rejects an SNS message that is not an inbound text (no inboundMessageId) with a ParseError', async () => {
      const { handler } = world(acmeAccount);
      const event = snsEvent(stopFromDebtor);
      const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
      delete message.inboundMessageId;
      event.Records[0]!.Sns.Message = JSON.stringify(message);
      await expect(handler(event, lambdaContext('inbound-sms'))).rejects.toBeInstanceOf(ParseError);
    });
  });

  describe('module-scope handler, DynamoDB + Step Functions mocked', () => {
    const { accountId } = acmeAccount;

    beforeEach(() => {
      resetAwsMocks();
      ddb.on(GetCommand, { Key: { pk: `ORIGINATION#${ACME_SMS_NUMBER}`, sk: 'CREDITOR' } }).resolves({ Item: { creditorId: 'acme' } });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CONTACT#sms#${DEBTOR.phone}` } }).resolves({
        Items: [
          { pk: `CONTACT#sms#${DEBTOR.phone}`, sk: `ACCOUNT#${accountId}`, kind: 'contact', creditorId: 'acme' },
          { pk: `CONTACT#sms#${DEBTOR.phone}`, sk: `ACCOUNT#${globexAccount.accountId}`, kind: 'contact', creditorId: 'globex' },
        ],
      });
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' } }).resolves({
        Item: { pk: `ACCOUNT#${accountId}`, sk: 'META', record: acmeAccount, eventVersion: 3 },
      });
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).resolves({});
      ddb.on(UpdateCommand, { UpdateExpression: 'ADD eventVersion :one' }).resolves({
        Attributes: { eventVersion: 4, waitToken: 'sfn-wait-token' },
      });
      sfn.on(SendTaskSuccessCommand).resolves({});
    });

    it('routes through the contact and origination items, records the reply and sends SendTaskSuccess', async () => {
      await inbound.handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));

      expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        Item: expect.objectContaining({
          pk: `ACCOUNT#${accountId}`,
          sk: `EVENT#${accountId}:sms:${stopFromDebtor.inboundMessageId}`,
          event: expect.objectContaining({ type: 'reply-received', intent: 'stop', channel: 'sms' }),
        }),
      });
      expect(sfn).toHaveReceivedCommandExactlyOnceWith(SendTaskSuccessCommand, {
        taskToken: 'sfn-wait-token',
        output: '{"wokenBy":"reply-received"}',
      });
      // Globex's account on the same phone is never read.
      expect(ddb).not.toHaveReceivedCommandWith(GetCommand, { Key: { pk: `ACCOUNT#${globexAccount.accountId}`, sk: 'META' } });
    });
  });
});
