// `tactful review-queue`: the replies the rules could not read, waiting for a person, oldest first. The same query
// (pk = REVIEW#{creditorId}) as the platform's own store, against any DynamoDB endpoint: the deployed table, or an
// offline one (AWS_ENDPOINT_URL_DYNAMODB).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import type { AccountStore } from '../../shared/ports.ts';

export interface ReviewQueueOptions {
  creditor: string;
  table: string;
}

/** One JSON line per waiting reply, then the count on stderr. */
export async function listReviewQueue(
  store: Pick<AccountStore, 'listForReview'>,
  creditorId: string,
  write: (line: string) => void,
  note: (line: string) => void,
): Promise<number> {
  const items = await store.listForReview(creditorId);
  for (const item of items) write(JSON.stringify(item));
  note(`${items.length} ${items.length === 1 ? 'reply waits' : 'replies wait'} for review (creditor ${creditorId})`);
  return 0;
}

export async function runReviewQueue(
  options: ReviewQueueOptions,
  write: (line: string) => void,
  note: (line: string) => void,
): Promise<number> {
  const client = new DynamoDBClient({});
  try {
    const store = new DynamoAccountStore(DynamoDBDocumentClient.from(client), options.table);
    return await listReviewQueue(store, options.creditor, write, note);
  } finally {
    client.destroy();
  }
}
