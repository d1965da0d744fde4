// The acknowledgement a creditor gets for every placement file: counts, and each rejected line with field and reason.
// The batch results come from the Distributed Map's ResultWriter: a manifest in S3 naming the result files.
import * as z from 'zod';
import { inboxFileOf, NOT_AN_INBOX_FILE, outboxKey } from '../creditors/inbox.ts';
import { lineOfItem } from '../placements/csv.ts';
import type { RowRejection } from '../placements/validate-row.ts';
import type { FileStore } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';
import type { BatchResult } from './ingest-placements.ts';

const rejectionSchema = z.object({ line: z.number().int(), field: z.string(), reason: z.string() });
const batchResultSchema = z.object({ accepted: z.number().int(), alreadyPlaced: z.number().int(), rejected: z.array(rejectionSchema) });
const resultFilesSchema = z.array(z.object({ Key: z.string() }));
const manifestSchema = z.object({
  ResultFiles: z.object({
    SUCCEEDED: resultFilesSchema.default([]),
    FAILED: resultFilesSchema.default([]),
    PENDING: resultFilesSchema.default([]),
  }),
});
/** A failed child execution, as the ResultWriter writes it whatever the transformation: its input holds the items. */
const failedBatchSchema = z.object({ Input: z.string() });
const batchInputSchema = z.object({ Items: z.array(z.object({ index: z.number().int() })) });

export const UNPROCESSED_REASON =
  'not processed: its batch failed after every retry; upload the same file again to place it (rows already placed are not placed twice)';

/**
 * The batch results of a Map Run from its manifest. Lines of a batch that failed (within the tolerated failures) are
 * rejections that say so: only their item indexes are read from the batch input, never the row values.
 */
export async function readMapRunResults(files: FileStore, manifestKey: string): Promise<BatchResult[]> {
  const manifest = manifestSchema.parse(JSON.parse(await files.getText(manifestKey)));
  const results: BatchResult[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED) {
    results.push(...z.array(batchResultSchema).parse(JSON.parse(await files.getText(file.Key))));
  }
  for (const file of [...manifest.ResultFiles.FAILED, ...manifest.ResultFiles.PENDING]) {
    for (const failed of z.array(failedBatchSchema).parse(JSON.parse(await files.getText(file.Key)))) {
      const { Items } = batchInputSchema.parse(JSON.parse(failed.Input));
      results.push({
        accepted: 0,
        alreadyPlaced: 0,
        rejected: Items.map((item) => ({ line: lineOfItem(item.index), field: '(row)', reason: UNPROCESSED_REASON })),
      });
    }
  }
  return results;
}

export interface Acknowledgement {
  file: string;
  acknowledgedAt: string;
  /** Why the whole file was refused; nothing of it was applied. */
  refused?: string;
  accepted: number;
  alreadyPlaced: number;
  rejected: number;
  rejections: RowRejection[];
}

export async function acknowledgePlacements(
  files: FileStore,
  input: { key: string; manifest?: string; refused?: string },
  now: Date,
): Promise<Omit<Acknowledgement, 'rejections'>> {
  const inboxFile = inboxFileOf(input.key);
  // A key that names no inbox file was refused by CheckFile and is acknowledged by inbox-unread, under its own name.
  if (!inboxFile)
    return { file: input.key, acknowledgedAt: now.toISOString(), refused: NOT_AN_INBOX_FILE, accepted: 0, alreadyPlaced: 0, rejected: 0 };
  const { creditorId, fileName } = inboxFile;
  const batches = input.manifest ? await readMapRunResults(files, input.manifest) : [];
  const rejections = batches.flatMap((b) => b.rejected).sort((a, b) => a.line - b.line);
  const ack: Acknowledgement = {
    file: fileName,
    acknowledgedAt: now.toISOString(),
    ...(input.refused ? { refused: input.refused } : {}),
    accepted: sum(batches, (b) => b.accepted),
    alreadyPlaced: sum(batches, (b) => b.alreadyPlaced),
    rejected: new Set(rejections.map((r) => r.line)).size,
    rejections,
  };
  await files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.ack.json`),
    `${JSON.stringify(ack, null, 2)}\n`,
    'application/json',
  );
  await files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.rejections.csv`),
    toCsv(
      ['line', 'field', 'reason'],
      rejections.map((r) => [r.line, r.field, r.reason]),
    ),
    'text/csv',
  );
  const { rejections: _omitted, ...summary } = ack;
  return summary;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}
