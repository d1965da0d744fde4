// Handoff approval: ask the creditor (an approval request in its outbox), then wait for its instruction or the timeout.
import { eventFromDraft } from '../accounts/events.ts';
import { formatMoney } from '../money.ts';
import type { AccountStore, FileStore, WorkflowPort } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';
import { loadAccount } from './load-account.ts';
import { parkOrWake } from './record-event.ts';

export interface RequestHandoffDeps {
  store: AccountStore;
  workflow: WorkflowPort;
  files: FileStore;
}

export async function requestHandoffApproval(
  deps: RequestHandoffDeps,
  input: { accountId: string; token: string },
  now: Date,
): Promise<{ callback: 'parked' | 'woken' }> {
  const { record, state, version } = await loadAccount(deps.store, input.accountId);
  let seen = version;
  if (state.handoff === 'none') {
    const result = await deps.store.appendEvent(
      eventFromDraft(input.accountId, now, { type: 'handoff-requested', key: 'handoff-requested' }),
    );
    if (result.status === 'recorded' && result.seq === version + 1) seen = result.seq;
    // The creditor answers with an approve-handoff or decline-handoff row in an instruction file.
    await deps.files.putText(
      `creditors/${record.creditorId}/outbox/handoff-requests/${input.accountId}.csv`,
      toCsv(
        ['account_ref', 'balance', 'currency', 'requested_at', 'answer_with'],
        [
          [
            record.accountRef,
            formatMoney(state.balanceMinor, record.currency),
            record.currency,
            now.toISOString(),
            'approve-handoff | decline-handoff',
          ],
        ],
      ),
      'text/csv',
    );
  }
  return { callback: await parkOrWake(deps, input.accountId, input.token, seen) };
}
