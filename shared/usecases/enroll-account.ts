// Enrolment, done by the first Plan of every Lifecycle execution: the placement as the account's first event, then the
// strategy variant the account will follow (deterministic, so a retried plan records the same facts once).
import type { AccountRecord } from '../accounts/account.ts';
import { eventFromDraft } from '../accounts/events.ts';
import { currencyExponent } from '../money.ts';
import type { AccountStore, CreditorStore } from '../ports.ts';
import { assignVariant, type SegmentFacts } from '../strategy/segments.ts';
import { AccountNotFoundError, requireProfile } from './load-account.ts';

const DAY = 86_400_000;

export interface EnrollDeps {
  store: AccountStore;
  creditors: CreditorStore;
}

export async function enrollAccount(
  deps: EnrollDeps,
  accountId: string,
  now: Date,
): Promise<{ enrolled: boolean; segment: string; variant: string }> {
  const record = await deps.store.getAccount(accountId);
  if (!record) throw new AccountNotFoundError(accountId);
  const profile = await requireProfile(deps.creditors, record.creditorId);
  const result = await deps.store.appendEvent(
    eventFromDraft(accountId, now, {
      type: 'placed',
      balanceMinor: record.balanceMinor,
      currency: record.currency,
      creditorId: record.creditorId,
      key: 'placed',
    }),
  );
  const assignment = assignVariant(profile, segmentFactsOf(record));
  await deps.store.appendEvent(eventFromDraft(accountId, now, { type: 'variant-assigned', ...assignment, key: 'variant-assigned' }));
  return { enrolled: result.status === 'recorded', ...assignment };
}

/** The account as the segment rules see it: as placed, so the answer never changes. */
export function segmentFactsOf(record: AccountRecord): SegmentFacts {
  return {
    accountId: record.accountId,
    balance: record.balanceMinor / 10 ** currencyExponent(record.currency),
    daysDelinquent: Math.max(0, Math.floor((Date.parse(record.placedAt) - Date.parse(`${record.delinquencyDate}T00:00:00Z`)) / DAY)),
    ...(record.debtor.customerTier ? { customerTier: record.debtor.customerTier } : {}),
    ...(record.debtor.language ? { language: record.debtor.language } : {}),
  };
}
