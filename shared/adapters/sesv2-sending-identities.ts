// SendingIdentities on SES v2: CreateEmailIdentity with Easy DKIM (no DkimSigningAttributes) and tags, and
// GetEmailIdentity. Creating is idempotent: an identity that exists (AlreadyExistsException) is read as it is, tags
// included, so the caller sees whose it is.
import {
  AlreadyExistsException,
  CreateEmailIdentityCommand,
  GetEmailIdentityCommand,
  NotFoundException,
  type DkimAttributes,
  type SESv2Client,
  type Tag,
} from '@aws-sdk/client-sesv2';
import type { DomainIdentity, IdentityStatus, SendingIdentities } from '../ports.ts';

export class SesV2SendingIdentities implements SendingIdentities {
  private readonly ses: SESv2Client;

  constructor(ses: SESv2Client) {
    this.ses = ses;
  }

  async createDomainIdentity(domain: string, tags: Record<string, string>): Promise<DomainIdentity> {
    try {
      const created = await this.ses.send(
        new CreateEmailIdentityCommand({
          EmailIdentity: domain,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      return {
        domain,
        status: statusOf(created.VerifiedForSendingStatus, created.DkimAttributes),
        dkimTokens: tokensOf(created.DkimAttributes),
        tags,
      };
    } catch (error) {
      if (!(error instanceof AlreadyExistsException)) throw error;
      const existing = await this.getIdentityStatus(domain);
      // Deleted between the two calls: the caller's retry creates it.
      if (!existing) throw new Error(`The SES identity ${domain} existed, then did not`);
      return existing;
    }
  }

  async getIdentityStatus(domain: string): Promise<DomainIdentity | undefined> {
    try {
      const found = await this.ses.send(new GetEmailIdentityCommand({ EmailIdentity: domain }));
      return {
        domain,
        status: statusOf(found.VerifiedForSendingStatus, found.DkimAttributes),
        dkimTokens: tokensOf(found.DkimAttributes),
        tags: tagsOf(found.Tags),
      };
    } catch (error) {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
  }
}

function statusOf(verified: boolean | undefined, dkim: DkimAttributes | undefined): IdentityStatus {
  if (verified) return 'verified';
  return dkim?.Status === 'FAILED' ? 'failed' : 'pending';
}

function tokensOf(dkim: DkimAttributes | undefined): string[] {
  return dkim?.Tokens ?? [];
}

function tagsOf(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}
