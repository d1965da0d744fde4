// CreditorStore on DynamoDB: the accepted profile, the list of creditors, and which creditor owns each SMS origination
// number.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreditorProfile } from '../creditors/profile.ts';
import type { CreditorStore } from '../ports.ts';
import { keys } from './dynamo-keys.ts';

export class DynamoCreditorStore implements CreditorStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async getProfile(creditorId: string): Promise<CreditorProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.profile(creditorId) }));
    return Item?.profile as CreditorProfile | undefined;
  }

  async putProfile(profile: CreditorProfile): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.profile(profile.creditorId), kind: 'profile', profile } }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.creditorEntry(profile.creditorId), kind: 'creditor', creditorId: profile.creditorId },
      }),
    );
    if (profile.smsOriginationNumber) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.origination(profile.smsOriginationNumber), kind: 'origination', creditorId: profile.creditorId },
        }),
      );
    }
  }

  async listCreditors(): Promise<string[]> {
    const creditorIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.creditorsPartition },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) creditorIds.push(String(item.creditorId));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return creditorIds;
  }

  async findCreditorByOriginationNumber(number: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.origination(number) }));
    return Item?.creditorId as string | undefined;
  }
}
