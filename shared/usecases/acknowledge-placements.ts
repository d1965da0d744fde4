// The acknowledgement a creditor gets for every placement file: counts, and each rejected line with field and reason.
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import type { RowRejection } from '../placements/schema.ts';
import type { FileStore } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';
import type { BatchResult } from './ingest-placements.ts';

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
  input: { key: string; batches: BatchResult[]; refused?: string },
  now: Date,
): Promise<Omit<Acknowledgement, 'rejections'>> {
  const { creditorId, fileName } = parseInboxKey(input.key);
  const rejections = input.batches.flatMap((b) => b.rejected).sort((a, b) => a.line - b.line);
  const ack: Acknowledgement = {
    file: fileName,
    acknowledgedAt: now.toISOString(),
    ...(input.refused ? { refused: input.refused } : {}),
    accepted: sum(input.batches, (b) => b.accepted),
    alreadyPlaced: sum(input.batches, (b) => b.alreadyPlaced),
    rejected: new Set(rejections.map((r) => r.line)).size,
    rejections,
  };
  await files.putText(outboxKey(creditorId, 'acknowledgements', `${fileName}.ack.json`), `${JSON.stringify(ack, null, 2)}\n`, 'application/json');
  await files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.rejections.csv`),
    toCsv(['line', 'field', 'reason'], rejections.map((r) => [r.line, r.field, r.reason])),
    'text/csv',
  );
  const { rejections: _omitted, ...summary } = ack;
  return summary;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}
