// Creditor instruction files: each row becomes an event on its account, which wakes the account's workflow.
import { accountIdFor } from '../accounts/account.ts';
import { eventFromDraft, type EventDraft } from '../accounts/events.ts';
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import { CsvFormatError, parseCsv, type CsvFile } from '../placements/csv.ts';
import { parseDecimalToMinor, type RowRejection } from '../placements/schema.ts';
import type { FileStore } from '../ports.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

export const INSTRUCTION_ACTIONS = ['payment', 'approve-handoff', 'decline-handoff'] as const;
type InstructionAction = (typeof INSTRUCTION_ACTIONS)[number];

export interface InstructionDeps extends RecordEventDeps {
  files: FileStore;
}

export interface InstructionResult {
  file: string;
  applied: number;
  duplicates: number;
  rejected: RowRejection[];
}

export async function applyInstructionFile(deps: InstructionDeps, key: string, now: Date): Promise<InstructionResult> {
  const { creditorId, fileName } = parseInboxKey(key);
  const result: InstructionResult = { file: fileName, applied: 0, duplicates: 0, rejected: [] };
  const csv = await readInstructionFile(deps.files, key);
  if ('reason' in csv) result.rejected.push({ line: 0, field: '(file)', reason: csv.reason });
  for (const { line, values } of 'records' in csv ? csv.records : []) {
    const accountRef = values.account_ref?.trim();
    const action = values.action?.trim().toLowerCase() as InstructionAction;
    if (!INSTRUCTION_ACTIONS.includes(action)) {
      result.rejected.push({ line, field: 'action', reason: `must be one of ${INSTRUCTION_ACTIONS.join(', ')}` });
      continue;
    }
    if (!accountRef) {
      result.rejected.push({ line, field: 'account_ref', reason: 'required' });
      continue;
    }
    const accountId = accountIdFor(creditorId, accountRef);
    const record = await deps.store.getAccount(accountId);
    if (!record) {
      result.rejected.push({ line, field: 'account_ref', reason: 'no such account placed by this creditor' });
      continue;
    }
    const draft = instructionDraft(action, values, record.currency);
    if ('field' in draft) {
      result.rejected.push({ line, ...draft });
      continue;
    }
    const outcome = await recordEvent(deps, eventFromDraft(accountId, now, draft));
    if (outcome === 'recorded') result.applied += 1;
    else result.duplicates += 1;
  }
  await deps.files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.ack.json`),
    `${JSON.stringify({ ...result, acknowledgedAt: now.toISOString() }, null, 2)}\n`,
    'application/json',
  );
  return result;
}

/** The whole file is rejected, with a reason the creditor can act on, when it is not readable UTF-8 CSV. */
async function readInstructionFile(files: FileStore, key: string): Promise<CsvFile | { reason: string }> {
  let text: string;
  try {
    text = await files.getText(key);
  } catch (error) {
    if (error instanceof TypeError) return { reason: 'the file is not valid UTF-8' };
    throw error;
  }
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return { reason: error.message };
    throw error;
  }
}

function instructionDraft(
  action: InstructionAction,
  values: Record<string, string>,
  currency: string,
): EventDraft | { field: string; reason: string } {
  switch (action) {
    case 'payment': {
      const reference = values.reference?.trim();
      if (!reference) return { field: 'reference', reason: 'required for a payment (it makes re-sent files safe)' };
      let amountMinor: number;
      try {
        amountMinor = parseDecimalToMinor(values.amount?.trim() ?? '', currency);
      } catch (error) {
        return { field: 'amount', reason: (error as Error).message };
      }
      if (amountMinor <= 0) return { field: 'amount', reason: 'must be greater than zero' };
      return { type: 'payment-received', amountMinor, source: 'creditor', reference, key: `payment:${reference}` };
    }
    case 'approve-handoff':
      return { type: 'handoff-approved', by: 'creditor', key: 'handoff-decision' };
    case 'decline-handoff':
      return { type: 'handoff-declined', by: 'creditor', key: 'handoff-decision' };
  }
}
