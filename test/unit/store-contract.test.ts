// One contract, two stores: the DynamoDB adapters on the embedded DynamoDB (as the Lambdas run them) and the
// in-memory stores big simulations use.
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../../shared/adapters/dynamo-creditor-store.ts';
import { startLocalDynamo } from '../../local/dynamo.ts';
import { MemoryAccountStore, MemoryCreditorStore } from '../../local/memory-stores.ts';
import { accountStoreContract, creditorStoreContract, storeTable } from '../support/store-contract.ts';

const onDynamo = async <T>(build: (dynamo: Awaited<ReturnType<typeof startLocalDynamo>>) => T) => {
  const dynamo = await startLocalDynamo([storeTable('table')]);
  return { store: build(dynamo), close: () => dynamo.close() };
};
const inMemory = async <T>(store: T) => ({ store, close: async () => {} });

accountStoreContract('DynamoAccountStore on the embedded DynamoDB', () =>
  onDynamo((dynamo) => new DynamoAccountStore(dynamo.documents, 'table')),
);
accountStoreContract('MemoryAccountStore', () => inMemory(new MemoryAccountStore()));
creditorStoreContract('DynamoCreditorStore on the embedded DynamoDB', () =>
  onDynamo((dynamo) => new DynamoCreditorStore(dynamo.documents, 'table')),
);
creditorStoreContract('MemoryCreditorStore', () => inMemory(new MemoryCreditorStore()));
