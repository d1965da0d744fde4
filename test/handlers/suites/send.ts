// functions/send: createHandler with in-memory ports (send once per touch, the send-time gate, the callback token),
// and the module-scope handler wired to SES v2 and DynamoDB (mocked at the client).
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictException, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { eventFromDraft, type EventDraft } from '../../../shared/accounts/events.ts';
import { HmacLinkSigner } from '../../../local/hmac-link-signer.ts';
import { replyAddressFor } from '../../../shared/replies/reply-address.ts';
import { LocalEmailOutbox, LocalSmsOutbox } from '../../../local/outboxes.ts';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, kmsMock as kms, sesMock as ses, sfnMock as sfn, smsMock as smsClient, resetAwsMocks } from '../setup/aws-mocks.ts';
import {
  ACME_SMS_NUMBER,
  DEBTOR,
  INSIDE_HOURS,
  NIGHT_IN_NEW_YORK,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  acmeProfile,
  accountRecord,
  lambdaContext,
  sendersWithVerifiedDomains,
} from '../setup/fakes.ts';

type SendModule = typeof import('../../../functions/send/handler.ts');

const REPLY_DOMAIN = 'replies.acme-collect.test';
const AGENCY = { name: 'Northwind Recoveries', email: 'letters@northwind.test', address: '1 Harbor Way, Portland, OR 97204' };
const record = accountRecord();
const { accountId } = record;
const touchId = `${accountId}-softreminder-1`;
const stageEntered: EventDraft = { type: 'stage-entered', stage: 'SoftReminder', key: 'stage:SoftReminder' };

describe('functions/send', () => {
  let send: SendModule;
  beforeAll(async () => {
    send = await import('../../../functions/send/handler.ts');
  });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function world(...drafts: EventDraft[]) {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-02T14:00:00Z'), stageEntered, ...drafts);
    const creditors = new MemoryCreditorStore(acmeProfile());
    const workflow = new RecordingWorkflow();
    const email = new LocalEmailOutbox();
    const sms = new LocalSmsOutbox();
    const replySigner = new HmacLinkSigner();
    const handler = send.createHandler({
      store,
      creditors,
      workflow,
      email,
      sms,
      senders: sendersWithVerifiedDomains(acmeProfile()),
      replyDomain: REPLY_DOMAIN,
      agency: AGENCY,
      links: new HmacLinkSigner(),
      replySigner,
      unsubscribeBaseUrl: 'https://unsubscribe.tactful.test/',
    });
    const replyAddress = (touch: string) => replyAddressFor(replySigner, touch, REPLY_DOMAIN);
    return { store, workflow, email, sms, handler, replyAddress };
  }

  describe('createHandler with in-memory ports', () => {
    it('sends the email once, from the creditor, with a Reply-To that routes back to the touch, then parks the token', async () => {
      const { store, workflow, email, sms, handler, replyAddress } = world();

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'token-1' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'sent', callback: 'parked' });
      expect(email.sent).toHaveLength(1);
      expect(email.sent[0]).toMatchObject({
        to: DEBTOR.email,
        fromName: 'Acme Billing',
        fromAddress: 'billing@acme.test',
        replyTo: await replyAddress(touchId),
        touchId,
        listUnsubscribe: expect.stringMatching(new RegExp(String.raw`^https://unsubscribe\.tactful\.test/\?t=${touchId}&s=[\w-]{43}$`)),
      });
      expect(email.sent[0]!.text).toContain('Dana');
      expect(email.sent[0]!.html).toContain('https://pay.acme.test/');
      expect(sms.sent).toEqual([]);

      const events = store.events(accountId);
      // Recorded before and after the send.
      expect(events.map((e) => e.type)).toEqual(['placed', 'stage-entered', 'touch-sending', 'touch-sent']);
      expect(events.at(-1)).toEqual({
        type: 'touch-sent',
        touchId,
        stage: 'SoftReminder',
        channel: 'email',
        template: 'soft-reminder.email.en.v1',
        eventId: `${accountId}:${touchId}:sent`,
        accountId,
        at: INSIDE_HOURS.toISOString(),
        seq: 4,
      });
      expect(store.tokens.get(accountId)).toBe('token-1');
      expect(workflow.resumed).toEqual([]);
    });

    it('does not send again for a touch id it already sent, and parks the new token', async () => {
      const { store, workflow, email, handler } = world();
      const input = { accountId, stage: 'SoftReminder' as const, touchId, channel: 'email' as const, token: 'token-1' };
      await handler(input, lambdaContext('send'));

      const again = await handler({ ...input, token: 'token-2' }, lambdaContext('send'));

      expect(again).toEqual({ status: 'already-sent', callback: 'parked' });
      expect(email.sent).toHaveLength(1);
      expect(store.events(accountId).filter((e) => e.type === 'touch-sent')).toHaveLength(1);
      expect(store.tokens.get(accountId)).toBe('token-2');
      expect(workflow.resumed).toEqual([]);
    });

    it('never repeats an attempt whose outcome is unknown (it started, and neither finished nor failed)', async () => {
      const { store, workflow, email, handler } = world({
        type: 'touch-sending',
        touchId,
        channel: 'email',
        attempt: 1,
        key: `${touchId}:sending:1`,
      });

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'token-1' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'suppressed', reasons: ['send-outcome-unknown'], callback: 'woken' });
      expect(email.sent).toEqual([]);
      expect(store.events(accountId).at(-1)).toMatchObject({ type: 'touch-suppressed', reason: 'send-outcome-unknown' });
      expect(workflow.resumed.map((r) => r.token)).toEqual(['token-1']);
    });

    it("records a refusal the provider answered with, so the workflow's retry sends once", async () => {
      const { store, email, handler } = world();
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
      const deliver = email.sendEmail.bind(email);
      let calls = 0;
      email.sendEmail = async (message) => (++calls === 1 ? Promise.reject(throttled) : deliver(message));
      const input = { accountId, stage: 'SoftReminder' as const, touchId, channel: 'email' as const, token: 'token-1' };

      await expect(handler(input, lambdaContext('send'))).rejects.toThrow('Rate exceeded');
      expect(
        store
          .events(accountId)
          .filter((e) => e.type.startsWith('touch-send'))
          .map((e) => e.type),
      ).toEqual(['touch-sending', 'touch-send-failed']);
      const retry = await handler({ ...input, token: 'token-2' }, lambdaContext('send'));

      expect(retry).toEqual({ status: 'sent', callback: 'parked' });
      expect(email.sent).toHaveLength(1);
    });

    it('wakes the workflow at once when an event slipped in before a repeated send could park', async () => {
      const { store, workflow, handler } = world({
        type: 'touch-sent',
        touchId,
        stage: 'SoftReminder',
        channel: 'email',
        template: 'soft-reminder.email.en.v1',
        key: `${touchId}:sent`,
      });
      const park = store.parkTaskToken.bind(store);
      store.parkTaskToken = async (id, token, seen) => {
        // A reply lands between Send loading the account and parking its token.
        await store.appendEvent(
          eventFromDraft(id, INSIDE_HOURS, {
            type: 'reply-received',
            channel: 'email',
            intent: 'pay',
            messageId: 'm-race',
            key: 'email:m-race',
          }),
        );
        return park(id, token, seen);
      };

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'token-3' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'already-sent', callback: 'woken' });
      expect(workflow.resumed).toEqual([{ token: 'token-3', output: { wokenBy: 'newer-event' } }]);
    });

    it('suppresses an SMS to a debtor who texted STOP, records why, sends nothing and resumes at once', async () => {
      const { store, workflow, email, sms, handler } = world({
        type: 'reply-received',
        channel: 'sms',
        intent: 'stop',
        messageId: 'inbound-1',
        key: 'sms:inbound-1',
      });
      const smsTouch = `${accountId}-softreminder-2`;

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId: smsTouch, channel: 'sms', token: 'token-sms' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'suppressed', reasons: ['opted-out:sms'], callback: 'woken' });
      expect(sms.sent).toEqual([]);
      expect(email.sent).toEqual([]);
      const suppressed = store.events(accountId).filter((e) => e.type === 'touch-suppressed');
      expect(suppressed).toEqual([
        expect.objectContaining({
          type: 'touch-suppressed',
          touchId: smsTouch,
          stage: 'SoftReminder',
          channel: 'sms',
          eventId: `${accountId}:${smsTouch}:sms:suppressed`,
        }),
      ]);
      expect(suppressed[0]!.type === 'touch-suppressed' && suppressed[0]!.reason).toContain('opted-out:sms');
      expect(workflow.resumed).toEqual([{ token: 'token-sms', output: { suppressed: true } }]);
      expect(store.tokens.has(accountId)).toBe(false);
    });

    it('suppresses a send outside contact hours in the debtor time zone', async () => {
      vi.setSystemTime(NIGHT_IN_NEW_YORK);
      const { store, workflow, email, handler } = world();

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'token-night' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'suppressed', reasons: ['outside-hours:America/New_York'], callback: 'woken' });
      expect(email.sent).toEqual([]);
      expect(store.events(accountId).at(-1)).toMatchObject({
        type: 'touch-suppressed',
        touchId,
        channel: 'email',
        reason: 'outside-hours:America/New_York',
        at: NIGHT_IN_NEW_YORK.toISOString(),
      });
      expect(workflow.resumed).toEqual([{ token: 'token-night', output: { suppressed: true } }]);
    });

    it('sends an SMS from the creditor origination number with the opt-out line', async () => {
      const { sms, email, handler } = world();
      const smsTouch = `${accountId}-softreminder-2`;

      const result = await handler(
        { accountId, stage: 'SoftReminder', touchId: smsTouch, channel: 'sms', token: 'token-2' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'sent', callback: 'parked' });
      expect(email.sent).toEqual([]);
      expect(sms.sent).toHaveLength(1);
      expect(sms.sent[0]).toMatchObject({ to: DEBTOR.phone, originationIdentity: ACME_SMS_NUMBER, touchId: smsTouch });
      expect(sms.sent[0]!.body).toMatch(/Reply STOP/);
    });

    it('sends ThirdParty email as the agency, and suppresses ThirdParty SMS without an agency number', async () => {
      const { email, sms, store, handler, replyAddress } = world({ type: 'stage-entered', stage: 'ThirdParty', key: 'stage:ThirdParty' });
      const emailTouch = `${accountId}-thirdparty-1`;
      await handler({ accountId, stage: 'ThirdParty', touchId: emailTouch, channel: 'email', token: 't-1' }, lambdaContext('send'));
      expect(email.sent[0]).toMatchObject({ fromName: AGENCY.name, fromAddress: AGENCY.email, replyTo: await replyAddress(emailTouch) });

      const smsTouch = `${accountId}-thirdparty-2`;
      const result = await handler(
        { accountId, stage: 'ThirdParty', touchId: smsTouch, channel: 'sms', token: 't-2' },
        lambdaContext('send'),
      );
      expect(result).toMatchObject({ status: 'suppressed', reasons: ['no-sms-origination-identity'] });
      expect(sms.sent).toEqual([]);
      expect(store.events(accountId).at(-1)).toMatchObject({ type: 'touch-suppressed', reason: 'no-sms-origination-identity' });
    });

    it('rejects a Handoff stage (not a contact stage) with an InvalidEventError', async () => {
      const { email, handler } = world();
      await expect(
        handler({ accountId, stage: 'Handoff', touchId, channel: 'email', token: 't' } as never, lambdaContext('send')),
      ).rejects.toBeInstanceOf(InvalidEventError);
      expect(email.sent).toEqual([]);
    });
  });

  describe('module-scope handler, SES v2 + DynamoDB mocked', () => {
    const at = new Date('2026-03-02T14:00:00Z');
    const history = [
      eventFromDraft(accountId, at, { type: 'placed', balanceMinor: 25_000, currency: 'USD', creditorId: 'acme', key: 'placed' }),
      eventFromDraft(accountId, at, stageEntered),
    ].map((event, i) => {
      const { seq: _none, ...fact } = event;
      return { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${event.eventId}`, kind: 'event', event: fact, seq: i + 1 };
    });

    beforeEach(() => {
      resetAwsMocks();
      ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' } }).resolves({
        Item: { pk: `ACCOUNT#${accountId}`, sk: 'STATE', eventVersion: 2 },
      });
      ddb.on(QueryCommand).resolves({ Items: [{ pk: `ACCOUNT#${accountId}`, sk: 'META', kind: 'account', record }, ...history] });
      ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
      ddb.on(PutCommand).resolves({});
      ddb.on(UpdateCommand).resolves({});
      // The version the store hands out moves one per event: 2 → 3 (touch-sending) → 4 (touch-sent).
      ddb
        .on(UpdateCommand, {
          Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' },
          UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt',
        })
        .resolvesOnce({ Attributes: { eventVersion: 3 } })
        .resolves({ Attributes: { eventVersion: 4 } });
      ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
      ses.on(GetEmailIdentityCommand, { EmailIdentity: 'acme.test' }).resolves({
        VerifiedForSendingStatus: true,
        DkimAttributes: { Status: 'SUCCESS', Tokens: ['t1', 't2', 't3'] },
        Tags: [
          { Key: 'tactful:stack', Value: TEST_ENV.SENDING_IDENTITY_STACK },
          { Key: 'tactful:creditor', Value: 'acme' },
        ],
      });
      kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array([1, 2, 3]) });
    });

    it('sends through SES with the configured set and reply domain, records the touch and parks the token', async () => {
      const result = await send.handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'sfn-token-1' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'sent', callback: 'parked' });
      expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
      expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
        FromEmailAddress: '"Acme Billing" <billing@acme.test>',
        Destination: { ToAddresses: [DEBTOR.email] },
        // The touch in compact form, and the first 96 bits of the reply key's MAC (here the mock's three bytes).
        ReplyToAddresses: [`reply+${accountId.slice('acc-'.length)}s1-010203@${TEST_ENV.REPLY_DOMAIN}`],
        ConfigurationSetName: TEST_ENV.EMAIL_CONFIGURATION_SET,
        // Ids that a delivery event carries back to the account.
        EmailTags: [
          { Name: 'touchId', Value: touchId },
          { Name: 'accountId', Value: accountId },
        ],
      });
      // One-click unsubscribe (RFC 8058), signed by the KMS HMAC key.
      const unsubscribe = `${TEST_ENV.UNSUBSCRIBE_URL}?t=${touchId}&s=AQID`;
      expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Headers).toEqual([
        { Name: 'List-Unsubscribe', Value: `<${unsubscribe}>` },
        { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
      ]);
      expect(kms).toHaveReceivedCommandWith(GenerateMacCommand, { KeyId: TEST_ENV.LINK_KEY_ID, MacAlgorithm: 'HMAC_SHA_256' });
      expect(kms).toHaveReceivedCommandWith(GenerateMacCommand, { KeyId: TEST_ENV.REPLY_KEY_ID, MacAlgorithm: 'HMAC_SHA_256' });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        Item: expect.objectContaining({ sk: `EVENT#${accountId}:${touchId}:sent` }),
      });
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        TableName: TEST_ENV.TABLE_NAME,
        Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' },
        UpdateExpression: 'SET waitToken = :token',
        ConditionExpression: 'eventVersion = :seen',
        ExpressionAttributeValues: { ':token': 'sfn-token-1', ':seen': 4 },
      });
      expect(sfn).not.toHaveReceivedAnyCommand();
      expect(smsClient).not.toHaveReceivedAnyCommand();
    });

    it('suppresses at night without calling SES, and resumes the token through Step Functions', async () => {
      vi.setSystemTime(NIGHT_IN_NEW_YORK);
      sfn.on(SendTaskSuccessCommand).resolves({});

      const result = await send.handler(
        { accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 'sfn-token-2' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'suppressed', reasons: ['outside-hours:America/New_York'], callback: 'woken' });
      expect(ses).not.toHaveReceivedAnyCommand();
      expect(sfn).toHaveReceivedCommandExactlyOnceWith(SendTaskSuccessCommand, {
        taskToken: 'sfn-token-2',
        output: '{"suppressed":true}',
      });
    });

    it('sends SMS through End User Messaging with the configured set', async () => {
      smsClient.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
      const smsTouch = `${accountId}-softreminder-2`;

      await send.handler(
        { accountId, stage: 'SoftReminder', touchId: smsTouch, channel: 'sms', token: 'sfn-token-3' },
        lambdaContext('send'),
      );

      expect(smsClient).toHaveReceivedCommandExactlyOnceWith(SendTextMessageCommand, {
        DestinationPhoneNumber: DEBTOR.phone,
        OriginationIdentity: ACME_SMS_NUMBER,
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: TEST_ENV.SMS_CONFIGURATION_SET,
      });
      expect(ses).not.toHaveReceivedAnyCommand();
    });

    it('turns a carrier opt-out into an opted-out event and a suppression, and resumes at once', async () => {
      smsClient.on(SendTextMessageCommand).rejects(
        new ConflictException({
          $metadata: {},
          message: 'opted out',
          Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
          ResourceType: 'phone-number',
          ResourceId: 'x',
        }),
      );
      sfn.on(SendTaskSuccessCommand).resolves({});
      const smsTouch = `${accountId}-softreminder-2`;

      const result = await send.handler(
        { accountId, stage: 'SoftReminder', touchId: smsTouch, channel: 'sms', token: 'sfn-token-4' },
        lambdaContext('send'),
      );

      expect(result).toEqual({ status: 'suppressed', reasons: ['permanent:opted-out-at-carrier'], callback: 'woken' });
      const puts = ddb
        .commandCalls(PutCommand)
        .map((c) => c.args[0].input.Item as { event?: { type: string; reason?: string; via?: string } });
      expect(puts.map((i) => i.event?.type)).toEqual(['touch-sending', 'opted-out', 'touch-suppressed']);
      expect(puts[1]!.event).toMatchObject({ channel: 'sms', via: 'carrier' });
      expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'sfn-token-4' });
      // No retry can change the carrier's answer: exactly one attempt.
      expect(smsClient).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    });
  });
});
