// Loads an account (folded) and its creditor's profile, failing clearly when either does not exist.
import { foldAccount, type AccountState } from '../accounts/fold.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import type { AccountHistory, AccountStore, CreditorStore } from '../ports.ts';
import { PermanentError } from '../errors.ts';

export class AccountNotFoundError extends PermanentError {
  constructor(accountId: string) {
    super(`Account ${accountId} does not exist`);
    this.name = 'AccountNotFoundError';
  }
}

export async function loadAccount(store: AccountStore, accountId: string): Promise<AccountHistory & { state: AccountState }> {
  const history = await store.loadHistory(accountId);
  if (!history) throw new AccountNotFoundError(accountId);
  return { ...history, state: foldAccount(accountId, history.events) };
}

export class CreditorProfileMissingError extends PermanentError {
  constructor(creditorId: string) {
    super(`Creditor ${creditorId} has no accepted profile`);
    this.name = 'CreditorProfileMissingError';
  }
}

export async function requireProfile(creditors: CreditorStore, creditorId: string): Promise<CreditorProfile> {
  const profile = await creditors.getProfile(creditorId);
  if (!profile) throw new CreditorProfileMissingError(creditorId);
  return profile;
}
