// Ingest: a placement CSV lands in a creditor inbox → EventBridge → the Ingest state machine (Distributed Map over the
// CSV in batches → ingest-batch, which starts one Lifecycle per account) → ingest-acknowledge writes the report.
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildIngestDefinition } from '../../workflows/ingest.ts';
import { DEFAULTS } from '../config.ts';
import { acknowledge, arnToken, iam5, logicalIdOf } from './nag.ts';
import { PREFIXES } from './storage.ts';
import { INBOX_KEY_PATTERNS, INGEST_RESULTS_PREFIX, TRIMMED_PLACEMENTS_PREFIX } from '../../shared/creditors/inbox.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { acknowledgeKeyGrant, TactfulFunction } from './tactful-function.ts';
import { Workflow } from './workflow.ts';

export interface IngestProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  lifecycle: sfn.IStateMachine;
  /** The physical name of the Ingest state machine. */
  stateMachineName: string;
}

export class Ingest extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly rule: events.Rule;
  readonly functions: TactfulFunction[];

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { key, table, bucket, lifecycle } = props;

    const ingestBatch = new TactfulFunction(this, 'IngestBatch', {
      name: 'ingest-batch',
      description: 'Ingest: validates a batch of placement rows, stores the accounts, starts their Lifecycle',
      key,
      timeout: DEFAULTS.ingestBatchTimeout,
    });
    ingestBatch.grantTable(table, ['getProfile', 'createAccounts']).startsLifecycle(lifecycle);

    const acknowledgeFn = new TactfulFunction(this, 'Acknowledge', {
      name: 'ingest-acknowledge',
      description: 'Ingest: writes the acknowledgement report of a placement file to the creditor outbox',
      key,
    });
    acknowledgeFn.grantObjectsPut(bucket, PREFIXES.outbox).grantObjectsRead(bucket, PREFIXES.ingestResults);

    const checkFile = new TactfulFunction(this, 'CheckFile', {
      name: 'ingest-check',
      description: 'Ingest: refuses an unusable placement file whole (creditor, size, encoding, header), else writes its receipt',
      key,
      timeout: DEFAULTS.ingestBatchTimeout,
      memorySize: 1024,
      environment: { [ENV.maxPlacementBytes]: String(DEFAULTS.maxPlacementBytes) },
    });
    checkFile.grantTable(table, ['getProfile']);
    checkFile.grantObjectsRead(bucket, `${PREFIXES.inbox}placements/`).grantObjectsPut(bucket, PREFIXES.outbox);
    // The copy of a file with over-long cells blanked, which the Map then reads (shared/usecases/check-placement-file.ts).
    checkFile.grantObjectsPut(bucket, TRIMMED_PLACEMENTS_PREFIX);

    this.functions = [checkFile, ingestBatch, acknowledgeFn];

    const definition = buildIngestDefinition(new Construct(this, 'Definition'), bucket, {
      checkFile: checkFile.fn,
      ingestBatch: ingestBatch.fn,
      acknowledge: acknowledgeFn.fn,
    });
    const workflow = new Workflow(this, 'Workflow', {
      definition,
      key,
      stateMachineName: props.stateMachineName,
      taskFunctions: this.functions.map((f) => f.fn),
      comment: 'Tactful Ingest: one execution per placement file, input = the S3 "Object Created" event',
    });
    this.stateMachine = workflow.stateMachine;
    // The Distributed Map reads the CSV itself (S3CsvItemReader grants s3:GetObject on the bucket's objects) and writes
    // its results (ResultWriter): the objects are SSE-KMS encrypted with the key.
    key.grantEncryptDecrypt(this.stateMachine);
    acknowledgeKeyGrant(this.stateMachine);

    this.rule = new events.Rule(this, 'PlacementUploaded', {
      description: 'Starts Ingest for each placement CSV uploaded to a creditor inbox',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: events.Match.wildcard(INBOX_KEY_PATTERNS.placements) },
        },
      },
      // No input transformation: the whole event is the execution input.
      targets: [new targets.SfnStateMachine(this.stateMachine)],
    });

    acknowledge(
      this.stateMachine,
      'Distributed Map ItemReader and ResultWriter (workflows/ingest.ts narrows what CDK grants on the whole bucket): ' +
        'the CSV key comes from the S3 event at run time ($.detail.object.key), so s3:GetObject covers the placement ' +
        'folders (creditors/*/inbox/placements/*.csv); the results go under a Map Run id Step Functions picks, so ' +
        's3:PutObject, s3:GetObject and the multipart actions cover ingest-results/*.',
      iam5(`Resource::${arnToken(bucket)}/${INBOX_KEY_PATTERNS.placements}`),
      iam5(`Resource::${arnToken(bucket)}/${INGEST_RESULTS_PREFIX}*`),
    );
    // CDK derives the execution ARNs from the state machine ARN: the name is item 6 of its ':'-split Ref, which cdk-nag
    // prints as JSON.
    const ownName = JSON.stringify({
      'Fn::Select': [6, { 'Fn::Split': [':', { Ref: logicalIdOf(this.stateMachine) }] }],
    });
    acknowledge(
      this.stateMachine,
      'Distributed Map child workflows: states:DescribeExecution, states:StopExecution and states:RedriveExecution on ' +
        "this state machine's own executions and map runs (execution:<name>:*, execution:<name>/*:*), as CDK wires them " +
        '(https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html).',
      iam5(`Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${ownName}:*`),
      iam5(`Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${ownName}/*:*`),
    );
  }
}
