// Offline stand-in for SES domain identities (the embedded SES endpoint has none): an identity starts pending and is
// verified once `verifyAfterMs` of virtual time has passed since it was created, as if the creditor had published
// its DKIM records by then. 0 verifies it at once. Tokens are derived from the domain, so runs repeat.
import { createHash } from 'node:crypto';
import type { DomainIdentity, SendingIdentities } from '../shared/ports.ts';

export class LocalSendingIdentities implements SendingIdentities {
  private readonly identities = new Map<string, { createdAt: number; tags: Record<string, string> }>();
  private readonly verifyAfterMs: number;
  /** GetEmailIdentity calls, for tests that check Send asks SES rarely. */
  statusReads = 0;

  constructor(verifyAfterMs: number) {
    this.verifyAfterMs = verifyAfterMs;
  }

  async createDomainIdentity(domain: string, tags: Record<string, string>): Promise<DomainIdentity> {
    if (!this.identities.has(domain)) this.identities.set(domain, { createdAt: Date.now(), tags: { ...tags } });
    return this.read(domain)!;
  }

  async getIdentityStatus(domain: string): Promise<DomainIdentity | undefined> {
    this.statusReads += 1;
    return this.read(domain);
  }

  private read(domain: string): DomainIdentity | undefined {
    const identity = this.identities.get(domain);
    if (!identity) return undefined;
    const verified = Date.now() >= identity.createdAt + this.verifyAfterMs;
    const dkimTokens = [1, 2, 3].map((n) => createHash('sha256').update(`${domain}:${n}`).digest('hex').slice(0, 32));
    return { domain, status: verified ? 'verified' : 'pending', dkimTokens, tags: { ...identity.tags } };
  }
}
