// Ingest: one batch of placement rows from the Distributed Map. Valid rows become accounts and Lifecycle executions;
// invalid rows are rejected with their line and reason. Re-delivered batches create nothing twice.
import { accountIdFor, type AccountRecord } from '../accounts/account.ts';
import { candidateTimeZones } from '../compliance/contact-hours.ts';
import { parseInboxKey } from '../creditors/inbox.ts';
import { validatePlacementRow, type PlacementRow, type RowRejection } from '../placements/schema.ts';
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

/** The header is line 1; the Distributed Map's item index counts data rows from 0. */
export const lineOfItem = (index: number): number => index + 2;

export async function ingestPlacementBatch(
  deps: IngestDeps,
  input: { key: string; items: PlacementItem[] },
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
  // Rows are checked in file order (a reference repeated within the batch is rejected), then written together.
  const seenRefs = new Set<string>();
  const placing: Array<{ line: number; record: AccountRecord }> = [];
  for (const item of input.items) {
    const line = lineOfItem(item.index);
    const checked = validatePlacementRow(item.row, line, now);
    if (!checked.ok) {
      result.rejected.push(...checked.rejections);
      continue;
    }
    if (seenRefs.has(checked.row.accountRef)) {
      result.rejected.push({ line, field: 'account_ref', reason: 'appears more than once in this file' });
      continue;
    }
    seenRefs.add(checked.row.accountRef);
    placing.push({ line, record: accountRecordOf(creditorId, checked.row, { key: input.key, line }, now) });
  }
  const outcomes = await deps.store.createAccounts(placing.map((p) => p.record));
  for (const [i, { line, record }] of placing.entries()) {
    if (outcomes[i] === 'created') result.accepted += 1;
    else {
      // The batches of one file run in parallel: a reference repeated in another batch of the same file is
      // rejected here (the first line placed wins), while a retried batch finds its own line and moves on.
      const placed = await deps.store.getAccount(record.accountId);
      if (placed?.sourceKey === input.key && placed.sourceLine !== line) {
        result.rejected.push({ line, field: 'account_ref', reason: `appears more than once in this file (placed from line ${placed.sourceLine})` });
        continue;
      }
      result.alreadyPlaced += 1;
    }
    // Also after 'exists': a crash between the put and the start must not leave an account without its workflow.
    // One at a time: StartExecution is the throttled call (see workflows/ingest.ts, INGEST_MAX_CONCURRENCY).
    await deps.workflow.startLifecycle(record.accountId);
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

export function accountRecordOf(
  creditorId: string,
  row: PlacementRow,
  source: { key: string; line: number },
  now: Date,
): AccountRecord {
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
