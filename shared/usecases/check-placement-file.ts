// Before any row of a placement file is applied: is the file usable at all? An unknown creditor, a file over the
// size limit, bytes that are not UTF-8 or a header without the required columns stop it whole, with the reason.
// The check streams the file, so it also finds every account_ref repeated within it, for the batches to reject, and
// counts the rows: a usable file gets a receipt in the outbox at once, long before a big file's acknowledgement.
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import { FileTooLargeError, limitedTo } from '../placements/csv.ts';
import { placementRowVerdicts, UnusablePlacementFile } from '../placements/validate-file.ts';
import type { CreditorStore, FileStore } from '../ports.ts';

export interface CheckFileDeps {
  files: Pick<FileStore, 'streamBytes' | 'putText'>;
  creditors: CreditorStore;
  /** Files larger than this are refused whole. */
  maxBytes: number;
}

/**
 * The Map's batches all receive the repeats (as BatchInput, within Step Functions' 256 KiB payload): past this many
 * repeated rows the file is refused whole. So many repeats mean an export of transactions, not of accounts.
 */
export const MAX_REPEATED_ROWS = 5_000;

/** `repeats`: line → the earlier line with the same account_ref; only the earlier line may place the account. */
export type FileCheck = { usable: true; repeats: Record<string, number> } | { usable: false; reason: string };

/** What `{file}.received.json` tells the creditor as soon as the file is checked, before any row is placed. */
export interface PlacementReceipt {
  file: string;
  receivedAt: string;
  rows: number;
  /** Rows that pass every check: each becomes an account, unless it was placed before. */
  toPlace: number;
  rejected: number;
  next: string;
}

export async function checkPlacementFile(deps: CheckFileDeps, key: string, now: Date): Promise<FileCheck> {
  const { creditorId, fileName } = parseInboxKey(key);
  if (!(await deps.creditors.getProfile(creditorId))) return { usable: false, reason: `creditor "${creditorId}" has no accepted profile` };
  const repeats: Record<string, number> = {};
  let repeated = 0;
  let rows = 0;
  let rejected = 0;
  try {
    for await (const verdict of placementRowVerdicts(limitedTo(deps.maxBytes, deps.files.streamBytes(key)), now)) {
      rows += 1;
      if (verdict.ok) continue;
      rejected += 1;
      if (verdict.repeatOf === undefined) continue;
      repeats[verdict.line] = verdict.repeatOf;
      repeated += 1;
      if (repeated > MAX_REPEATED_ROWS) {
        return {
          usable: false,
          reason: `more than ${MAX_REPEATED_ROWS} rows repeat an account_ref of an earlier row: a placement file has one row per account`,
        };
      }
    }
  } catch (error) {
    if (error instanceof UnusablePlacementFile || error instanceof FileTooLargeError) return { usable: false, reason: error.message };
    throw error;
  }
  const receipt: PlacementReceipt = {
    file: fileName,
    receivedAt: now.toISOString(),
    rows,
    toPlace: rows - rejected,
    rejected,
    next: `The accounts are being placed. ${fileName}.ack.json follows when every row is done, with each rejected line and its reason.`,
  };
  await deps.files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.received.json`),
    `${JSON.stringify(receipt, null, 2)}\n`,
    'application/json',
  );
  return { usable: true, repeats };
}
