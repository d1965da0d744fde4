// The smoke test's target in AWS: a deployed stack found by name, with the caller's own credentials. Its outputs name
// the bucket, the table and the Lifecycle state machine; the account events are read through the same adapter the
// functions write them with.
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ExecutionDoesNotExist, type SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lifecycleExecutionName } from '../../shared/accounts/account.ts';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import type { SmokeTarget } from './run-smoke.ts';

export interface StackOutputs {
  bucket: string;
  table: string;
  lifecycleArn: string;
}

export interface AwsClients {
  cloudFormation: CloudFormationClient;
  s3: S3Client;
  dynamo: DynamoDBClient;
  sfn: SFNClient;
}

/** Reads the outputs `tactful smoke` needs; names the ones missing (a stack of another app, or an older version). */
export async function readStackOutputs(cloudFormation: CloudFormationClient, stackName: string): Promise<StackOutputs> {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const wanted = { bucket: 'BucketName', table: 'TableName', lifecycleArn: 'LifecycleStateMachineArn' } as const;
  const missing = Object.values(wanted).filter((key) => !outputs.get(key));
  if (missing.length > 0) throw new Error(`stack ${stackName} has no output ${missing.join(', ')}: is it a Tactful stack?`);
  return { bucket: outputs.get(wanted.bucket)!, table: outputs.get(wanted.table)!, lifecycleArn: outputs.get(wanted.lifecycleArn)! };
}

/** Real time; a test passes its own. */
export interface SmokeClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

const REAL_TIME: SmokeClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class AwsSmokeTarget implements SmokeTarget {
  private readonly clients: AwsClients;
  private readonly outputs: StackOutputs;
  private readonly store: DynamoAccountStore;
  private readonly clock: SmokeClock;

  constructor(clients: AwsClients, outputs: StackOutputs, clock = REAL_TIME) {
    this.clients = clients;
    this.outputs = outputs;
    this.clock = clock;
    this.store = new DynamoAccountStore(DynamoDBDocumentClient.from(clients.dynamo), outputs.table);
  }

  now(): Date {
    return this.clock.now();
  }

  async putFile(key: string, body: string, contentType: string): Promise<void> {
    await this.clients.s3.send(new PutObjectCommand({ Bucket: this.outputs.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async readFile(key: string): Promise<string | undefined> {
    try {
      const { Body } = await this.clients.s3.send(new GetObjectCommand({ Bucket: this.outputs.bucket, Key: key }));
      return Body ? await Body.transformToString('utf-8') : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async deleteFiles(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.clients.s3.send(
        new ListObjectsV2Command({ Bucket: this.outputs.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) {
        await this.clients.s3.send(new DeleteObjectsCommand({ Bucket: this.outputs.bucket, Delete: { Objects: keys, Quiet: true } }));
        deleted += keys.length;
      }
      token = page.NextContinuationToken;
    } while (token);
    return deleted;
  }

  async accountEvents(accountId: string): Promise<AccountEvent[] | undefined> {
    return (await this.store.readAccount(accountId))?.events;
  }

  async executionStatus(accountId: string): Promise<string | undefined> {
    const executionArn = `${this.outputs.lifecycleArn.replace(':stateMachine:', ':execution:')}:${lifecycleExecutionName(accountId)}`;
    try {
      return (await this.clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  }

  async wait(ms: number): Promise<void> {
    await this.clock.sleep(ms);
  }
}
