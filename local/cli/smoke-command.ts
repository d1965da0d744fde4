// `tactful smoke`: the end-to-end check of a deployment, or of the embedded platform with --offline.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AwsSmokeTarget, readStackOutputs } from '../smoke/aws-smoke-target.ts';
import { runSmoke, type SmokeOptions, type SmokeTarget } from '../smoke/run-smoke.ts';
import { UsageError } from './command-line.ts';

export interface SmokeCommandOptions {
  stack?: string;
  offline: boolean;
  creditor: string;
  'origination-number'?: string;
  'sender-email': string;
  timeout?: string;
  keep: boolean;
}

const MINUTE = 60_000;
/** Offline the clock is virtual: a first touch that waits for the debtor's morning costs nothing to wait for. */
const OFFLINE = { timeoutMs: 3 * 24 * 60 * MINUTE, pollMs: MINUTE, originationNumber: '+18005550177' };
const STACK = { timeoutMs: 30 * MINUTE, pollMs: 15_000 };

/** Exit codes: 0 when every check passed, 1 on any miss, 2 on a usage error. */
export async function runSmokeCommand(options: SmokeCommandOptions, print: (line: string) => void): Promise<number> {
  if (options.offline === (options.stack !== undefined)) throw new UsageError('give either --stack NAME or --offline');
  const timeoutMinutes = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeoutMinutes !== undefined && !(timeoutMinutes > 0)) {
    throw new UsageError(`--timeout takes a number of minutes, got "${options.timeout}"`);
  }
  const smoke = (target: SmokeTarget, defaults: { timeoutMs: number; pollMs: number }, originationNumber: string) =>
    runSmoke(target, {
      creditorId: options.creditor,
      originationNumber,
      senderEmail: options['sender-email'],
      timeoutMs: timeoutMinutes === undefined ? defaults.timeoutMs : timeoutMinutes * MINUTE,
      pollMs: defaults.pollMs,
      keep: options.keep,
      print,
    } satisfies SmokeOptions);

  let result: Awaited<ReturnType<typeof runSmoke>>;
  if (options.offline) {
    const { runOfflineSmoke } = await import('../smoke/offline-smoke.ts');
    result = await runOfflineSmoke((target) => smoke(target, OFFLINE, options['origination-number'] ?? OFFLINE.originationNumber));
  } else {
    const originationNumber = options['origination-number'];
    if (originationNumber === undefined) {
      throw new UsageError('--stack needs --origination-number: an End User Messaging simulator number (or one of yours)');
    }
    const clients = {
      cloudFormation: new CloudFormationClient({}),
      s3: new S3Client({}),
      dynamo: new DynamoDBClient({}),
      sfn: new SFNClient({}),
    };
    const target = new AwsSmokeTarget(clients, await readStackOutputs(clients.cloudFormation, options.stack!));
    result = await smoke(target, STACK, originationNumber);
  }
  const missed = result.checks.filter((c) => !c.ok);
  print(
    result.ok
      ? `Smoke test passed: ${result.checks.length} checks.`
      : `Smoke test FAILED: ${missed.length} of ${result.checks.length} checks missed.`,
  );
  return result.ok ? 0 : 1;
}
