// The AWS adapters (shared/adapters) against aws-sdk-client-mock: the exact commands they send, and how they map
// service errors onto the port contracts.
import './setup/env.ts';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sesMock as ses, smsMock as sms, sfnMock as sfn, s3Mock as s3, ddbMock as ddb } from './setup/aws-mocks.ts';
import { sdkStreamMixin } from '@smithy/util-stream';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  ExecutionAlreadyExists,
  InvalidArn,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { eventFromDraft } from '../../shared/accounts/events.ts';
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { S3FileStore } from '../../shared/adapters/s3-file-store.ts';
import { SesV2EmailSender } from '../../shared/adapters/sesv2-email-sender.ts';
import { StepFunctionsWorkflow } from '../../shared/adapters/sfn-workflow.ts';
import { SmsV2Sender } from '../../shared/adapters/sms-v2-sender.ts';
import type { EmailMessage } from '../../shared/ports.ts';
import { accountRecord } from './setup/fakes.ts';

const meta = { $metadata: {} };

function s3Body(bytes: Uint8Array) {
  return sdkStreamMixin(Readable.from([Buffer.from(bytes)]));
}

describe('SesV2EmailSender', () => {
  const sender = new SesV2EmailSender(new SESv2Client({ region: 'us-east-1' }), 'tactful-email-events');
  const touchId = 'acc-123-softreminder-1';
  const message: EmailMessage = {
    to: 'dana.whitfield@example.com',
    fromName: 'Acme Billing',
    fromAddress: 'billing@acme.test',
    replyTo: `reply+${touchId}@reply.tactful.test`,
    subject: 'A note about your Acme Energy account',
    html: '<p>Hello Dana</p>',
    text: 'Hello Dana',
    touchId,
  };

  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });
  });

  it('sends one SendEmail with the display-named sender, both parts, the configuration set and the touch tag', async () => {
    const result = await sender.sendEmail({
      ...message,
      listUnsubscribe: `mailto:reply+${touchId}@reply.tactful.test?subject=unsubscribe`,
    });

    expect(result).toEqual({ messageId: 'ses-message-1' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: '"Acme Billing" <billing@acme.test>',
      Destination: { ToAddresses: ['dana.whitfield@example.com'] },
      ReplyToAddresses: [`reply+${touchId}@reply.tactful.test`],
      ConfigurationSetName: 'tactful-email-events',
      EmailTags: [{ Name: 'touchId', Value: touchId }],
      Content: {
        Simple: {
          Subject: { Data: 'A note about your Acme Energy account', Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>Hello Dana</p>', Charset: 'UTF-8' },
            Text: { Data: 'Hello Dana', Charset: 'UTF-8' },
          },
          // mailto target: RFC 2369 header only, no RFC 8058 one-click header.
          Headers: [{ Name: 'List-Unsubscribe', Value: `<mailto:reply+${touchId}@reply.tactful.test?subject=unsubscribe>` }],
        },
      },
    });
  });

  it('adds List-Unsubscribe-Post only for an https unsubscribe target', async () => {
    await sender.sendEmail({ ...message, listUnsubscribe: 'https://unsubscribe.acme.test/u/abc' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://unsubscribe.acme.test/u/abc>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('tags an auto-answer, whose id has colons, with a value SES accepts ([A-Za-z0-9_-])', async () => {
    await sender.sendEmail({ ...message, touchId: 'acc-123:answer:0100018c-abc.def@example' });
    const tags = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.EmailTags;
    expect(tags).toEqual([{ Name: 'touchId', Value: 'acc-123_answer_0100018c-abc_def_example' }]);
  });

  it('tags a message of a real account with its account id, so that its delivery events find the account', async () => {
    const accountId = 'acc-0123456789abcdef01234567';
    await sender.sendEmail({ ...message, touchId: `${accountId}-softreminder-2` });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.EmailTags).toEqual([
      { Name: 'touchId', Value: `${accountId}-softreminder-2` },
      { Name: 'accountId', Value: accountId },
    ]);
  });

  it('sends no unsubscribe headers when the message has no unsubscribe target', async () => {
    await sender.sendEmail(message);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Headers).toEqual([]);
  });

  it('keeps quotes and backslashes out of the quoted display name', async () => {
    await sender.sendEmail({ ...message, fromName: 'Acme "Billing" \\ Team' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { FromEmailAddress: '"Acme Billing  Team" <billing@acme.test>' });
  });

  it('throws clearly when SES returns no MessageId', async () => {
    ses.on(SendEmailCommand).resolves({});
    await expect(sender.sendEmail(message)).rejects.toThrow('SES accepted the email without a MessageId');
  });
});

describe('SmsV2Sender', () => {
  const sender = new SmsV2Sender(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), 'tactful-sms-events');

  beforeEach(() => {
    sms.reset();
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-message-1' });
  });

  it('sends a transactional SendTextMessage from the origination identity through the configuration set', async () => {
    const result = await sender.sendSms({
      to: '+12125550147',
      originationIdentity: '+18885550123',
      body: 'Hi Dana, a reminder from Acme Energy. Reply STOP to opt out of texts.',
      touchId: 'acc-123-escalation-1',
    });

    expect(result).toEqual({ messageId: 'sms-message-1' });
    expect(sms).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(sms).toHaveReceivedCommandWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+12125550147',
      OriginationIdentity: '+18885550123',
      MessageBody: 'Hi Dana, a reminder from Acme Energy. Reply STOP to opt out of texts.',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'tactful-sms-events',
      Context: { touchId: 'acc-123-escalation-1' },
    });
  });

  it("puts the touch and the account's id in the Context map, which every SMS event carries back", async () => {
    const accountId = 'acc-0123456789abcdef01234567';
    await sender.sendSms({ to: '+12125550147', originationIdentity: '+18885550123', body: 'x', touchId: `${accountId}:answer:m-1` });
    expect(sms.commandCalls(SendTextMessageCommand)[0]!.args[0].input.Context).toEqual({
      touchId: `${accountId}:answer:m-1`,
      accountId,
    });
  });

  it('throws clearly when End User Messaging returns no MessageId', async () => {
    sms.on(SendTextMessageCommand).resolves({});
    await expect(sender.sendSms({ to: '+12125550147', originationIdentity: '+18885550123', body: 'x', touchId: 't-1' })).rejects.toThrow(
      'End User Messaging accepted the SMS without a MessageId',
    );
  });
});

describe('StepFunctionsWorkflow', () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lifecycle';
  const workflow = new StepFunctionsWorkflow(new SFNClient({ region: 'us-east-1' }), arn);
  const accountId = 'acc-0123456789abcdef01234567';

  beforeEach(() => sfn.reset());

  it('starts one execution named after the account, with only the account id as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${arn}:${accountId}`, startDate: new Date() });

    await expect(workflow.startLifecycle(accountId)).resolves.toBe('started');
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: arn,
      name: accountId,
      input: `{"accountId":"${accountId}"}`,
    });
    const input = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(Object.keys(JSON.parse(input.input!))).toEqual(['accountId']);
  });

  it("returns 'exists' when the execution already exists", async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ ...meta, message: 'Execution Already Exists' }));
    await expect(workflow.startLifecycle(accountId)).resolves.toBe('exists');
  });

  it('rethrows any other start error', async () => {
    sfn.on(StartExecutionCommand).rejects(new InvalidArn({ ...meta, message: 'Invalid Arn' }));
    await expect(workflow.startLifecycle(accountId)).rejects.toBeInstanceOf(InvalidArn);
  });

  it('resumes a task with SendTaskSuccess and the JSON output', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await expect(workflow.resumeTask('token-1', { wokenBy: 'reply-received' })).resolves.toBe('resumed');
    expect(sfn).toHaveReceivedCommandExactlyOnceWith(SendTaskSuccessCommand, {
      taskToken: 'token-1',
      output: '{"wokenBy":"reply-received"}',
    });
  });

  it.each([
    ['TaskTimedOut', () => new TaskTimedOut({ ...meta, message: 'Task Timed Out' })],
    ['InvalidToken', () => new InvalidToken({ ...meta, message: 'Invalid Token' })],
    ['TaskDoesNotExist', () => new TaskDoesNotExist({ ...meta, message: 'Task Does Not Exist' })],
  ])("maps %s to 'stale-token'", async (_name, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error());
    await expect(workflow.resumeTask('old-token', { suppressed: true })).resolves.toBe('stale-token');
  });

  it('rethrows any other resume error', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfn.on(SendTaskSuccessCommand).rejects(throttled);
    await expect(workflow.resumeTask('token-1', {})).rejects.toThrow('Rate exceeded');
  });
});

describe('S3FileStore', () => {
  const files = new S3FileStore(new S3Client({ region: 'us-east-1' }), 'tactful-test-bucket');

  beforeEach(() => s3.reset());

  it('reads an object as UTF-8 text from the bucket', async () => {
    const text = 'action,account_ref,amount,reference\npayment,ACC-1,10.00,r1 — café ✓\n';
    s3.on(GetObjectCommand).resolves({ Body: s3Body(new TextEncoder().encode(text)) });

    await expect(files.getText('creditors/acme/inbox/instructions/x.csv')).resolves.toBe(text);
    expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, {
      Bucket: 'tactful-test-bucket',
      Key: 'creditors/acme/inbox/instructions/x.csv',
    });
  });

  it('rejects bytes that are not valid UTF-8', async () => {
    s3.on(GetObjectCommand).resolves({ Body: s3Body(new Uint8Array([0x61, 0x62, 0xff, 0xfe, 0x63])) });
    await expect(files.getText('creditors/acme/inbox/instructions/latin1.csv')).rejects.toThrow(TypeError);
  });

  it('fails clearly when the object has no body', async () => {
    s3.on(GetObjectCommand).resolves({});
    await expect(files.getBytes('k')).rejects.toThrow('s3://tactful-test-bucket/k has no body');
  });

  it('writes text with PutObject, key and content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await files.putText('creditors/acme/outbox/acknowledgements/x.csv.ack.json', '{"applied":1}\n', 'application/json');
    expect(s3).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'tactful-test-bucket',
      Key: 'creditors/acme/outbox/acknowledgements/x.csv.ack.json',
      Body: '{"applied":1}\n',
      ContentType: 'application/json',
    });
  });
});

describe('DynamoAccountStore.appendEvent (mocked)', () => {
  const store = new DynamoAccountStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'tactful-test-table');
  const accountId = 'acc-0123456789abcdef01234567';
  const event = eventFromDraft(accountId, new Date('2026-03-02T15:00:00Z'), {
    type: 'payment-received',
    amountMinor: 1000,
    source: 'creditor',
    reference: 'r1',
    key: 'payment:r1',
  });
  const eventKey = { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${accountId}:payment:r1` };
  const stateKey = { pk: `ACCOUNT#${accountId}`, sk: 'STATE' };

  beforeEach(() => {
    ddb.reset();
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ ...meta, message: 'The conditional request failed' }));
  });

  it("maps a failed conditional put to a consistent GetItem, and a stored seq to 'duplicate'", async () => {
    ddb.on(GetCommand).resolves({ Item: { ...eventKey, kind: 'event', event: { ...event }, seq: 4 } });

    await expect(store.appendEvent(event)).resolves.toEqual({ status: 'duplicate' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'tactful-test-table',
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(GetCommand, {
      TableName: 'tactful-test-table',
      Key: eventKey,
      ConsistentRead: true,
    });
    // A duplicate neither bumps the account's version nor takes its parked token.
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('finishes a half-applied event (stored without seq) instead of calling it a duplicate', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...eventKey, kind: 'event', event: { ...event } } });
    ddb.on(UpdateCommand).resolves({});
    ddb.on(UpdateCommand, { UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt' }).resolves({
      Attributes: { eventVersion: 7, waitToken: 'parked-token' },
    });

    await expect(store.appendEvent(event)).resolves.toEqual({ status: 'recorded', seq: 7, wakeToken: 'parked-token' });
    expect(ddb).toHaveReceivedNthCommandWith(UpdateCommand, 1, {
      Key: stateKey,
      UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt',
      ReturnValues: 'ALL_NEW',
    });
    // The event holds the token it takes before the account's state lets go of it (the placement's expiry moves first).
    expect(ddb).toHaveReceivedNthCommandWith(UpdateCommand, 3, {
      Key: eventKey,
      UpdateExpression: 'SET seq = :seq, wakeToken = :token',
      ExpressionAttributeValues: { ':seq': 7, ':token': 'parked-token' },
    });
    expect(ddb).toHaveReceivedNthCommandWith(UpdateCommand, 4, {
      Key: stateKey,
      UpdateExpression: 'REMOVE waitToken',
      ConditionExpression: 'waitToken = :token',
      ExpressionAttributeValues: { ':token': 'parked-token' },
    });
  });

  it('hands back the token a duplicate took, so a delivery that stopped before waking it still wakes it', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...eventKey, kind: 'event', event: { ...event }, seq: 4, wakeToken: 'taken-token' } });
    await expect(store.appendEvent(event)).resolves.toEqual({ status: 'duplicate', wakeToken: 'taken-token' });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('DynamoAccountStore.createAccounts (mocked)', () => {
  const store = new DynamoAccountStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'tactful-test-table');
  const record = accountRecord();
  const metaKey = { pk: `ACCOUNT#${record.accountId}`, sk: 'META' };

  beforeEach(() => {
    ddb.reset();
    ddb.on(BatchWriteCommand).resolves({});
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again for the keys a BatchGetItem left unprocessed, and finds the account there', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { 'tactful-test-table': [] }, UnprocessedKeys: { 'tactful-test-table': { Keys: [metaKey] } } })
      .resolves({ Responses: { 'tactful-test-table': [{ record }] } });

    await expect(store.createAccounts([record])).resolves.toEqual(['exists']);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 2);
    expect(ddb).toHaveReceivedNthCommandWith(BatchGetCommand, 2, {
      RequestItems: {
        'tactful-test-table': {
          Keys: [metaKey],
          ConsistentRead: true,
          ProjectionExpression: '#record',
          ExpressionAttributeNames: { '#record': 'record' },
        },
      },
    });
    // Only the stored account's contact routes are written again, not the account.
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!['tactful-test-table']!);
    expect(written.map((w) => w.PutRequest?.Item?.kind)).toEqual(['contact', 'contact']);
  });

  it('fails after a bounded number of attempts when keys stay unprocessed', async () => {
    vi.useFakeTimers();
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { 'tactful-test-table': { Keys: [metaKey] } } });
    const failed = expect(store.createAccounts([record])).rejects.toThrow('BatchGetItem left 1 unprocessed after 6 attempts');
    await vi.runAllTimersAsync();
    await failed;
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 6);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });
});
