// Reply addresses: a keyed token per touch, so an address cannot be guessed from the account or moved to another touch.
import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../local/hmac-link-signer.ts';
import { planTouchIdFor, touchIdFor } from '../../shared/accounts/touch-id.ts';
import { accountNamedBy, replyAddressFor, verifyReplyAddress } from '../../shared/replies/reply-address.ts';

const DOMAIN = 'reply.acme.test';
const ACCOUNT = 'acc-0123456789abcdef01234567';
const signer = new HmacLinkSigner();

describe('reply addresses', () => {
  it('name the touch they answer, for every kind of touch, within the 64 characters of a local part', async () => {
    const touches = [
      touchIdFor(ACCOUNT, 'SoftReminder', 1),
      touchIdFor(ACCOUNT, 'Escalation', 12),
      touchIdFor(ACCOUNT, 'ThirdParty', 3),
      planTouchIdFor(ACCOUNT, 'SoftReminder', 2, false),
      planTouchIdFor(ACCOUNT, 'SoftReminder', 12, true),
    ];
    for (const touchId of touches) {
      const address = await replyAddressFor(signer, touchId, DOMAIN);
      expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
      expect(address).toMatch(/^reply\+[0-9a-z-]+@reply\.acme\.test$/);
      expect(await verifyReplyAddress(signer, address, DOMAIN)).toEqual({ address, touchId, accountId: ACCOUNT });
    }
  });

  it('verify whatever the case the mail system gave them', async () => {
    const address = await replyAddressFor(signer, touchIdFor(ACCOUNT, 'SoftReminder', 1), DOMAIN);
    expect(await verifyReplyAddress(signer, address.toUpperCase(), DOMAIN)).toMatchObject({ accountId: ACCOUNT });
  });

  it('do not verify with a tampered token, a token for another touch or account, another key or another domain', async () => {
    const address = await replyAddressFor(signer, touchIdFor(ACCOUNT, 'SoftReminder', 1), DOMAIN);
    const [local, domain] = address.split('@') as [string, string];
    const token = local.slice(-24);
    const flipped = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    const otherTouch = await replyAddressFor(signer, touchIdFor(ACCOUNT, 'SoftReminder', 2), DOMAIN);
    const otherAccount = await replyAddressFor(signer, touchIdFor('acc-ffffffffffffffffffffffff', 'SoftReminder', 1), DOMAIN);
    const forged = [
      `${local.slice(0, -24)}${flipped}@${domain}`,
      // The token of touch 2 on touch 1, and of another account's touch 1 on this account's.
      `${local.slice(0, -24)}${otherTouch.split('@')[0]!.slice(-24)}@${domain}`,
      `${local.slice(0, -24)}${otherAccount.split('@')[0]!.slice(-24)}@${domain}`,
      `${local.slice(0, -24)}${token.slice(0, 12)}@${domain}`,
      await replyAddressFor(new HmacLinkSigner(), touchIdFor(ACCOUNT, 'SoftReminder', 1), DOMAIN),
      `${local}@reply.other.test`,
      // The unkeyed address of old: account and touch alone.
      `reply+${touchIdFor(ACCOUNT, 'SoftReminder', 1)}@${DOMAIN}`,
    ];
    for (const address of forged) expect(await verifyReplyAddress(signer, address, DOMAIN), address).toBeUndefined();
  });

  it('name an account even when their token does not verify, as a claim for a person to weigh, and only on our domain', async () => {
    const address = await replyAddressFor(signer, touchIdFor(ACCOUNT, 'Escalation', 2), DOMAIN);
    expect(accountNamedBy(`${address.split('-').slice(0, -1).join('-')}-${'0'.repeat(24)}@${DOMAIN}`, DOMAIN)).toBe(ACCOUNT);
    expect(accountNamedBy(`reply+${touchIdFor(ACCOUNT, 'SoftReminder', 1)}@${DOMAIN}`, DOMAIN)).toBe(ACCOUNT);
    expect(accountNamedBy(address, 'reply.other.test')).toBeUndefined();
    expect(accountNamedBy(`collections@${DOMAIN}`, DOMAIN)).toBeUndefined();
  });
});
