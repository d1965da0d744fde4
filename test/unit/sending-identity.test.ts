// Who a creditor's email is from, and how often Send asks SES: the status is cached per domain, shortly while the
// domain is pending, longer once verified; only an identity this stack made for this creditor is ever used.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CreditorSenders, dkimRecords, IDENTITY_STATUS_TTL_MS, identityTags } from '../../shared/creditors/sending-identity.ts';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { LocalSendingIdentities } from '../../local/ses-identities.ts';

const STACK = 'tactful-prod';
const T0 = new Date('2026-03-02T15:00:00Z');
const profile = (creditorId = 'acme', sendingDomain: string | undefined = 'acme.test') =>
  parseCreditorProfile({
    creditorId,
    brand: {
      name: 'Acme Energy',
      senderName: 'Acme Billing',
      senderEmail: `billing@${sendingDomain ?? 'acme.test'}`,
      ...(sendingDomain ? { sendingDomain } : {}),
      paymentUrl: 'https://pay.acme.test/',
      signOff: 'Acme',
    },
  });

describe('CreditorSenders', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  const at = (ms: number) => new Date(T0.getTime() + ms);
  const setUp = (verifyAfterMs: number) => {
    const identities = new LocalSendingIdentities(verifyAfterMs);
    const senders = new CreditorSenders({ identities, agencyMailDomain: 'mail.agency.test', stack: STACK });
    return { identities, senders };
  };

  it('uses the agency domain under the creditor name while pending, the creditor address once verified, asking SES rarely', async () => {
    const { identities, senders } = setUp(60 * 60_000);
    await identities.createDomainIdentity('acme.test', identityTags(STACK, 'acme'));
    const agency = { fromName: 'Acme Billing', fromAddress: 'acme@mail.agency.test' };
    const own = { fromName: 'Acme Billing', fromAddress: 'billing@acme.test' };

    for (let i = 0; i < 50; i += 1) expect(await senders.fromFor(profile(), at(i * 1000))).toEqual(agency);
    expect(identities.statusReads).toBe(1);

    // Verified at 60 minutes: seen at the first look after the pending TTL.
    vi.setSystemTime(at(61 * 60_000));
    expect(await senders.fromFor(profile(), at(61 * 60_000))).toEqual(own);
    expect(identities.statusReads).toBe(2);
    expect(await senders.fromFor(profile(), at(61 * 60_000 + IDENTITY_STATUS_TTL_MS.verified - 1))).toEqual(own);
    expect(identities.statusReads).toBe(2);
  });

  it('never uses an identity the stack did not make for this creditor, nor one it has not got', async () => {
    const { identities, senders } = setUp(0);
    await identities.createDomainIdentity('acme.test', identityTags(STACK, 'globex'));
    await identities.createDomainIdentity('byhand.test', {});
    await identities.createDomainIdentity('other-stack.test', identityTags('tactful-staging', 'acme'));

    expect((await senders.fromFor(profile('acme', 'acme.test'), T0)).fromAddress).toBe('acme@mail.agency.test');
    expect((await senders.fromFor(profile('acme', 'byhand.test'), T0)).fromAddress).toBe('acme@mail.agency.test');
    expect((await senders.fromFor(profile('acme', 'other-stack.test'), T0)).fromAddress).toBe('acme@mail.agency.test');
    expect((await senders.fromFor(profile('acme', 'nowhere.test'), T0)).fromAddress).toBe('acme@mail.agency.test');
    // Without a sending domain SES is not asked at all.
    const reads = identities.statusReads;
    expect((await senders.fromFor(profile('acme', undefined), T0)).fromAddress).toBe('acme@mail.agency.test');
    expect(identities.statusReads).toBe(reads);
  });

  it('lists one DKIM CNAME per token', () => {
    expect(dkimRecords({ domain: 'acme.test', dkimTokens: ['abc', 'def'] })).toEqual([
      { type: 'CNAME', name: 'abc._domainkey.acme.test', value: 'abc.dkim.amazonses.com' },
      { type: 'CNAME', name: 'def._domainkey.acme.test', value: 'def.dkim.amazonses.com' },
    ]);
  });
});
