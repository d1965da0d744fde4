// The Ingest workflow: a Distributed Map reads the placement CSV from S3 in batches and hands each batch to
// ingest-batch; the acknowledgement task then writes the creditor's report to the outbox.
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { INBOX_KEY_PATTERNS, INGEST_RESULTS_PREFIX } from '../shared/creditors/inbox.ts';
import { lambdaStep, lambdaTask } from './task-defaults.ts';

export interface IngestFunctions {
  checkFile: lambda.IFunction;
  ingestBatch: lambda.IFunction;
  acknowledge: lambda.IFunction;
}

export const INGEST_BATCH_SIZE = 100;
/**
 * A batch's rows stop here, so that with its BatchInput (repeats and over-long lines, bounded by MAX_REPEATED_ROWS and
 * MAX_OVERLONG_ROWS) it fits the 256 KiB input of a child workflow. A row is at most about 60 KiB (shared/limits.ts).
 */
export const INGEST_MAX_BATCH_BYTES = 96 * 1024;
/**
 * Batches in flight at once. Each batch starts up to 100 Lifecycle executions, and StartExecution refills at about
 * 300 per second per account and region: ten batches, each starting executions one row at a time (some 25 rows per
 * second), already use that refill, and more would only add throttling and Lambda time spent backing off.
 */
export const INGEST_MAX_CONCURRENCY = 10;
/**
 * A batch still failing after its retries (ingest-batch is idempotent, so retrying is safe) is tolerated up to this
 * share of the batches: the rest of a big file is placed, and the acknowledgement lists the unprocessed lines, which a
 * re-upload of the same file then places (rows already placed are not placed twice). Beyond it something systemic is
 * wrong, and the run fails rather than acknowledge a mostly unprocessed file.
 */
export const INGEST_TOLERATED_FAILURE_PERCENTAGE = 5;

/**
 * The Map's CSV reader, allowed to read placement files only. CDK grants s3:GetObject on every object of the bucket,
 * because the key is a path resolved at run time; the rule that starts Ingest matches only these keys. CheckFile's
 * trimmed copies are under the results prefix, which the ResultWriter's statement lets the state machine read.
 */
class PlacementCsvReader extends sfn.S3CsvItemReader {
  override providePolicyStatements(): iam.PolicyStatement[] {
    return [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(INBOX_KEY_PATTERNS.placements)] })];
  }
}

/** The Map's ResultWriter, allowed to write under its prefix only (CDK grants the whole bucket). */
class PrefixResultWriter extends sfn.ResultWriterV2 {
  override providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.bucket!.arnForObjects(`${this.prefix}*`)],
      }),
    ];
  }
}

/** Input: the EventBridge "Object Created" event of a placement file. */
export function buildIngestDefinition(scope: Construct, bucket: s3.IBucket, fns: IngestFunctions): sfn.IChainable {
  const failed = new sfn.Fail(scope, 'IngestFailed', {
    error: 'IngestFailed',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  const batch = lambdaTask(scope, 'IngestBatch', {
    lambdaFunction: fns.ingestBatch,
    payloadResponseOnly: true,
    taskTimeout: sfn.Timeout.duration(Duration.minutes(5)),
  });

  const placements = new sfn.DistributedMap(scope, 'ReadPlacements', {
    itemReader: new PlacementCsvReader({
      bucket,
      // The upload, or CheckFile's copy with its over-long cells blanked.
      key: sfn.JsonPath.stringAt('$.check.itemsKey'),
      csvHeaders: sfn.CsvHeaders.useFirstRow(),
    }),
    // Line numbers for the acknowledgement: item 0 is line 2, after the header.
    itemSelector: { 'index.$': '$$.Map.Item.Index', 'row.$': '$$.Map.Item.Value' },
    itemBatcher: new sfn.ItemBatcher({
      maxItemsPerBatch: INGEST_BATCH_SIZE,
      maxInputBytesPerBatch: INGEST_MAX_BATCH_BYTES,
      // Every batch gets the file's repeated lines, found by CheckFile: only the first line of a reference places it;
      // and its lines with an over-long cell, which are rejected.
      batchInput: { 'key.$': '$.detail.object.key', 'repeats.$': '$.check.repeats', 'overlong.$': '$.check.overlong' },
    }),
    maxConcurrency: INGEST_MAX_CONCURRENCY,
    toleratedFailurePercentage: INGEST_TOLERATED_FAILURE_PERCENTAGE,
    // Express child workflows keep no execution history: the rows (debtor PII) pass through, never stored.
    mapExecutionType: sfn.StateMachineType.EXPRESS,
    // COMPACT: each succeeded batch's output only (not its input, which holds the rows), as one JSON array per file.
    resultWriterV2: new PrefixResultWriter({
      bucket,
      prefix: INGEST_RESULTS_PREFIX,
      writerConfig: new sfn.WriterConfig({ transformation: sfn.Transformation.COMPACT, outputType: sfn.OutputType.JSON }),
    }),
    // { MapRunArn, ResultWriterDetails: { Bucket, Key } }: the key of the run's manifest.json.
    resultPath: '$.results',
  });
  placements.itemProcessor(batch);
  placements.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const acknowledge = lambdaStep(scope, 'Acknowledge', fns.acknowledge, {
    payload: {
      key: sfn.JsonPath.stringAt('$.detail.object.key'),
      manifest: sfn.JsonPath.stringAt('$.results.ResultWriterDetails.Key'),
    },
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
    payload: { key: sfn.JsonPath.stringAt('$.detail.object.key'), refused: sfn.JsonPath.stringAt('$.check.reason') },
    resultPath: 'replace',
    onError: failed,
  });

  return check.next(
    new sfn.Choice(scope, 'FileUsable?')
      .when(sfn.Condition.booleanEquals('$.check.usable', true), placements.next(acknowledge))
      .otherwise(refuse),
  );
}
