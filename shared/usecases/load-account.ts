// Loads and folds an account, failing clearly when it does not exist.
import { foldAccount, type AccountState } from '../accounts/fold.ts';
import type { AccountHistory, AccountStore } from '../ports.ts';
import { PermanentError } from '../errors.ts';

export class AccountNotFoundError extends PermanentError {
  constructor(accountId: string) {
    super(`Account ${accountId} does not exist`);
    this.name = 'AccountNotFoundError';
  }
}

export async function loadAccount(
  store: AccountStore,
  accountId: string,
): Promise<AccountHistory & { state: AccountState }> {
  const history = await store.loadHistory(accountId);
  if (!history) throw new AccountNotFoundError(accountId);
  return { ...history, state: foldAccount(accountId, history.events) };
}
