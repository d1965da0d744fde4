// The embedded DynamoDB-compatible store: dynalite in-process (in memory, or on disk under `path`), with the table from
// the template.
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { immediateRetries } from './immediate-retries.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  /** Another client of the store, with a middleware stack of its own (closed with the store). */
  connect(): DynamoDBClient;
  close(): Promise<void>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalDynamoOptions {
  path?: string;
  /**
   * Delays every answer by a random 0–N ms of real time, as a slower store (DynamoDB Local, a network) would: what
   * the platform does must not change with it (the replay test runs with it on).
   */
  latencyMs?: number;
}

/** Captured before the virtual clock fakes setTimeout: the store's latency is real time. */
const realSetTimeout = globalThis.setTimeout;

export async function startLocalDynamo(tables: CreateTableCommandInput[], options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients = [localDynamoClient(endpoint, options.latencyMs ?? 0)];
  const client = clients[0]!;
  for (const table of tables) {
    await client.send(new CreateTableCommand(table));
    await untilActive(client, table.TableName!);
  }
  return {
    endpoint,
    client,
    documents: documentClient(client),
    connect() {
      const another = localDynamoClient(endpoint, options.latencyMs ?? 0);
      clients.push(another);
      return another;
    },
    async close() {
      for (const each of clients) each.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The items of the table as the adapters read and write them. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** A client of the local store, retrying at once rather than sleeping on the virtual clock. */
function localDynamoClient(endpoint: string, latencyMs = 0): DynamoDBClient {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, retryStrategy: immediateRetries });
  if (latencyMs > 0) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const response = await next(args);
        await new Promise((resolve) => realSetTimeout(resolve, Math.random() * latencyMs));
        return response;
      },
      { step: 'deserialize', name: 'localStoreLatency' },
    );
  }
  return client;
}

/** dynalite answers CreateTable while the table is still CREATING, and refuses items until it is ACTIVE. */
async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  while ((await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}
