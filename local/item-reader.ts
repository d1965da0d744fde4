// Emulates a Distributed Map's ItemReader (CSV, header on the first row), ItemSelector and ItemBatcher offline, over
// a streaming CSV reader with the platform's settings for creditor files; and its ResultWriter, with the tolerated
// failures.
import { csvItems, type Chunks } from '../shared/placements/csv.ts';
import type { FileStore } from '../shared/ports.ts';
import { BATCH_FAILED_KEY, RESULTS_PATH } from './definition-transforms.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './intrinsics.ts';

export interface ReaderConfig {
  ItemReader: { Resource: string; ReaderConfig?: { InputType?: string; CSVHeaderLocation?: string }; Parameters: Record<string, unknown> };
  ItemSelector?: Record<string, unknown>;
  ItemBatcher?: { MaxItemsPerBatch?: number; MaxInputBytesPerBatch?: number; BatchInput?: Record<string, unknown> };
}

/** Step Functions' limit on a state's input, so on a child workflow's batch. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export class PayloadTooLarge extends Error {
  constructor(bytes: number) {
    super(`A Map batch of ${bytes} bytes is over the ${MAX_PAYLOAD_BYTES}-byte payload limit`);
    this.name = 'States.DataLimitExceeded';
  }
}

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

export async function readItemBatches(files: FileStore, config: ReaderConfig, input: unknown): Promise<unknown[]> {
  const params = applyTemplate(config.ItemReader.Parameters, input, {}) as { Bucket: string; Key: string };
  const bytes = await files.getBytes(params.Key);
  const batches: unknown[] = [];
  for await (const batch of itemBatches(config, input, [bytes])) batches.push(batch);
  return batches;
}

/** The Map's items, selected and batched as its ItemSelector and ItemBatcher say, streamed from the file's bytes. */
export async function* itemBatches(config: ReaderConfig, input: unknown, chunks: Chunks): AsyncGenerator<unknown> {
  const reader = config.ItemReader;
  if (reader.ReaderConfig?.InputType !== 'CSV' || reader.ReaderConfig.CSVHeaderLocation !== 'FIRST_ROW') {
    throw new Error('The offline ItemReader reads CSV files with the header on the first row only');
  }
  const size = config.ItemBatcher?.MaxItemsPerBatch ?? 1;
  const maxBytes = config.ItemBatcher?.MaxInputBytesPerBatch ?? MAX_PAYLOAD_BYTES;
  const batchInput = config.ItemBatcher?.BatchInput ? applyTemplate(config.ItemBatcher.BatchInput, input, {}) : undefined;
  const batchOf = (batchItems: unknown[]) => {
    const batch = { Items: batchItems, ...(batchInput ? { BatchInput: batchInput } : {}) };
    const bytes = bytesOf(batch);
    if (bytes > MAX_PAYLOAD_BYTES) throw new PayloadTooLarge(bytes);
    return batch;
  };
  let items: unknown[] = [];
  let itemBytes = 0;
  let index = 0;
  for await (const value of csvItems(chunks)) {
    const item = config.ItemSelector ? applyTemplate(config.ItemSelector, input, { Index: index, Value: value }) : value;
    index += 1;
    if (!config.ItemBatcher) {
      yield item;
      continue;
    }
    // MaxInputBytesPerBatch: an item that would take the batch past it starts the next batch.
    const bytes = bytesOf(item);
    if (items.length > 0 && itemBytes + bytes > maxBytes) {
      yield batchOf(items);
      items = [];
      itemBytes = 0;
    }
    items.push(item);
    itemBytes += bytes;
    if (items.length === size) {
      yield batchOf(items);
      items = [];
      itemBytes = 0;
    }
  }
  if (items.length > 0) yield batchOf(items);
}

/** Evaluates a Parameters-style template: keys ending in ".$" take `$.path` from the input or `$$.Map.Item.*`. */
function applyTemplate(template: Record<string, unknown>, input: unknown, item: { Index?: number; Value?: unknown }): unknown {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      if (!key.endsWith('.$')) {
        return [key, value && typeof value === 'object' ? applyTemplate(value as Record<string, unknown>, input, item) : value];
      }
      const path = String(value);
      const resolved = path.startsWith('$$.Map.Item.')
        ? (item as Record<string, unknown>)[path.slice('$$.Map.Item.'.length)]
        : path
            .replace(/^\$\.?/, '')
            .split('.')
            .filter(Boolean)
            .reduce<any>((node, part) => node?.[part], input);
      if (resolved === undefined) throw new Error(`Path ${path} does not point to a value`);
      return [key.slice(0, -2), resolved];
    }),
  );
}

interface WriterConfig {
  ResultWriter: { Parameters: { Bucket: string; Prefix?: string }; WriterConfig?: { Transformation?: string; OutputType?: string } };
  ToleratedFailurePercentage?: number;
  ToleratedFailureCount?: number;
}

export class ToleratedFailureExceeded extends Error {
  constructor(failed: number, total: number) {
    super(`${failed} of ${total} items failed, more than the Map tolerates`);
    this.name = 'States.ExceedToleratedFailureThreshold';
  }
}

/**
 * Writes the Map Run's results as AWS does: SUCCEEDED_0.json (the outputs, COMPACT) and FAILED_0.json (the failed
 * batches with their input, as AWS writes failed children whatever the transformation) under
 * {Prefix}{run id}/, and manifest.json listing them. Fails, as the Map Run would, past the tolerated failures
 * (counted in items: a failed batch fails all of its items).
 */
export async function writeMapResults(files: FileStore, config: WriterConfig, input: unknown, runId: string): Promise<unknown> {
  const writer = config.ResultWriter;
  if (writer.WriterConfig && (writer.WriterConfig.Transformation !== 'COMPACT' || writer.WriterConfig.OutputType !== 'JSON')) {
    throw new Error('The offline ResultWriter writes COMPACT JSON only');
  }
  const results = (input as Record<string, unknown>)[RESULTS_PATH.slice(2)] as Array<Record<string, unknown>>;
  const itemsOf = (batch: Record<string, unknown>) => (Array.isArray(batch.Items) ? batch.Items.length : 1);
  const succeeded = results.filter((r) => !(BATCH_FAILED_KEY in r));
  const failed = results.filter((r) => BATCH_FAILED_KEY in r);
  const total = results.reduce((n, r) => n + itemsOf(r), 0);
  const failedItems = failed.reduce((n, r) => n + itemsOf(r), 0);
  const tolerated = Math.max(config.ToleratedFailureCount ?? 0, ((config.ToleratedFailurePercentage ?? 0) / 100) * total);
  if (failedItems > tolerated) throw new ToleratedFailureExceeded(failedItems, total);

  const folder = `${writer.Parameters.Prefix ?? ''}${runId}/`;
  const put = async (name: string, body: unknown) => {
    await files.putText(`${folder}${name}`, JSON.stringify(body), 'application/json');
    return { Key: `${folder}${name}`, Size: JSON.stringify(body).length };
  };
  const failedEntries = failed.map((r) => {
    const { [BATCH_FAILED_KEY]: error, ...batch } = r as Record<string, any>;
    return { Input: JSON.stringify(batch), Status: 'FAILED', Error: error?.Error, Cause: error?.Cause };
  });
  const manifest = {
    DestinationBucket: writer.Parameters.Bucket,
    MapRunArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:mapRun:local/${runId}`,
    ResultFiles: {
      FAILED: failedEntries.length ? [await put('FAILED_0.json', failedEntries)] : [],
      PENDING: [],
      SUCCEEDED: succeeded.length ? [await put('SUCCEEDED_0.json', succeeded)] : [],
    },
  };
  const manifestKey = `${folder}manifest.json`;
  await files.putText(manifestKey, JSON.stringify(manifest), 'application/json');
  return { MapRunArn: manifest.MapRunArn, ResultWriterDetails: { Bucket: writer.Parameters.Bucket, Key: manifestKey } };
}
