// `tactful smoke --stack` against a mocked deployment (aws-sdk-client-mock): the stack's outputs, S3, Step Functions
// and the table answer as a deployed Tactful would, or miss one step, and the smoke test must say which.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { AwsSmokeTarget, readStackOutputs, type SmokeClock } from '../../local/smoke/aws-smoke-target.ts';
import { runSmoke, type SmokeOptions } from '../../local/smoke/run-smoke.ts';
import { smokeFixture } from '../../local/smoke/smoke-fixture.ts';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);

const OUTPUTS = [
  { OutputKey: 'BucketName', OutputValue: 'tactful-data' },
  { OutputKey: 'TableName', OutputValue: 'tactful-table' },
  { OutputKey: 'LifecycleStateMachineArn', OutputValue: 'arn:aws:states:us-east-1:111122223333:stateMachine:Lifecycle' },
];
const START = new Date('2026-03-03T16:00:00Z');
const OPTIONS = { creditorId: 'smoke-test', originationNumber: '+14255550100', senderEmail: 'smoke@example.com' };

/** Virtual time for the real target: a wait passes at once. */
function fakeClock(): SmokeClock {
  let now = START.getTime();
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
    },
  };
}

const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));

/** A deployment that acknowledges each file and records, per account, the events `recorded` gives it. */
function deployment(recorded: (ref: string) => AccountEvent['type'][] | undefined, profileStatus = 'accepted') {
  const objects = new Map<string, string>();
  const deleted: string[] = [];
  const fixture = smokeFixture({ ...OPTIONS, now: START });
  const refOf = new Map(fixture.debtors.map((d) => [d.accountId, d]));
  s3.on(PutObjectCommand).callsFake(({ Key, Body }: { Key: string; Body: string }) => {
    objects.set(Key, Body);
    const ack = (file: string, suffix: string, json: object) =>
      objects.set(`creditors/smoke-test/outbox/acknowledgements/${file}.${suffix}`, JSON.stringify(json));
    const file = Key.split('/').pop()!;
    if (Key.endsWith('profile.json')) ack(file, 'ack.json', { status: profileStatus, rejections: [] });
    else if (Key.includes('/placements/')) {
      ack(file, 'received.json', {});
      ack(file, 'ack.json', { accepted: 4, rejections: [] });
    } else ack(file, 'ack.json', { accepted: 4 });
    return {};
  });
  s3.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const text = objects.get(Key);
    if (text === undefined) throw new NoSuchKey({ message: 'NoSuchKey', $metadata: {} });
    return { Body: body(text) };
  });
  s3.on(ListObjectsV2Command).callsFake(({ Prefix }: { Prefix: string }) => ({
    Contents: [...objects.keys()].filter((k) => k.startsWith(Prefix)).map((Key) => ({ Key })),
  }));
  s3.on(DeleteObjectsCommand).callsFake(({ Delete }: { Delete: { Objects: Array<{ Key: string }> } }) => {
    for (const { Key } of Delete.Objects) deleted.push(Key);
    return {};
  });
  sfn.on(DescribeExecutionCommand).callsFake(({ executionArn }: { executionArn: string }) => {
    const accountId = executionArn.split(':').pop()!;
    if (!refOf.has(accountId)) throw new ExecutionDoesNotExist({ message: 'no', $metadata: {} });
    expect(executionArn).toBe(`arn:aws:states:us-east-1:111122223333:execution:Lifecycle:${accountId}`);
    return { status: 'RUNNING' };
  });
  ddb.on(QueryCommand).callsFake(({ ExpressionAttributeValues }: { ExpressionAttributeValues: Record<string, string> }) => {
    const accountId = ExpressionAttributeValues[':pk']!.replace('ACCOUNT#', '');
    const debtor = refOf.get(accountId)!;
    const types = recorded(debtor.ref);
    if (types === undefined) return { Items: [] };
    const channel = debtor.phone ? 'sms' : 'email';
    return {
      Items: [
        { pk: `ACCOUNT#${accountId}`, sk: 'META', record: { accountId } },
        ...types.map((type, seq) => ({
          pk: `ACCOUNT#${accountId}`,
          sk: `EVENT#${seq}`,
          seq,
          event: { type, channel, bounceType: 'permanent', accountId, eventId: `${accountId}:${seq}`, at: START.toISOString() },
        })),
      ],
    };
  });
  return { objects, deleted };
}

const ALL_GOOD: Record<string, AccountEvent['type'][]> = {
  'SMOKE-1': ['placed', 'touch-sent', 'delivery-delivered'],
  'SMOKE-2': ['placed', 'touch-sent', 'delivery-bounced'],
  'SMOKE-3': ['placed', 'touch-sent', 'delivery-delivered', 'delivery-complained'],
  'SMOKE-4': ['placed', 'touch-sent', 'delivery-delivered'],
};

async function smoke(options: Partial<SmokeOptions> = {}) {
  const clients = {
    cloudFormation: new CloudFormationClient({}),
    s3: new S3Client({}),
    dynamo: new DynamoDBClient({}),
    sfn: new SFNClient({}),
  };
  const target = new AwsSmokeTarget(clients, await readStackOutputs(clients.cloudFormation, 'Tactful'), fakeClock());
  const lines: string[] = [];
  const result = await runSmoke(target, { ...OPTIONS, timeoutMs: 60_000, pollMs: 15_000, print: (l) => lines.push(l), ...options });
  return { result, lines };
}

beforeEach(() => {
  for (const mock of [cfn, s3, sfn, ddb]) mock.reset();
  cfn
    .on(DescribeStacksCommand)
    .resolves({ Stacks: [{ StackName: 'Tactful', CreationTime: START, StackStatus: 'CREATE_COMPLETE', Outputs: OUTPUTS }] });
});

describe('tactful smoke --stack (mocked AWS)', () => {
  it('passes when every step shows up, then recalls the accounts and deletes its files', async () => {
    const { deleted } = deployment((ref) => ALL_GOOD[ref]);
    const { result, lines } = await smoke();
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      'profile accepted',
      'placement received',
      'placement acknowledged',
      ...['SMOKE-1', 'SMOKE-2', 'SMOKE-3', 'SMOKE-4'].map((ref) => `${ref} execution started`),
      'SMOKE-1 SES reported the email delivered',
      'SMOKE-2 the hard bounce came back',
      'SMOKE-3 the complaint came back',
      'SMOKE-4 End User Messaging reported the text delivered',
    ]);
    const recall = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.includes('/instructions/'))!;
    expect(recall.args[0].input.Body).toMatch(/^action,account_ref,force\nrecall,SMOKE-1,true\n/);
    expect(deleted.every((k) => k.startsWith('creditors/smoke-test/'))).toBe(true);
    expect(deleted).toContain('creditors/smoke-test/inbox/profile.json');
    expect(lines.at(-1)).toMatch(/deleted \d+ files/);
  });

  it('names the miss and what it saw instead: a bounce that never came back', async () => {
    deployment((ref) => (ref === 'SMOKE-2' ? ['placed', 'touch-sent'] : ALL_GOOD[ref]));
    const { result, lines } = await smoke();
    expect(result.ok).toBe(false);
    expect(result.checks.filter((c) => !c.ok)).toEqual([
      { name: 'SMOKE-2 the hard bounce came back', ok: false, saw: 'placed(email), touch-sent(email)' },
    ]);
    expect(lines).toContain('MISS SMOKE-2 the hard bounce came back: placed(email), touch-sent(email)');
  });

  it('stops at a refused profile, and still cleans up', async () => {
    const { deleted } = deployment((ref) => ALL_GOOD[ref], 'rejected');
    const { result } = await smoke();
    expect(result).toMatchObject({ ok: false, checks: [{ name: 'profile accepted', ok: false }] });
    expect(deleted).toContain('creditors/smoke-test/inbox/profile.json');
  });

  it('keeps everything with keep', async () => {
    const { deleted } = deployment((ref) => ALL_GOOD[ref]);
    const { result } = await smoke({ keep: true });
    expect(result.ok).toBe(true);
    expect(deleted).toEqual([]);
  });

  it('refuses a stack without the outputs it needs, naming them', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [{ StackName: 'Other', CreationTime: START, StackStatus: 'CREATE_COMPLETE', Outputs: [] }] });
    await expect(readStackOutputs(new CloudFormationClient({}), 'Other')).rejects.toThrow(
      'stack Other has no output BucketName, TableName, LifecycleStateMachineArn: is it a Tactful stack?',
    );
  });
});

describe('the smoke fixture', () => {
  it('puts the debtors where contact is allowed now when some US zone allows it', () => {
    // 16:00Z is 08:00 in the Pacific zone of the SMS simulator number, 11:00 in New York.
    expect(smokeFixture({ ...OPTIONS, now: START })).toMatchObject({ place: { state: 'NY' }, contactableAt: START });
  });

  it('otherwise waits for the first zone to open, never contacting out of hours', () => {
    const night = new Date('2026-03-03T10:00:00Z');
    const fixture = smokeFixture({ ...OPTIONS, now: night });
    expect(fixture.contactableAt.getTime()).toBeGreaterThan(night.getTime());
    expect(fixture.placementCsv.split('\n')).toHaveLength(6);
  });
});
