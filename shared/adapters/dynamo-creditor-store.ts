// CreditorStore on DynamoDB: the accepted profile, and which creditor owns each SMS origination number.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
    if (profile.smsOriginationNumber) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.origination(profile.smsOriginationNumber), kind: 'origination', creditorId: profile.creditorId },
        }),
      );
    }
  }

  async findCreditorByOriginationNumber(number: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.origination(number) }));
    return Item?.creditorId as string | undefined;
  }
}
