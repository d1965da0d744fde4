// A creditor's own sending domain: the SES domain identity (Easy DKIM) that accepting its profile creates, the DNS
// records the creditor publishes, and who its email is from meanwhile. Until the domain verifies, mail goes from the
// agency's mail domain under the creditor's display name (creditorId@agency domain); replies still route, as the
// Reply-To is the touch's own keyed reply address whatever the From.
import type { DomainIdentity, SendingIdentities } from '../ports.ts';
import type { CreditorProfile } from './profile.ts';

/** Tags on every identity the stack creates: Send's IAM may send only from identities tagged with its stack. */
export const IDENTITY_TAG = { stack: 'tactful:stack', creditor: 'tactful:creditor' } as const;

export interface DnsRecord {
  type: 'CNAME';
  name: string;
  value: string;
}

/** Easy DKIM: one CNAME per token, `{token}._domainkey.{domain}` → `{token}.dkim.amazonses.com`. */
export function dkimRecords(identity: Pick<DomainIdentity, 'domain' | 'dkimTokens'>): DnsRecord[] {
  return identity.dkimTokens.map((token) => ({
    type: 'CNAME',
    name: `${token}._domainkey.${identity.domain}`,
    value: `${token}.dkim.amazonses.com`,
  }));
}

export function identityTags(stack: string, creditorId: string): Record<string, string> {
  return { [IDENTITY_TAG.stack]: stack, [IDENTITY_TAG.creditor]: creditorId };
}

/** The creditor whose identity this is, if this stack made it for one (its tags say so); else undefined. */
export function identityOwner(identity: DomainIdentity, stack: string): string | undefined {
  return identity.tags[IDENTITY_TAG.stack] === stack ? identity.tags[IDENTITY_TAG.creditor] : undefined;
}

/** The address a creditor's mail goes from while it has no verified domain of its own. */
export function agencyFromAddress(creditorId: string, agencyMailDomain: string): string {
  return `${creditorId}@${agencyMailDomain}`;
}

export interface CreditorSendersOptions {
  identities: SendingIdentities;
  /** The agency's verified mail domain (the domain of the deploy setting senderEmail). */
  agencyMailDomain: string;
  /** The stack whose tag marks the identities it manages. */
  stack: string;
}

/** SES is asked again after this long while a domain is pending, and after this long once it is verified. */
export const IDENTITY_STATUS_TTL_MS = { pending: 15 * 60_000, verified: 6 * 60 * 60_000 } as const;

/**
 * Who a creditor's first-party email is from. The identity's status is cached per domain for a short while, so Send
 * asks SES at most once a quarter hour per domain while it is pending (and rarely once it is verified), not per send.
 */
export class CreditorSenders {
  private readonly options: CreditorSendersOptions;
  private readonly cache = new Map<string, { usable: boolean; until: number }>();

  constructor(options: CreditorSendersOptions) {
    this.options = options;
  }

  async fromFor(profile: CreditorProfile, now: Date): Promise<{ fromName: string; fromAddress: string }> {
    const domain = profile.brand.sendingDomain;
    const own = domain !== undefined && (await this.usable(domain, profile.creditorId, now));
    return {
      fromName: profile.brand.senderName,
      fromAddress: own ? profile.brand.senderEmail : agencyFromAddress(profile.creditorId, this.options.agencyMailDomain),
    };
  }

  /** Verified, made by this stack, and for this creditor: only then may Send (and its IAM) use it. */
  private async usable(domain: string, creditorId: string, now: Date): Promise<boolean> {
    const key = `${creditorId}/${domain}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now.getTime()) return cached.usable;
    const identity = await this.options.identities.getIdentityStatus(domain);
    const usable = identity?.status === 'verified' && identityOwner(identity, this.options.stack) === creditorId;
    this.cache.set(key, { usable, until: now.getTime() + IDENTITY_STATUS_TTL_MS[usable ? 'verified' : 'pending'] });
    return usable;
  }
}
