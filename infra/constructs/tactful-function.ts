// One Tactful Lambda: functions/<name>/handler.ts bundled by local esbuild as minified ESM (AWS SDK included), on
// nodejs24.x / arm64, traced, logging JSON to its own KMS-encrypted log group, with a role that can write only there.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { BY_CREDITOR_INDEX_METHODS, TABLE_WRITE_ACTIONS, tableActionsOf, type StoreMethod } from '../../shared/adapters/dynamo-actions.ts';
import { BY_CREDITOR } from '../../shared/adapters/dynamo-keys.ts';
import { ENV, type EnvName, type FunctionEnvironment } from '../../shared/lambda/environment.ts';
import { DEFAULTS, type DeploySettings } from '../config.ts';
import { acknowledge, arnToken, iam5 } from './nag.ts';

export const FUNCTION_NAMES = [
  'plan',
  'await-until',
  'send',
  'request-handoff',
  'resolve',
  'ingest-check',
  'ingest-batch',
  'ingest-acknowledge',
  'inbound-sms',
  'inbound-email',
  'instructions',
  'creditor-profile',
  'inbox-unread',
  'payment-events',
  'delivery-events',
  'unsubscribe',
  'portal',
  'creditor-reports',
  'stripe-webhook',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The repository root: NodejsFunction's projectRoot, holding package-lock.json and functions/. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How every function is bundled (esbuild, ESM): one place, read by the construct and by the cold-start bench, which
 * bundles each handler the same way. The banner lets the ESM bundle load CommonJS dependencies that call require()
 * (e.g. parts of the AWS SDK). The source map sits beside the bundle but no cold start parses it (no
 * --enable-source-maps: it cost every start 10–20%); kept names make stack traces readable without it, and setting
 * NODE_OPTIONS=--enable-source-maps on one function turns the map on while debugging it.
 */
export const BUNDLING = {
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
} as const;

export interface TactfulFunctionProps {
  /** The folder under functions/. */
  name: FunctionName;
  description: string;
  /** Encrypts the log group. */
  key: kms.IKey;
  /** Settings only; a resource's variable comes with its grant (grantTable, grantObjectsPut, ...). */
  environment?: FunctionEnvironment;
  timeout?: Duration;
  memorySize?: number;
  /** Caps (and reserves) the function's concurrency; unset, it shares the account's unreserved pool. */
  reservedConcurrentExecutions?: number;
  /** For functions invoked asynchronously: where an event goes after Lambda's own retries, instead of being lost. */
  deadLetterQueue?: sqs.IQueue;
}

export class TactfulFunction extends Construct {
  readonly name: FunctionName;
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TactfulFunctionProps) {
    super(scope, id);
    this.name = props.name;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: DEFAULTS.logRetention,
      encryptionKey: props.key,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy: the function writes to its log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Tactful ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULTS.function.memorySize,
      timeout: props.timeout ?? DEFAULTS.function.timeout,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.reservedConcurrentExecutions ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        [ENV.functionName]: props.name,
        [ENV.powertoolsServiceName]: 'tactful',
        [ENV.powertoolsMetricsNamespace]: 'Tactful',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        minify: BUNDLING.minify,
        keepNames: BUNDLING.keepNames,
        sourceMap: BUNDLING.sourceMap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: BUNDLING.sourcesContent,
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
      },
    });

    acknowledge(
      this,
      'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, ' +
        'so their resource must be "*" (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html).',
      iam5('Resource::*'),
    );
  }

  /**
   * Exactly the DynamoDB actions the store `methods` send (shared/adapters/dynamo-actions.ts), on the table (and on the
   * ByCreditor index if a method queries it), with the key uses they imply; the table's name in TABLE_NAME.
   */
  grantTable(table: dynamodb.ITable, methods: readonly StoreMethod[]): this {
    const actions = tableActionsOf(methods);
    const queriesIndex = methods.some((method) => BY_CREDITOR_INDEX_METHODS.has(method));
    iam.Grant.addToPrincipal({
      grantee: this.fn,
      actions: actions.map((action) => `dynamodb:${action}`),
      resourceArns: [table.tableArn, ...(queriesIndex ? [`${table.tableArn}/index/${BY_CREDITOR.indexName}`] : [])],
    });
    if (actions.some((action) => TABLE_WRITE_ACTIONS.has(action))) {
      table.encryptionKey?.grantEncryptDecrypt(this.fn);
      acknowledgeKeyGrant(this);
    } else {
      table.encryptionKey?.grantDecrypt(this.fn);
    }
    return this.addEnvironment(ENV.tableName, table.tableName);
  }

  /** Read objects under `prefix` (a key pattern ending with '/'); the bucket's name in BUCKET_NAME. */
  grantObjectsRead(bucket: s3.IBucket, prefix: string): this {
    grantObjectsRead(this, this.fn, bucket, prefix);
    return this.addEnvironment(ENV.bucketName, bucket.bucketName);
  }

  /** Write objects under `prefix` (a key pattern ending with '/'); the bucket's name in BUCKET_NAME. */
  grantObjectsPut(bucket: s3.IBucket, prefix: string): this {
    grantObjectsPut(this, this.fn, bucket, prefix);
    return this.addEnvironment(ENV.bucketName, bucket.bucketName);
  }

  addEnvironment(name: EnvName, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** After a hand-off the agency writes, and answers texts, as itself. */
  speaksAsAgency(settings: DeploySettings): this {
    return this.addEnvironment(ENV.agencyName, settings.agencyName)
      .addEnvironment(ENV.agencyEmail, settings.agencyEmail)
      .knowsAgencySmsNumber(settings)
      .addEnvironment(ENV.agencyAddress, settings.agencyAddress);
  }

  /** Mails validation notices through Lob: reads its API key from the secret, and knows the return address. */
  mailsLetters(letters: NonNullable<DeploySettings['letters']>): this {
    this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [letters.apiKeySecretArn] }));
    return this.addEnvironment(ENV.letterApiKeySecretArn, letters.apiKeySecretArn).addEnvironment(
      ENV.letterFromAddressId,
      letters.fromAddressId,
    );
  }

  /** The agency's own SMS origination number, in AGENCY_SMS_ORIGINATION. */
  knowsAgencySmsNumber(settings: DeploySettings): this {
    return this.addEnvironment(ENV.agencySmsOrigination, settings.smsOriginationIdentity);
  }

  /** Lets the function start Lifecycle executions (one per placed account); the state machine in LIFECYCLE_STATE_MACHINE_ARN. */
  startsLifecycle(lifecycle: sfn.IStateMachine): this {
    lifecycle.grantStartExecution(this.fn);
    return this.addEnvironment(ENV.lifecycleStateMachineArn, lifecycle.stateMachineArn);
  }

  /**
   * Lets the function complete Lifecycle callback tasks (SendTaskSuccess/Failure/Heartbeat). `lifecycle` is the state
   * machine referenced by name (not the construct): the state machine references these functions, so a reference back
   * to it would be a dependency cycle.
   */
  resumesLifecycle(lifecycle: sfn.IStateMachine): this {
    lifecycle.grantTaskResponse(this.fn);
    return this.addEnvironment(ENV.lifecycleStateMachineArn, lifecycle.stateMachineArn);
  }
}

const KEY_GRANT_REASON =
  'CDK key grants for the SSE-KMS table and bucket: kms:GenerateDataKey* and kms:ReEncrypt* are the envelope-encryption ' +
  'action families, granted on the one stack key ARN only (no resource wildcard).';

/** Acknowledges the action wildcards of CDK's encrypt/decrypt key grants on `scope`. */
export function acknowledgeKeyGrant(scope: IConstruct): void {
  acknowledge(scope, KEY_GRANT_REASON, iam5('Action::kms:GenerateDataKey*'), iam5('Action::kms:ReEncrypt*'));
}

/** bucket.grantRead on one key prefix, with the acknowledgment of the wildcards it implies. */
export function grantObjectsRead(scope: IConstruct, grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string): void {
  bucket.grantRead(grantee, `${prefix}*`);
  acknowledge(
    scope,
    `Read-only access to the objects under ${prefix} of the data bucket, whose keys (creditor id, file name, SES message ` +
      'id) are only known at run time; s3:GetObject*, s3:GetBucket* and s3:List* are the read-only action groups of ' +
      'CDK bucket.grantRead.',
    iam5(`Resource::${arnToken(bucket)}/${prefix}*`),
    iam5('Action::s3:GetObject*'),
    iam5('Action::s3:GetBucket*'),
    iam5('Action::s3:List*'),
  );
}

/** bucket.grantPut on one key prefix, with the acknowledgment of the wildcards it implies. */
export function grantObjectsPut(scope: IConstruct, grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string): void {
  bucket.grantPut(grantee, `${prefix}*`);
  acknowledge(
    scope,
    `Write access to the objects under ${prefix} of the data bucket only, whose keys are only known at run time; ` +
      's3:Abort* (abort a multipart upload) is part of CDK bucket.grantPut.',
    iam5(`Resource::${arnToken(bucket)}/${prefix}*`),
    iam5('Action::s3:Abort*'),
  );
  acknowledgeKeyGrant(scope);
}
