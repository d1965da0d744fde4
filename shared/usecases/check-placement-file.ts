// Before any row of a placement file is applied: is the file usable at all? An unknown creditor, a file over the
// size limit, bytes that are not UTF-8 or a header without the required columns stop it whole, with the reason.
// The check streams the file, so it also finds every account_ref repeated within it, for the batches to reject, and
// counts the rows: a usable file gets a receipt in the outbox at once, long before a big file's acknowledgement.
import { inboxFileOf, NOT_AN_INBOX_FILE, outboxKey, TRIMMED_PLACEMENTS_PREFIX } from '../creditors/inbox.ts';
import { MAX_CELL_CHARS, MAX_OVERLONG_ROWS } from '../limits.ts';
import { csvRecords, decodeUtf8Strictly, FileTooLargeError, headerOf, limitedTo, lineOfItem } from '../placements/csv.ts';
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

/**
 * `repeats`: line → the earlier line with the same account_ref; only the earlier line may place the account.
 * `overlong`: line → the column of its over-long cell; the row is rejected. `itemsKey`: the file the Map reads, the
 * upload itself or, when some cell is over-long, a copy with those cells blanked: a row of 500 KB would not fit the
 * 256 KiB input of a Map batch, and the whole batch would fail with it.
 */
export type FileCheck =
  | { usable: true; repeats: Record<string, number>; overlong: Record<string, string>; itemsKey: string }
  | { usable: false; reason: string };

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
  // A key the rule matches that names no inbox file (a subfolder): inbox-unread acknowledges it; nothing is read.
  const inboxFile = inboxFileOf(key);
  if (!inboxFile) return { usable: false, reason: NOT_AN_INBOX_FILE };
  const { creditorId, fileName } = inboxFile;
  if (!(await deps.creditors.getProfile(creditorId))) return { usable: false, reason: `creditor "${creditorId}" has no accepted profile` };
  const repeats: Record<string, number> = {};
  const overlong: Record<string, string> = {};
  let overlongRows = 0;
  let repeated = 0;
  let rows = 0;
  let rejected = 0;
  try {
    for await (const verdict of placementRowVerdicts(limitedTo(deps.maxBytes, deps.files.streamBytes(key)), now)) {
      rows += 1;
      if (verdict.ok) continue;
      rejected += 1;
      if (verdict.overlong !== undefined) {
        overlong[verdict.line] = verdict.overlong;
        overlongRows += 1;
        if (overlongRows > MAX_OVERLONG_ROWS) {
          return { usable: false, reason: `more than ${MAX_OVERLONG_ROWS} rows have a cell longer than ${MAX_CELL_CHARS} characters` };
        }
      }
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
  const itemsKey = overlongRows === 0 ? key : await writeTrimmedCopy(deps, key, overlong);
  return { usable: true, repeats, overlong, itemsKey };
}

/** A cell as CSV writes it: quoted, quotes doubled. */
const csvCell = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/**
 * The file again, its over-long cells blanked and every other cell as it was, in the same rows: the Map numbers the
 * copy's items as it would the upload's, so lines still match. The file is checked and within its size limit.
 */
async function writeTrimmedCopy(deps: CheckFileDeps, key: string, overlong: Readonly<Record<string, string>>): Promise<string> {
  const lines: string[] = [];
  let header: string[] | undefined;
  let index = 0;
  for await (const record of csvRecords(decodeUtf8Strictly(limitedTo(deps.maxBytes, deps.files.streamBytes(key))))) {
    if (!header) {
      header = headerOf(record);
      lines.push(record.map(csvCell).join(','));
      continue;
    }
    const trim = overlong[lineOfItem(index)] !== undefined;
    index += 1;
    const cells = header.map((_, i) => record[i] ?? '');
    lines.push(cells.map((cell) => csvCell(trim && cell.length > MAX_CELL_CHARS ? '' : cell)).join(','));
  }
  const itemsKey = `${TRIMMED_PLACEMENTS_PREFIX}${key}`;
  await deps.files.putText(itemsKey, `${lines.join('\r\n')}\r\n`, 'text/csv');
  return itemsKey;
}
