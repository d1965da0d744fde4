// Resolve: the account's outcome becomes a fact. Recording it twice is harmless.
import { eventFromDraft, OUTCOMES, type Outcome } from '../accounts/events.ts';
import type { AccountStore } from '../ports.ts';

export async function resolveAccount(
  store: AccountStore,
  input: { accountId: string; outcome: Outcome },
  now: Date,
): Promise<{ outcome: Outcome }> {
  if (!OUTCOMES.includes(input.outcome)) throw new Error(`Unknown outcome "${input.outcome}"`);
  await store.appendEvent(eventFromDraft(input.accountId, now, { type: 'resolved', outcome: input.outcome, key: 'resolved' }));
  return { outcome: input.outcome };
}
