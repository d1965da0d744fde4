// The debtor's page link: `{base}?t={accountId}.{expires}.{mac}`. It names the account and when it stops working,
// nothing about the debtor, and is signed with a key of its own (KMS HMAC in AWS): nobody can make one for another
// account or stretch its life. Each form on the page carries a nonce signed for the account, the action and the
// account's version, which makes a double submit one fact and a form from another account's page worthless.
import type { LinkSigner } from '../ports.ts';

/** How long a page link works: long enough to outlive a message's stay in an inbox, short enough to age out. */
export const PORTAL_LINK_DAYS = 30;
const DAY_MS = 86_400_000;
const ACCOUNT_ID = /^acc-[0-9a-f]{24}$/;

export type PortalLink =
  | { status: 'valid'; accountId: string; expiresAt: Date }
  /** Signed by us, but old: the page may offer a fresh link to the address on file, and shows nothing else. */
  | { status: 'expired'; accountId: string }
  | { status: 'invalid' };

/** A MAC as we write it: base64url without padding, and only the one spelling of its bytes (no loose trailing bits). */
const canonicalMac = (mac: string): boolean => mac !== '' && Buffer.from(mac, 'base64url').toString('base64url') === mac;

const linkMessage = (accountId: string, expires: number): string => `portal:${accountId}:${expires}`;

export async function portalToken(links: LinkSigner, accountId: string, now: Date, days = PORTAL_LINK_DAYS): Promise<string> {
  const expires = Math.floor((now.getTime() + days * DAY_MS) / 1000);
  return `${accountId}.${expires}.${await links.sign(linkMessage(accountId, expires))}`;
}

/** The page of one account, as the messages link to it. */
export async function portalUrl(links: LinkSigner, baseUrl: string, accountId: string, now: Date): Promise<string> {
  const url = new URL(baseUrl);
  url.searchParams.set('t', await portalToken(links, accountId, now));
  return url.href;
}

export async function readPortalToken(links: LinkSigner, token: string, now: Date): Promise<PortalLink> {
  const [accountId = '', expiresText = '', mac = '', ...rest] = token.split('.');
  const expires = Number(expiresText);
  if (rest.length > 0 || !ACCOUNT_ID.test(accountId) || !/^\d{1,12}$/.test(expiresText) || !canonicalMac(mac)) return { status: 'invalid' };
  if (!(await links.verify(linkMessage(accountId, expires), mac))) return { status: 'invalid' };
  if (expires * 1000 <= now.getTime()) return { status: 'expired', accountId };
  return { status: 'valid', accountId, expiresAt: new Date(expires * 1000) };
}

const nonceMessage = (accountId: string, action: string, version: number): string => `portal-form:${accountId}:${action}:${version}`;

/** A form's nonce: `{version}.{mac}`, for the account as it stood when the page was drawn. */
export async function formNonce(links: LinkSigner, accountId: string, action: string, version: number): Promise<string> {
  return `${version}.${await links.sign(nonceMessage(accountId, action, version))}`;
}

/** The version a nonce was made for, or undefined when it was not made for this account and action. */
export async function readFormNonce(links: LinkSigner, accountId: string, action: string, nonce: string): Promise<number | undefined> {
  const [versionText = '', mac = '', ...rest] = nonce.split('.');
  if (rest.length > 0 || !/^\d{1,12}$/.test(versionText) || !canonicalMac(mac)) return undefined;
  const version = Number(versionText);
  return (await links.verify(nonceMessage(accountId, action, version), mac)) ? version : undefined;
}
