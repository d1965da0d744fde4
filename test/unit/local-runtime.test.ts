import { describe, expect, it } from 'vitest';
import {
  bridgeTimeoutSecondsPath,
  emulateDistributedMaps,
  BATCHES_PATH,
  BATCH_FAILED_KEY,
  RESULTS_PATH,
  withoutRetryJitter,
} from '../../local/definition-transforms.ts';
import { writeMapResults } from '../../local/item-reader.ts';
import { MemoryFileStore } from '../../local/outboxes.ts';
import { readMapRunResults, UNPROCESSED_REASON } from '../../shared/usecases/acknowledge-placements.ts';
import { matchesEventPattern, s3ObjectCreatedEvent } from '../../local/event-sources.ts';
import { resolveIntrinsics } from '../../local/intrinsics.ts';
import { nextScheduledTime } from '../../local/schedule.ts';

describe('withoutRetryJitter', () => {
  it('keeps every retrier but its jitter, inside Map item processors too', () => {
    const retrier = { ErrorEquals: ['TransientError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6 };
    const task = { Type: 'Task', Resource: 'r', Retry: [{ ...retrier, JitterStrategy: 'FULL' }], End: true };
    const definition = {
      StartAt: 'T',
      States: { T: task, M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: task } }, End: true } },
    };
    const plain = withoutRetryJitter(definition);
    expect(plain.States.T.Retry).toEqual([retrier]);
    expect(plain.States.M.ItemProcessor.States.I.Retry).toEqual([retrier]);
    expect(task.Retry[0]).toHaveProperty('JitterStrategy', 'FULL');
  });
});

describe('bridgeTimeoutSecondsPath', () => {
  it('mirrors the timeout path into Parameters so both readings find the same number', () => {
    const definition = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSecondsPath: '$.plan.waitSeconds',
          End: true,
        },
      },
    };
    const bridged = bridgeTimeoutSecondsPath(definition).States.Wait;
    expect(bridged.Parameters).toEqual({
      FunctionName: 'f',
      Payload: { 'token.$': '$$.Task.Token' },
      plan: { 'waitSeconds.$': '$.plan.waitSeconds' },
    });
    expect(definition.States.Wait.Parameters).not.toHaveProperty('plan');
  });

  it('refuses to overwrite a parameter of the same name', () => {
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'r', Parameters: { plan: 1 }, TimeoutSecondsPath: '$.plan.x', End: true } },
    };
    expect(() => bridgeTimeoutSecondsPath(definition)).toThrow(/already has "plan"/);
  });
});

describe('emulateDistributedMaps', () => {
  it('puts a reader task in front of the Map and makes the Map inline over the batches', () => {
    const definition = {
      StartAt: 'Read',
      States: {
        Read: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: {} },
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemSelector: { 'row.$': '$$.Map.Item.Value' },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ResultPath: '$.batches',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { definition: out, readers, mapRunStates } = emulateDistributedMaps(definition);
    expect(out.StartAt).toBe('Read.ReadItems');
    expect(out.States['Read.ReadItems']).toMatchObject({ Type: 'Task', ResultPath: BATCHES_PATH, Next: 'Read' });
    expect(out.States.Read).not.toHaveProperty('ItemReader');
    expect(out.States.Read.ItemsPath).toBe(BATCHES_PATH);
    expect(out.States.Read.ItemProcessor).not.toHaveProperty('ProcessorConfig');
    expect(readers['Read.ReadItems'].ItemBatcher).toEqual({ MaxItemsPerBatch: 2 });
    expect(mapRunStates).toEqual(['Read.ReadItems', 'B']);
  });

  it('with a ResultWriter, the Map catches failed batches and a writer task takes its place in the flow', () => {
    const definition = {
      StartAt: 'Read',
      States: {
        Read: {
          Type: 'Map',
          ItemReader: { Resource: 'r', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: {} },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'B', States: { B: { Type: 'Task', Resource: 'f', End: true } } },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'results/' } },
          ToleratedFailurePercentage: 5,
          ResultPath: '$.results',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail' },
      },
    };
    const { definition: out, writers, mapRunStates } = emulateDistributedMaps(definition);
    expect(out.States.Read).toMatchObject({ ResultPath: RESULTS_PATH, Next: 'Read.WriteResults' });
    expect(out.States.Read.ItemProcessor.States.B.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: `$.${BATCH_FAILED_KEY}`, Next: `${BATCH_FAILED_KEY}.End` },
    ]);
    expect(out.States['Read.WriteResults']).toMatchObject({ Type: 'Task', ResultPath: '$.results', Next: 'Done', Catch: definition.States.Read.Catch });
    expect(writers['Read.WriteResults']).toMatchObject({ ToleratedFailurePercentage: 5 });
    expect(mapRunStates).toContain(`${BATCH_FAILED_KEY}.End`);
  });
});

describe('writeMapResults (offline ResultWriter)', () => {
  const config = {
    ResultWriter: { Parameters: { Bucket: 'b', Prefix: 'ingest-results/' }, WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSON' } },
    ToleratedFailurePercentage: 5,
  };
  const batch = (from: number, n: number) => ({ Items: Array.from({ length: n }, (_, i) => ({ index: from + i, row: { debtor_name: 'PII' } })), BatchInput: { key: 'k' } });
  const ok = { accepted: 2, alreadyPlaced: 0, rejected: [{ line: 3, field: 'balance', reason: 'must be greater than zero' }] };

  it('writes the outputs, the failed batches and the manifest the acknowledgement reads (lines only, no row values)', async () => {
    const files = new MemoryFileStore();
    const failed = { ...batch(20, 1), [BATCH_FAILED_KEY]: { Error: 'Lambda.Unknown', Cause: 'boom' } };
    const results = [ok, ...Array.from({ length: 19 }, () => ({ accepted: 1, alreadyPlaced: 0, rejected: [] })), failed];
    const runId = '6f1c2a9e-0b7d-4c3e-9a51-2d8e4f6b7c10';
    const out = (await writeMapResults(files, config, { [RESULTS_PATH.slice(2)]: results }, runId)) as any;

    expect(out.ResultWriterDetails.Key).toBe(`ingest-results/${runId}/manifest.json`);
    const batches = await readMapRunResults(files, out.ResultWriterDetails.Key);
    expect(batches).toHaveLength(21);
    expect(batches.flatMap((b) => b.rejected)).toEqual([
      ok.rejected[0],
      { line: 22, field: '(row)', reason: UNPROCESSED_REASON },
    ]);
    expect(JSON.stringify(batches)).not.toContain('PII');
  });

  it('fails the run, as the Map Run would, past the tolerated share of failed items', async () => {
    const files = new MemoryFileStore();
    const failed = { ...batch(0, 2), [BATCH_FAILED_KEY]: { Error: 'e' } };
    await expect(writeMapResults(files, config, { [RESULTS_PATH.slice(2)]: [ok, failed] }, 'run-1')).rejects.toMatchObject({
      name: 'States.ExceedToleratedFailureThreshold',
    });
    expect(files.keys()).toEqual([]);
  });
});

describe('EventBridge patterns', () => {
  const pattern = {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: ['data'] }, object: { key: [{ wildcard: 'creditors/*/inbox/placements/*.csv' }] } },
  };
  it('matches placement files and nothing else', () => {
    const at = new Date('2026-03-02T15:00:00Z');
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/inbox/placements/a.csv', 1, at))).toBe(true);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/outbox/placements/a.csv', 1, at))).toBe(false);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('other', 'creditors/acme/inbox/placements/a.csv', 1, at))).toBe(false);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/inbox/placements/a.json', 1, at))).toBe(false);
  });
});

describe('resolveIntrinsics', () => {
  it('resolves Ref, GetAtt, Join and Sub', () => {
    const resolver = { ref: (id: string) => `ref:${id}`, getAtt: (id: string, a: string) => `${id}.${a}` };
    expect(
      resolveIntrinsics(
        { a: { 'Fn::Join': ['', ['x-', { Ref: 'B' }, '-', { 'Fn::GetAtt': ['C', 'Arn'] }]] }, b: { 'Fn::Sub': '${AWS::Region}/${D}' } },
        resolver,
      ),
    ).toEqual({ a: 'x-ref:B-C.Arn', b: 'us-east-1/ref:D' });
  });
});

describe('nextScheduledTime (offline EventBridge cron)', () => {
  it('fires a daily cron at its UTC time, and an hourly one at its minute of the next hour', () => {
    expect(nextScheduledTime('cron(15 0 * * ? *)', new Date('2026-03-05T00:15:00Z')).toISOString()).toBe('2026-03-06T00:15:00.000Z');
    expect(nextScheduledTime('cron(15 0 * * ? *)', new Date('2026-03-05T00:14:00Z')).toISOString()).toBe('2026-03-05T00:15:00.000Z');
    expect(nextScheduledTime('cron(15 * * * ? *)', new Date('2026-03-05T23:15:00Z')).toISOString()).toBe('2026-03-06T00:15:00.000Z');
    expect(nextScheduledTime('cron(15 * * * ? *)', new Date('2026-03-05T07:59:00Z')).toISOString()).toBe('2026-03-05T08:15:00.000Z');
  });

  it('refuses an expression it cannot run faithfully', () => {
    expect(() => nextScheduledTime('rate(5 minutes)', new Date())).toThrow(/not supported offline/);
    expect(() => nextScheduledTime('cron(0 12 ? * MON *)', new Date())).toThrow(/not supported offline/);
  });
});
