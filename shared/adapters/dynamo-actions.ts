// The DynamoDB actions each store method of the adapters (dynamo-account-store.ts, dynamo-creditor-store.ts) sends:
// infra grants a function the actions of the methods its use case calls, and nothing else (no Scan, no DeleteItem).
import type { AccountStore, CreditorStore } from '../ports.ts';

export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'BatchWriteItem';

export type StoreMethod = keyof AccountStore | keyof CreditorStore;

/** Conditional writes need no more than the write itself: no transactions, so no ConditionCheckItem. */
export const TABLE_ACTIONS_BY_METHOD: Readonly<Record<StoreMethod, readonly TableAction[]>> = {
  createAccounts: ['BatchGetItem', 'BatchWriteItem'],
  getAccount: ['GetItem'],
  loadHistory: ['GetItem', 'Query'],
  readAccount: ['Query'],
  appendEvent: ['PutItem', 'GetItem', 'UpdateItem'],
  parkTaskToken: ['UpdateItem'],
  queueForReview: ['PutItem'],
  listForReview: ['Query'],
  listCreditorAccounts: ['Query'],
  findAccountsByContact: ['Query'],
  putPaymentRoute: ['PutItem'],
  findPaymentRoute: ['GetItem'],
  getProfile: ['GetItem'],
  acceptProfile: ['GetItem', 'PutItem'],
  getProfileVersion: ['GetItem'],
  putProfile: ['GetItem', 'PutItem'],
  listCreditors: ['Query'],
  findCreditorByOriginationNumber: ['GetItem'],
};

/** The methods that query the ByCreditor index rather than the table. */
export const BY_CREDITOR_INDEX_METHODS: ReadonlySet<StoreMethod> = new Set(['listCreditorAccounts']);

export const TABLE_WRITE_ACTIONS: ReadonlySet<TableAction> = new Set(['PutItem', 'UpdateItem', 'BatchWriteItem']);

/** The actions `methods` send, each once, sorted. */
export function tableActionsOf(methods: readonly StoreMethod[]): TableAction[] {
  return [...new Set(methods.flatMap((method) => TABLE_ACTIONS_BY_METHOD[method]))].sort();
}
