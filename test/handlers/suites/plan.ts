// functions/plan: the module-scope handler, wired to the real DynamoDB adapters (mocked at the client), decides the
// first touch and hands the workflow ids only; bad events are refused by the parser middleware.
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { PermanentError, TransientError } from '../../../shared/errors.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAtAfter } from '../../../shared/accounts/retention.ts';
import { ACME_SMS_NUMBER, DEBTOR, INSIDE_HOURS, acmeProfile, accountRecord, lambdaContext } from '../setup/fakes.ts';
import { TEST_ENV } from '../setup/env.ts';
import { ddbMock as ddb, resetAwsMocks } from '../setup/aws-mocks.ts';
import { eventFromDraft } from '../../../shared/accounts/events.ts';

type PlanModule = typeof import('../../../functions/plan/handler.ts');

const record = accountRecord();
const { accountId } = record;

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the handler to reject');
}

/** The Standard Schema issues the parser middleware puts in the error's cause. */
function issuePaths(error: Error): PropertyKey[][] {
  return (error.cause as Array<{ path: Array<PropertyKey | { key: PropertyKey }> }>).map((issue) =>
    issue.path.map((segment) => (typeof segment === 'object' ? segment.key : segment)),
  );
}

const placed = eventFromDraft(accountId, new Date('2026-03-01T12:00:00Z'), {
  type: 'placed',
  balanceMinor: record.balanceMinor,
  currency: 'USD',
  creditorId: 'acme',
  key: 'placed',
});
// The account's partition as the history query reads it: the placement, then its events.
const metaItem = { pk: `ACCOUNT#${accountId}`, sk: 'META', kind: 'account', record };
const placedItem = { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${placed.eventId}`, kind: 'event', event: placed, seq: 1 };

describe('functions/plan: module-scope handler, real adapters on mocked DynamoDB', () => {
  let plan: PlanModule;

  beforeAll(async () => {
    plan = await import('../../../functions/plan/handler.ts');
  });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
    resetAwsMocks();
    ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' } }).resolves({ Item: metaItem });
    // No state item yet: version 0.
    ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' } }).resolves({});
    // Enrolled already: the placement is the account's first event.
    ddb.on(QueryCommand).resolves({ Items: [metaItem, placedItem] });
    ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { eventVersion: 1 } });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plans the first SoftReminder touch by email inside contact hours', async () => {
    const output = await plan.handler({ accountId }, lambdaContext('plan'));

    expect(output).toEqual({
      action: 'touch',
      actionIndex: 0,
      reason: 'cadence',
      stage: 'SoftReminder',
      seenVersion: 1,
      timeoutSeconds: 4 * 86_400,
      touchId: `${accountId}-softreminder-1`,
      channel: 'email',
      outcome: null,
    });
  });

  it('enrols the account on its first plan: the placement and its strategy variant, then the plan', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [metaItem] })
      .resolves({ Items: [metaItem, placedItem] });
    const output = await plan.handler({ accountId }, lambdaContext('plan'));
    expect(output).toMatchObject({ action: 'touch', enrolled: { segment: 'default', variant: 'default' } });
    const types = ddb.commandCalls(PutCommand).map((c) => (c.args[0].input.Item as { event?: { type: string } }).event?.type);
    expect(types).toEqual(['placed', 'variant-assigned', 'stage-entered']);
  });

  it('hands the workflow no PII', async () => {
    const output = await plan.handler({ accountId }, lambdaContext('plan'));
    const json = JSON.stringify(output);
    for (const pii of [DEBTOR.name, 'Dana', 'Whitfield', DEBTOR.email, DEBTOR.phone, ACME_SMS_NUMBER]) {
      expect(json).not.toContain(pii);
    }
  });

  it('reads through the real adapters and records the stage entry in the configured table', async () => {
    await plan.handler({ accountId }, lambdaContext('plan'));

    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TEST_ENV.TABLE_NAME,
      Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TEST_ENV.TABLE_NAME,
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TEST_ENV.TABLE_NAME,
      Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' },
    });
    // The plan's own fact: one stage-entered event, then the version bump and its sequence number.
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TEST_ENV.TABLE_NAME,
      Item: {
        pk: `ACCOUNT#${accountId}`,
        sk: `EVENT#${accountId}:stage:SoftReminder`,
        kind: 'event',
        event: {
          type: 'stage-entered',
          stage: 'SoftReminder',
          eventId: `${accountId}:stage:SoftReminder`,
          accountId,
          at: INSIDE_HOURS.toISOString(),
        },
        // Kept three years after the account's last event (Reg F).
        expiresAt: expiresAtAfter(INSIDE_HOURS.toISOString()),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `ACCOUNT#${accountId}`, sk: 'STATE' },
      UpdateExpression: 'ADD eventVersion :one SET #expiresAt = :expiresAt',
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' },
      ExpressionAttributeValues: { ':expiresAt': expiresAtAfter(INSIDE_HOURS.toISOString()) },
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `ACCOUNT#${accountId}`, sk: `EVENT#${accountId}:stage:SoftReminder` },
      ExpressionAttributeValues: { ':seq': 1 },
    });
  });

  it('waits for the morning outside contact hours instead of touching', async () => {
    vi.setSystemTime(new Date('2026-03-03T03:00:00Z')); // 22:00 in New York
    const output = await plan.handler({ accountId }, lambdaContext('plan'));
    expect(output).toMatchObject({ action: 'wait', reason: 'outside-hours:America/New_York', actionIndex: 1, timeoutSeconds: 10 * 3600 });
    expect(output.touchId).toBeNull();
  });

  it('fails clearly, and as permanent (no retry), when the account does not exist', async () => {
    ddb.on(GetCommand, { Key: { pk: `ACCOUNT#${accountId}`, sk: 'META' } }).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    const error = await rejectionOf(plan.handler({ accountId }, lambdaContext('plan')));
    expect(error).toMatchObject({ name: 'AccountNotFoundError', message: `Account ${accountId} does not exist` });
    expect(error).toBeInstanceOf(PermanentError);
  });

  it('fails as transient (retried) when the table is throttled', async () => {
    ddb
      .on(GetCommand)
      .rejects(new ProvisionedThroughputExceededException({ $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));
    const error = await rejectionOf(plan.handler({ accountId }, lambdaContext('plan')));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ name: 'TransientError', message: 'ProvisionedThroughputExceededException: Rate exceeded' });
  });

  it('rejects an event without an account id with an InvalidEventError whose cause names the field', async () => {
    const error = await rejectionOf(plan.handler({} as never, lambdaContext('plan')));
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error.message).toBe("The event does not match the function's schema at: accountId");
    expect(issuePaths(error)).toEqual([['accountId']]);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('rejects an empty account id with an InvalidEventError', async () => {
    await expect(plan.handler({ accountId: '' }, lambdaContext('plan'))).rejects.toBeInstanceOf(InvalidEventError);
  });
});
