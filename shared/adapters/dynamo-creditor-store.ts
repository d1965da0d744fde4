// CreditorStore on DynamoDB: the profile in force, every accepted version of it, the list of creditors, and which
// creditor owns each SMS origination number.
//
// Versions without transactions (dynalite has none): version n+1 is first written as its own immutable item (a
// conditional put on its number), then made the one in force by a put conditional on the version in force still being
// n. A writer that finds number n+1 taken rolls that version forward before trying again, so a crash between the two
// puts leaves nothing half-applied for long, and two uploads at once each get their own number.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreditorProfile } from '../creditors/profile.ts';
import {
  OriginationNumberTakenError,
  operatorAcceptance,
  type AcceptProfileResult,
  type ProfileAcceptance,
  type ProfileVersion,
} from '../creditors/profile-versions.ts';
import type { CreditorStore } from '../ports.ts';
import { keys } from './dynamo-keys.ts';
import { queryAll } from './dynamo-query.ts';

/** Enough for uploads racing each other; more means something is wrong. */
const MAX_ACCEPT_ATTEMPTS = 5;

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

  async getProfileVersion(creditorId: string, version: number): Promise<ProfileVersion | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.profileVersion(creditorId, version), ConsistentRead: true }),
    );
    return Item ? versionOf(Item) : undefined;
  }

  async acceptProfile(profile: CreditorProfile, acceptance: ProfileAcceptance): Promise<AcceptProfileResult> {
    const { creditorId } = profile;
    for (let attempt = 0; attempt < MAX_ACCEPT_ATTEMPTS; attempt += 1) {
      const { Item: current } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.profile(creditorId), ConsistentRead: true }),
      );
      const inForce = typeof current?.version === 'number' ? current.version : 0;
      if (current?.contentHash === acceptance.contentHash) return { status: 'unchanged', version: inForce };
      // The number is claimed before any version that uses it is written: a version item never names a number its
      // creditor does not hold.
      if (profile.smsOriginationNumber && !(await this.claimOrigination(profile.smsOriginationNumber, creditorId))) {
        throw new OriginationNumberTakenError(creditorId);
      }
      const mine: ProfileVersion = { ...acceptance, version: inForce + 1, profile };
      const candidate = (await this.putVersion(mine)) ? mine : await this.getProfileVersion(creditorId, inForce + 1);
      if (!candidate) continue;
      const number = candidate.profile.smsOriginationNumber;
      if (number && !(await this.claimOrigination(number, creditorId))) throw new OriginationNumberTakenError(creditorId);
      if (!(await this.makeCurrent(candidate, inForce))) continue;
      await this.putCreditorEntry(creditorId);
      if (candidate.contentHash === acceptance.contentHash) return { status: 'accepted', version: candidate.version };
    }
    throw new Error(`Could not accept a profile for ${creditorId}: the version in force kept changing`);
  }

  async putProfile(profile: CreditorProfile): Promise<void> {
    await this.acceptProfile(profile, operatorAcceptance(profile));
  }

  async listCreditors(): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.creditorsPartition },
    });
    return items.map((item) => String(item.creditorId));
  }

  async findCreditorByOriginationNumber(number: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.origination(number) }));
    return Item?.creditorId as string | undefined;
  }

  private async putVersion(version: ProfileVersion): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.profileVersion(version.profile.creditorId, version.version), kind: 'profile-version', ...version },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async makeCurrent(version: ProfileVersion, inForce: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.profile(version.profile.creditorId), kind: 'profile', ...version },
          // A profile put before versions existed has no version number: it counts as version 0.
          ConditionExpression: inForce === 0 ? 'attribute_not_exists(#version)' : '#version = :inForce',
          ExpressionAttributeNames: { '#version': 'version' },
          ...(inForce === 0 ? {} : { ExpressionAttributeValues: { ':inForce': inForce } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The registry the daily reports list creditors from; writing it again is harmless. */
  private async putCreditorEntry(creditorId: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.creditorEntry(creditorId), kind: 'creditor', creditorId } }),
    );
  }

  /** Claims the number for the creditor unless another creditor holds it: false when one does. */
  private async claimOrigination(number: string, creditorId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.origination(number), kind: 'origination', creditorId },
          ConditionExpression: 'attribute_not_exists(pk) OR creditorId = :creditorId',
          ExpressionAttributeValues: { ':creditorId': creditorId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function versionOf(item: Record<string, unknown>): ProfileVersion {
  const { version, acceptedAt, source, contentHash, profile } = item as unknown as ProfileVersion;
  return { version, acceptedAt, source, contentHash, profile };
}
