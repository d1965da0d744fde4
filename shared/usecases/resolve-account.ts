// Resolve: the account's outcome becomes a fact. An account going back to the creditor also gets a row in the
// creditor's outbox saying which, why and for how much. Recording either twice is harmless. Then the Act task that
// called it resumes, and the workflow ends.
import { eventFromDraft, OUTCOMES, type Outcome } from '../accounts/events.ts';
import { outboxKey } from '../creditors/inbox.ts';
import { minorToDecimal } from '../money.ts';
import type { AccountStore, FileStore, WorkflowPort } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';
import { loadAccount } from './load-account.ts';

export interface ResolveDeps {
  store: AccountStore;
  files: FileStore;
  workflow: WorkflowPort;
}

export async function resolveAccount(
  deps: ResolveDeps,
  input: { accountId: string; outcome: Outcome; token: string },
  now: Date,
): Promise<{ outcome: Outcome }> {
  if (!OUTCOMES.includes(input.outcome)) throw new Error(`Unknown outcome "${input.outcome}"`);
  await deps.store.appendEvent(eventFromDraft(input.accountId, now, { type: 'resolved', outcome: input.outcome, key: 'resolved' }));
  if (input.outcome === 'returned-to-creditor') {
    const { record, state } = await loadAccount(deps.store, input.accountId);
    const reason = `handoff-declined-by-${state.handoffDeclinedBy ?? 'creditor'}`;
    await deps.files.putText(
      outboxKey(record.creditorId, 'returned', `${input.accountId}.csv`),
      toCsv(
        ['account_ref', 'balance', 'currency', 'collected', 'reason', 'returned_at'],
        [
          [
            record.accountRef,
            minorToDecimal(state.balanceMinor, record.currency),
            record.currency,
            minorToDecimal(state.collectedMinor, record.currency),
            reason,
            now.toISOString(),
          ],
        ],
      ),
      'text/csv',
    );
  }
  // A stale token (a retried Resolve whose first run resumed the task already) has nothing left to resume.
  await deps.workflow.resumeTask(input.token, { resolved: input.outcome });
  return { outcome: input.outcome };
}
