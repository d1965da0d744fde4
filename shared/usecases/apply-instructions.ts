// Creditor instruction files: each row becomes an event on its account, which wakes the account's workflow.
import { accountIdFor } from '../accounts/account.ts';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../accounts/events.ts';
import { activePlan, foldAccount } from '../accounts/fold.ts';
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import {
  CsvFormatError,
  decodeUtf8Strictly,
  FileTooLargeError,
  limitedTo,
  NotUtf8Error,
  parseCsv,
  type CsvFile,
} from '../placements/csv.ts';
import { MAX_INSTRUCTION_FILE_BYTES } from '../limits.ts';
import { MAX_AMOUNT_MINOR, parseDecimalToMinor } from '../money.ts';
import type { RowRejection } from '../placements/validate-row.ts';
import type { FileStore } from '../ports.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

export const INSTRUCTION_ACTIONS = [
  'payment',
  'balance-adjustment',
  'approve-handoff',
  'decline-handoff',
  'dispute-verified',
  'dispute-withdrawn',
  'review-cleared',
  'recall',
  'bankruptcy',
  'attorney',
  'deceased',
] as const;
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
    if (!('field' in draft) && draft.type === 'dispute-resolved')
      draft.key = `dispute-resolution:${await eventsSoFar(deps, accountId, (e) => e.type === 'reply-received' && e.intent === 'dispute')}`;
    if (!('field' in draft) && draft.type === 'review-cleared')
      draft.key = `review-cleared:${await eventsSoFar(deps, accountId, (e) => e.type === 'review-hold')}`;
    if ('field' in draft) {
      result.rejected.push({ line, ...draft });
      continue;
    }
    if (draft.type === 'recalled' && !draft.forced && (await hasActivePlan(deps, accountId))) {
      result.rejected.push({ line, field: 'force', reason: 'the account has an active payment plan; send force=true to recall it anyway' });
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

/**
 * How many of the account's events `counts`: a dispute resolution answers the latest dispute, and a review clearing
 * the latest hold, so a second dispute or hold gets its own answer.
 */
async function eventsSoFar(deps: InstructionDeps, accountId: string, counts: (event: AccountEvent) => boolean): Promise<number> {
  const history = await deps.store.loadHistory(accountId);
  return (history?.events ?? []).filter(counts).length;
}

/** A debtor keeping to a plan is not taken out of it by accident: only a forced recall ends it. */
async function hasActivePlan(deps: InstructionDeps, accountId: string): Promise<boolean> {
  const history = await deps.store.loadHistory(accountId);
  return history !== undefined && activePlan(foldAccount(accountId, history.events)) !== undefined;
}

/** The whole file is rejected, with a reason the creditor can act on, when it is too large or not UTF-8 CSV. */
async function readInstructionFile(files: FileStore, key: string): Promise<CsvFile | { reason: string }> {
  let text = '';
  try {
    for await (const piece of decodeUtf8Strictly(limitedTo(MAX_INSTRUCTION_FILE_BYTES, files.streamBytes(key)))) text += piece;
    return parseCsv(text);
  } catch (error) {
    if (error instanceof NotUtf8Error || error instanceof FileTooLargeError || error instanceof CsvFormatError)
      return { reason: error.message };
    throw error;
  }
}

/** An amount with its reference: the reference makes a re-sent file safe. */
function amountOf(
  values: Record<string, string>,
  currency: string,
  sign: 'positive' | 'signed',
): { minor: number; reference: string } | { field: string; reason: string } {
  const reference = values.reference?.trim();
  if (!reference) return { field: 'reference', reason: 'required (it makes re-sent files safe)' };
  const raw = values.amount?.trim() ?? '';
  const negative = sign === 'signed' && raw.startsWith('-');
  let minor: number;
  try {
    minor = parseDecimalToMinor(negative ? raw.slice(1) : raw, currency);
  } catch (error) {
    return { field: 'amount', reason: (error as Error).message };
  }
  if (minor === 0) return { field: 'amount', reason: 'must not be zero' };
  if (minor > MAX_AMOUNT_MINOR) return { field: 'amount', reason: `is larger than ${MAX_AMOUNT_MINOR} minor units` };
  return { minor: negative ? -minor : minor, reference };
}

function instructionDraft(
  action: InstructionAction,
  values: Record<string, string>,
  currency: string,
): EventDraft | { field: string; reason: string } {
  switch (action) {
    case 'payment': {
      const amount = amountOf(values, currency, 'positive');
      if ('field' in amount) return amount;
      return {
        type: 'payment-received',
        amountMinor: amount.minor,
        source: 'creditor',
        reference: amount.reference,
        key: `payment:${amount.reference}`,
      };
    }
    case 'balance-adjustment': {
      const amount = amountOf(values, currency, 'signed');
      if ('field' in amount) return amount;
      return { type: 'balance-adjusted', amountMinor: amount.minor, reference: amount.reference, key: `adjustment:${amount.reference}` };
    }
    case 'dispute-verified':
    case 'dispute-withdrawn':
      // Keyed on the dispute it answers (set by the caller), so a re-sent file resolves it once.
      return { type: 'dispute-resolved', resolution: action === 'dispute-verified' ? 'verified' : 'withdrawn', key: 'dispute-resolution' };
    case 'review-cleared':
      // Keyed on the hold it clears (set by the caller): a later hold needs its own review.
      return { type: 'review-cleared', key: 'review-cleared' };
    case 'recall':
      return { type: 'recalled', forced: ['true', 'yes', '1'].includes((values.force ?? '').trim().toLowerCase()), key: 'recalled' };
    case 'bankruptcy':
    case 'attorney':
    case 'deceased':
      return { type: 'notice-received', notice: action, key: `notice:${action}` };
    case 'approve-handoff':
      return { type: 'handoff-approved', by: 'creditor', key: 'handoff-decision' };
    case 'decline-handoff':
      return { type: 'handoff-declined', by: 'creditor', key: 'handoff-decision' };
  }
}
