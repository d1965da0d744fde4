// Ingest: one batch of placement rows from the Distributed Map. Valid rows become accounts and Lifecycle executions;
// invalid rows are rejected with their line and reason. Re-delivered batches create nothing twice.
import { accountIdFor, type AccountRecord } from '../accounts/account.ts';
import { candidateTimeZones } from '../compliance/contact-hours.ts';
import { parseInboxKey } from '../creditors/inbox.ts';
import { lineOfItem } from '../placements/csv.ts';
import { validatePlacementRow, type PlacementRow, type RowRejection } from '../placements/validate-row.ts';
import { overlongCellReason, repeatedRefReason } from '../placements/validate-file.ts';
import type { AccountStore, CreditorStore, WorkflowPort } from '../ports.ts';

export interface IngestDeps {
  store: AccountStore;
  creditors: CreditorStore;
  workflow: WorkflowPort;
}

export interface PlacementItem {
  /** Zero-based index of the row in the file (from $$.Map.Item.Index). */
  index: number;
  row: Record<string, string>;
}

export interface BatchResult {
  accepted: number;
  alreadyPlaced: number;
  rejected: RowRejection[];
}

export async function ingestPlacementBatch(
  deps: IngestDeps,
  input: {
    key: string;
    items: PlacementItem[];
    repeats: Readonly<Record<string, number>>;
    /** Line → the column of its over-long cell, from CheckFile: the Map read the row with that cell blanked. */
    overlong: Readonly<Record<string, string>>;
  },
  now: Date,
): Promise<BatchResult> {
  const { creditorId } = parseInboxKey(input.key);
  const result: BatchResult = { accepted: 0, alreadyPlaced: 0, rejected: [] };
  if (!(await deps.creditors.getProfile(creditorId))) {
    for (const item of input.items) {
      result.rejected.push({ line: lineOfItem(item.index), field: '(file)', reason: `creditor "${creditorId}" has no accepted profile` });
    }
    return result;
  }
  // Rows are checked in file order, then written together. The batches of a file run in parallel, so a reference
  // repeated in another batch is known from CheckFile's repeats; lineOfRef also guards this batch on its own.
  const lineOfRef = new Map<string, number>();
  const placing: AccountRecord[] = [];
  for (const item of input.items) {
    const line = lineOfItem(item.index);
    const overlong = input.overlong[line];
    if (overlong !== undefined) {
      result.rejected.push({ line, field: overlong, reason: overlongCellReason });
      continue;
    }
    const checked = validatePlacementRow(item.row, line, now);
    if (!checked.ok) {
      result.rejected.push(...checked.rejections);
      continue;
    }
    const first = input.repeats[line] ?? lineOfRef.get(checked.row.accountRef);
    if (first !== undefined) {
      result.rejected.push({ line, field: 'account_ref', reason: repeatedRefReason(first) });
      continue;
    }
    lineOfRef.set(checked.row.accountRef, line);
    placing.push(accountRecordOf(creditorId, checked.row, { key: input.key, line }, now));
  }
  const outcomes = await deps.store.createAccounts(placing);
  for (const [i, record] of placing.entries()) {
    // A retried batch, or a file uploaded again: the account exists and keeps its first placement.
    if (outcomes[i] === 'created') result.accepted += 1;
    else result.alreadyPlaced += 1;
    // Also after 'exists': a crash between the put and the start must not leave an account without its workflow.
    // One at a time: StartExecution is the throttled call (see workflows/ingest.ts, INGEST_MAX_CONCURRENCY).
    await deps.workflow.startLifecycle(record.accountId);
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

export function accountRecordOf(creditorId: string, row: PlacementRow, source: { key: string; line: number }, now: Date): AccountRecord {
  const address = row.address;
  return {
    accountId: accountIdFor(creditorId, row.accountRef),
    creditorId,
    accountRef: row.accountRef,
    debtor: {
      name: row.debtorName,
      ...(row.email ? { email: row.email } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
      ...(address ? { address } : {}),
      ...(row.language ? { language: row.language } : {}),
      ...(row.customerTier ? { customerTier: row.customerTier } : {}),
    },
    balanceMinor: row.balanceMinor,
    currency: row.currency,
    delinquencyDate: row.delinquencyDate,
    ...(row.itemization ? { itemization: row.itemization } : {}),
    timeZones: candidateTimeZones({
      ...(address?.state ? { state: address.state } : {}),
      ...(address?.zip ? { zip: address.zip } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
    }),
    placedAt: now.toISOString(),
    sourceKey: source.key,
    sourceLine: source.line,
    attributes: row.attributes,
  };
}
