// functions/inbound-sms: End User Messaging two-way SMS through SNS, routed by the debtor's phone AND the creditor's
// origination number, recorded once, then the parked workflow token is resumed.
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { eventFromDraft, type EventDraft } from '../../../shared/accounts/events.ts';
import { foldAccount } from '../../../shared/accounts/fold.ts';
import { logger, metrics } from '../../../shared/lambda/observability.ts';
import { PermanentDeliveryError, type SmsMessage } from '../../../shared/ports.ts';
import { MAX_REPLY_CHARS } from '../../../shared/usecases/record-reply.ts';
import { LocalSmsOutbox } from '../../../local/outboxes.ts';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, sfnMock as sfn, smsMock as smsClient, resetAwsMocks } from '../setup/aws-mocks.ts';
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
const AGENCY = { name: 'Northwind Recoveries', email: 'letters@northwind.test', smsOrigination: '+18885550777', address: '1 Harbor Way, Portland, OR 97204' };
const thirdParty: EventDraft[] = [
  { type: 'handoff-approved', by: 'creditor', key: 'handoff-approved' },
  { type: 'stage-entered', stage: 'ThirdParty', key: 'stage:ThirdParty' },
];
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
    return worldWith(accounts.map((account) => [account]));
  }

  /** Accounts with events after their placement, and a texting port that keeps what it is given. */
  function worldWith(accounts: Array<[ReturnType<typeof accountRecord>, ...EventDraft[]]>, sms = new LocalSmsOutbox()) {
    const store = new MemoryAccountStore();
    for (const [account, ...drafts] of accounts) store.seed(account, new Date('2026-03-01T12:00:00Z'), ...drafts);
    const creditors = new MemoryCreditorStore(acmeProfile(), globexProfile());
    const workflow = new RecordingWorkflow();
    const handler = inbound.createHandler({ store, creditors, workflow, sms, agency: AGENCY });
    return { store, creditors, workflow, handler, sms };
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

      expect(store.events(globexAccount.accountId).map((e) => e.type)).toEqual(['placed', 'reply-received', 'reply-answered']);
      expect(store.events(acmeAccount.accountId).map((e) => e.type)).toEqual(['placed']);
    });

    it('rejects a record that is not an SNS notification with an InvalidEventError', async () => {
      const { store, handler } = world(acmeAccount);
      const event = snsEvent(stopFromDebtor);
      const bad = { Records: [{ ...event.Records[0]!, EventSource: 'aws:sqs' }] };
      await expect(handler(bad as never, lambdaContext('inbound-sms'))).rejects.toBeInstanceOf(InvalidEventError);
      expect(store.events(acmeAccount.accountId)).toHaveLength(1);
    });

    it('fails an SNS message that is not an inbound text (no inboundMessageId) with a clear log and metric, without PII', async () => {
      const { store, handler } = world(acmeAccount);
      const event = snsEvent(stopFromDebtor);
      const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
      delete message.inboundMessageId;
      event.Records[0]!.Sns.Message = JSON.stringify(message);
      const errors = vi.spyOn(logger, 'error');
      const counted = vi.spyOn(metrics, 'addMetric');
      try {
        // Thrown: Lambda retries, then the event waits in the FailedEvents queue. Nothing is lost.
        await expect(handler(event, lambdaContext('inbound-sms'))).rejects.toThrow(/Invalid inbound SMS payload/);
        expect(errors).toHaveBeenCalledWith(expect.stringContaining('not an End User Messaging inbound text'), {
          snsMessageId: event.Records[0]!.Sns.MessageId,
          reason: 'inboundMessageId: invalid_type',
        });
        expect(JSON.stringify(errors.mock.calls)).not.toContain(DEBTOR.phone);
        expect(counted).toHaveBeenCalledWith('RepliesUnreadable', 'Count', 1);
      } finally {
        errors.mockRestore();
        counted.mockRestore();
      }
      expect(store.events(acmeAccount.accountId)).toHaveLength(1);
    });

    it('fails an SNS message whose body is not JSON', async () => {
      const { handler } = world(acmeAccount);
      const event = snsEvent(stopFromDebtor);
      event.Records[0]!.Sns.Message = 'STOP';
      await expect(handler(event, lambdaContext('inbound-sms'))).rejects.toThrow(/Invalid inbound SMS payload/);
    });

    it('records an empty text as other for a person to read, with a warning', async () => {
      const { store, handler } = world(acmeAccount);
      const warnings = vi.spyOn(logger, 'warn');
      try {
        await handler(snsEvent({ ...stopFromDebtor, messageBody: '   ', messageKeyword: '', inboundMessageId: 'in-empty-1' }), lambdaContext('inbound-sms'));
        expect(warnings).toHaveBeenCalledWith(expect.stringContaining('empty body'), { inboundMessageId: 'in-empty-1' });
      } finally {
        warnings.mockRestore();
      }
      expect(store.events(acmeAccount.accountId).at(-1)).toMatchObject({ type: 'reply-received', intent: 'other', messageId: 'in-empty-1' });
      expect(await store.listForReview('acme')).toHaveLength(1);
    });

    it('does not run the rules over an oversized text: other, kept in the review queue up to the limit', async () => {
      const { store, handler } = world(acmeAccount);
      const long = `I will pay friday. ${'x'.repeat(MAX_REPLY_CHARS)}`;
      await handler(snsEvent({ ...stopFromDebtor, messageBody: long, messageKeyword: 'I', inboundMessageId: 'in-long-1' }), lambdaContext('inbound-sms'));
      expect(store.events(acmeAccount.accountId).at(-1)).toMatchObject({ type: 'reply-received', intent: 'other' });
      const [review] = await store.listForReview('acme');
      expect(review).toMatchObject({ truncated: true, messageId: 'in-long-1' });
      expect(review!.text).toHaveLength(MAX_REPLY_CHARS);
    });
  });

  describe('answers (self-managed opt-outs: Tactful answers STOP, HELP and START itself)', () => {
    const texts = (sms: LocalSmsOutbox) => sms.sent.map((m) => ({ to: m.to, from: m.originationIdentity, body: m.body }));

    it('confirms STOP once, from the number texted, and records the answer outside the frequency counts', async () => {
      const { store, handler, sms } = world(acmeAccount);
      await handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));
      // The same SNS message again, and a second STOP: no second confirmation.
      await handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));
      await handler(snsEvent({ ...stopFromDebtor, inboundMessageId: 'in-stop-2', messageBody: 'stop!' }), lambdaContext('inbound-sms'));

      expect(texts(sms)).toEqual([
        { to: DEBTOR.phone, from: ACME_SMS_NUMBER, body: 'Acme Energy: you are unsubscribed and will get no more texts from us. Reply START to resubscribe.' },
      ]);
      const events = store.events(acmeAccount.accountId);
      expect(events.filter((e) => e.type === 'reply-answered')).toEqual([
        expect.objectContaining({ type: 'reply-answered', channel: 'sms', kind: 'stop-confirmation', inReplyTo: stopFromDebtor.inboundMessageId }),
      ]);
      const state = foldAccount(acmeAccount.accountId, events);
      expect(state.optedOut.sms).toBe(true);
      expect(state.contactHistory).toEqual([]);
    });

    it("answers HELP with the creditor's name, a way to reach a person and how to opt out", async () => {
      const { handler, sms } = world(acmeAccount);
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'help', messageKeyword: 'HELP', inboundMessageId: 'in-help-1' }), lambdaContext('inbound-sms'));
      expect(texts(sms)).toEqual([{ to: DEBTOR.phone, from: ACME_SMS_NUMBER, body: 'Acme Energy. Questions: +18005550100. Reply STOP to opt out of texts.' }]);
    });

    it('answers HELP as the agency, a debt collector, after the hand-off, and in Spanish for a Spanish-speaking debtor', async () => {
      const spanish = accountRecord({ debtor: { ...acmeAccount.debtor, language: 'es-US' } });
      const { handler, sms } = worldWith([[spanish, ...thirdParty]]);
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'AYUDA', inboundMessageId: 'in-help-2' }), lambdaContext('inbound-sms'));
      expect(texts(sms)).toEqual([
        {
          to: DEBTOR.phone,
          from: ACME_SMS_NUMBER,
          body: 'Northwind Recoveries, una agencia de cobranza, por Acme Energy. Preguntas: letters@northwind.test. Responda STOP para no recibir más mensajes.',
        },
      ]);
    });

    it('opts back in on START after a STOP, with a confirmation', async () => {
      const { store, handler, sms } = world(acmeAccount);
      await handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'Unstop', inboundMessageId: 'in-start-1' }), lambdaContext('inbound-sms'));
      expect(sms.sent.map((m) => m.body)).toEqual([
        expect.stringContaining('you are unsubscribed'),
        'Acme Energy: you are subscribed to our texts again. Reply HELP for help, STOP to opt out.',
      ]);
      expect(foldAccount(acmeAccount.accountId, store.events(acmeAccount.accountId)).optedOut.sms).toBe(false);
    });

    it('records a reply to a resolved account and answers politely, asking for nothing and restarting nothing', async () => {
      const { store, workflow, handler, sms } = worldWith([[acmeAccount, { type: 'resolved', outcome: 'paid', key: 'resolved' }]]);
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'I will pay friday', inboundMessageId: 'in-late-1' }), lambdaContext('inbound-sms'));
      // A second text the same week (or a phone's auto-reply) gets no second answer: no loop.
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'I am driving with Focus on', inboundMessageId: 'in-late-2' }), lambdaContext('inbound-sms'));

      expect(store.events(acmeAccount.accountId).map((e) => e.type)).toEqual(['placed', 'resolved', 'reply-received', 'reply-answered', 'reply-received']);
      expect(workflow.resumed).toEqual([]);
      const state = foldAccount(acmeAccount.accountId, store.events(acmeAccount.accountId));
      expect(state).toMatchObject({ status: 'resolved', outcome: 'paid' });
      expect(state.promise).toBeUndefined();
      expect(sms.sent).toHaveLength(1);
      expect(sms.sent[0]!.body).toBe(
        'Acme Energy: thank you for your message. This account is closed with us and you will get no more reminders about it. Questions: +18005550100.',
      );
      expect(sms.sent[0]!.body).not.toMatch(/pay|https?:/i);
    });

    it('routes a text to the agency number to the handed-off account at that phone, and answers from that number', async () => {
      const { store, handler, sms } = worldWith([[acmeAccount, ...thirdParty], [globexAccount]]);
      await handler(snsEvent({ ...stopFromDebtor, destinationNumber: AGENCY.smsOrigination, inboundMessageId: 'in-agency-1' }), lambdaContext('inbound-sms'));
      expect(store.events(acmeAccount.accountId).at(-2)).toMatchObject({ type: 'reply-received', intent: 'stop' });
      expect(store.events(globexAccount.accountId).map((e) => e.type)).toEqual(['placed']);
      expect(texts(sms)).toEqual([{ to: DEBTOR.phone, from: AGENCY.smsOrigination, body: expect.stringContaining('Northwind Recoveries: you are unsubscribed') }]);
    });

    it("acts on a text to the agency number only as every creditor's debt allows, when the phone's handed-off accounts are two creditors'", async () => {
      const { store, handler, sms } = worldWith([[acmeAccount, ...thirdParty], [globexAccount, ...thirdParty]]);
      const toAgency = (messageBody: string, inboundMessageId: string) =>
        snsEvent({ ...stopFromDebtor, messageKeyword: undefined, messageBody, destinationNumber: AGENCY.smsOrigination, inboundMessageId });
      await handler(toAgency("I'll pay on Friday", 'in-agency-promise'), lambdaContext('inbound-sms'));
      await handler(toAgency('HELP', 'in-agency-help'), lambdaContext('inbound-sms'));

      for (const account of [acmeAccount, globexAccount]) {
        const intents = store.events(account.accountId).flatMap((e) => (e.type === 'reply-received' ? [e.intent] : []));
        expect(intents, account.creditorId).toEqual(['other', 'help']);
        expect((await store.listForReview(account.creditorId)).map((r) => r.messageId)).toEqual(['in-agency-promise']);
      }
      // HELP acts on the number texted (CTIA): it is answered, once.
      expect(texts(sms)).toEqual([{ to: DEBTOR.phone, from: AGENCY.smsOrigination, body: expect.stringContaining('Northwind Recoveries') }]);
    });

    it('takes a carrier opt-out refusal of the answer calmly (a toll-free number, where the carrier confirms STOP)', async () => {
      const refusing = new (class extends LocalSmsOutbox {
        override async sendSms(_: SmsMessage): Promise<{ messageId: string }> {
          throw new PermanentDeliveryError('sms', 'opted-out-at-carrier', 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
        }
      })();
      const { store, handler } = worldWith([[acmeAccount]], refusing);
      await expect(handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'))).resolves.toBeUndefined();
      expect(foldAccount(acmeAccount.accountId, store.events(acmeAccount.accountId)).optedOut.sms).toBe(true);
    });

    it('answers nothing to a conversation on an active account: the workflow does', async () => {
      const { handler, sms } = world(acmeAccount);
      await handler(snsEvent({ ...stopFromDebtor, messageBody: 'Can I set up a payment plan?', inboundMessageId: 'in-plan-1' }), lambdaContext('inbound-sms'));
      expect(sms.sent).toEqual([]);
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
      const metaItem = { pk: `ACCOUNT#${accountId}`, sk: 'META', kind: 'account', record: acmeAccount };
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' } }).resolves({ Item: metaItem });
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' } }).resolves({
        Item: { pk: `ACCOUNT#${accountId}`, sk: 'STATE', eventVersion: 3 },
      });
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).resolves({});
      // The parked token goes with the first event recorded after it (the reply), not the answer after that.
      ddb
        .on(UpdateCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' }, UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt' })
        .resolvesOnce({ Attributes: { eventVersion: 4, waitToken: 'sfn-wait-token' } })
        .resolves({ Attributes: { eventVersion: 5 } });
      sfn.on(SendTaskSuccessCommand).resolves({});
      // The account's partition as it reads after the reply was recorded.
      const placed = eventFromDraft(accountId, new Date('2026-03-01T12:00:00Z'), { type: 'placed', balanceMinor: 25_000, currency: 'USD', creditorId: 'acme', key: 'placed' });
      const reply = eventFromDraft(accountId, INSIDE_HOURS, { type: 'reply-received', channel: 'sms', intent: 'stop', messageId: stopFromDebtor.inboundMessageId, key: `sms:${stopFromDebtor.inboundMessageId}` });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` } }).resolves({
        Items: [
          { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${placed.eventId}`, kind: 'event', event: placed, seq: 1 },
          { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${reply.eventId}`, kind: 'event', event: reply, seq: 4 },
          metaItem,
          { pk: `ACCOUNT#${accountId}`, sk: 'STATE', eventVersion: 4 },
        ],
      });
      ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
      smsClient.on(SendTextMessageCommand).resolves({ MessageId: 'sms-answer-1' });
    });

    it('routes through the contact and origination items, records the reply, sends SendTaskSuccess, then confirms STOP', async () => {
      await inbound.handler(snsEvent(stopFromDebtor), lambdaContext('inbound-sms'));

      expect(ddb).toHaveReceivedCommandTimes(PutCommand, 2);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        Item: expect.objectContaining({
          sk: `EVENT#${accountId}:sms:${stopFromDebtor.inboundMessageId}:answered`,
          event: expect.objectContaining({ type: 'reply-answered', kind: 'stop-confirmation' }),
        }),
      });
      expect(smsClient).toHaveReceivedCommandExactlyOnceWith(SendTextMessageCommand, {
        DestinationPhoneNumber: DEBTOR.phone,
        OriginationIdentity: ACME_SMS_NUMBER,
        MessageBody: expect.stringContaining('Acme Energy: you are unsubscribed'),
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: TEST_ENV.SMS_CONFIGURATION_SET,
      });
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
      expect(ddb).not.toHaveReceivedCommandWith(GetCommand, { Key: expect.objectContaining({ pk: `ACCOUNT#${globexAccount.accountId}` }) });
      expect(ddb).not.toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': `ACCOUNT#${globexAccount.accountId}` } });
    });
  });
});
