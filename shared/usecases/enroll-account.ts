// Enroll: the first step of every Lifecycle execution records the placement as the account's first event.
import { eventFromDraft } from '../accounts/events.ts';
import type { AccountStore } from '../ports.ts';
import { AccountNotFoundError } from './load-account.ts';

export async function enrollAccount(store: AccountStore, accountId: string, now: Date): Promise<{ enrolled: boolean }> {
  const record = await store.getAccount(accountId);
  if (!record) throw new AccountNotFoundError(accountId);
  const result = await store.appendEvent(
    eventFromDraft(accountId, now, {
      type: 'placed',
      balanceMinor: record.balanceMinor,
      currency: record.currency,
      creditorId: record.creditorId,
      key: 'placed',
    }),
  );
  return { enrolled: result.status === 'recorded' };
}
