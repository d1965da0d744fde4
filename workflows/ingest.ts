// The Ingest workflow: a Distributed Map reads the placement CSV from S3 in batches and hands each batch to
// ingest-batch; the acknowledgement task then writes the creditor's report to the outbox.
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { lambdaStep, retryTransient } from './task-defaults.ts';

export interface IngestFunctions {
  checkFile: lambda.IFunction;
  ingestBatch: lambda.IFunction;
  acknowledge: lambda.IFunction;
}

export const INGEST_BATCH_SIZE = 100;

/** Input: the EventBridge "Object Created" event of a placement file. */
export function buildIngestDefinition(scope: Construct, bucket: s3.IBucket, fns: IngestFunctions): sfn.IChainable {
  const failed = new sfn.Fail(scope, 'IngestFailed', {
    error: 'IngestFailed',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  const batch = new tasks.LambdaInvoke(scope, 'IngestBatch', {
    lambdaFunction: fns.ingestBatch,
    payloadResponseOnly: true,
    taskTimeout: sfn.Timeout.duration(Duration.minutes(5)),
  });
  retryTransient(batch);

  const placements = new sfn.DistributedMap(scope, 'ReadPlacements', {
    itemReader: new sfn.S3CsvItemReader({
      bucket,
      key: sfn.JsonPath.stringAt('$.detail.object.key'),
      csvHeaders: sfn.CsvHeaders.useFirstRow(),
    }),
    // Line numbers for the acknowledgement: item 0 is line 2, after the header.
    itemSelector: { 'index.$': '$$.Map.Item.Index', 'row.$': '$$.Map.Item.Value' },
    itemBatcher: new sfn.ItemBatcher({
      maxItemsPerBatch: INGEST_BATCH_SIZE,
      batchInput: { 'key.$': '$.detail.object.key' },
    }),
    maxConcurrency: 10,
    // Express child workflows keep no execution history: the rows (debtor PII) pass through, never stored.
    mapExecutionType: sfn.StateMachineType.EXPRESS,
    resultPath: '$.batches',
  });
  placements.itemProcessor(batch);
  placements.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const acknowledge = lambdaStep(scope, 'Acknowledge', fns.acknowledge, {
    payload: { key: sfn.JsonPath.stringAt('$.detail.object.key'), batches: sfn.JsonPath.listAt('$.batches') },
    resultPath: 'replace',
    onError: failed,
  });

  // A file that is unusable as a whole (unknown creditor, too big, not UTF-8, no required header) is refused before
  // any row is applied, and its acknowledgement says why.
  const check = lambdaStep(scope, 'CheckFile', fns.checkFile, {
    payload: { key: sfn.JsonPath.stringAt('$.detail.object.key') },
    resultPath: '$.check',
    onError: failed,
  });
  const refuse = lambdaStep(scope, 'AcknowledgeRefusal', fns.acknowledge, {
    payload: { key: sfn.JsonPath.stringAt('$.detail.object.key'), batches: [], refused: sfn.JsonPath.stringAt('$.check.reason') },
    resultPath: 'replace',
    onError: failed,
  });

  return check.next(
    new sfn.Choice(scope, 'FileUsable?')
      .when(sfn.Condition.booleanEquals('$.check.usable', true), placements.next(acknowledge))
      .otherwise(refuse),
  );
}
