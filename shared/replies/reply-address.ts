// The Reply-To of every email: `reply+{touch}-{token}@{replyDomain}`. The touch names the account and message a
// reply answers; the token is a keyed MAC of the touch id, so nobody without the key can make an address that
// routes to an account, and a token made for one touch does not verify for another. Account ids are an unkeyed
// hash of creditor and account reference, and touch ids follow from them: without the token, an address could be
// guessed.
//
// A local part may have 64 characters at most (RFC 5321), which a whole touch id and a MAC would overflow, so the
// address carries the touch in a compact form: the account id's hex, one letter for the stage, and the touch number
// (or `p{instalment}`, `m` when it was missed). The token is the MAC's first 96 bits in hex: lower case only,
// since some mail systems fold the case of an address.
import { timingSafeEqual } from 'node:crypto';
import type { ContactStage } from '../accounts/events.ts';
import { parseTouchId, planTouchIdFor, touchIdFor } from '../accounts/touch-id.ts';
import type { LinkSigner } from '../ports.ts';

const STAGE_LETTERS: Record<ContactStage, string> = { SoftReminder: 's', Escalation: 'e', ThirdParty: 't' };
const TOKEN_BYTES = 12;
const REPLY_LOCAL_PART = /^reply\+([0-9a-f]{24})([a-z])(\d+|p(\d+)(m?))-([0-9a-f]{24})$/;

/** A reply address whose token verified: the touch it answers. */
export interface VerifiedReplyAddress {
  address: string;
  touchId: string;
  accountId: string;
}

/** The Reply-To for one touch. */
export async function replyAddressFor(signer: LinkSigner, touchId: string, replyDomain: string): Promise<string> {
  const touch = parseTouchId(touchId);
  if (!touch) throw new Error(`Not a touch id: ${touchId}`);
  const number = touch.instalment ? `p${touch.instalment.number}${touch.instalment.missed ? 'm' : ''}` : `${touch.touchNumber}`;
  const compact = `${touch.accountId.slice('acc-'.length)}${STAGE_LETTERS[touch.stage]}${number}`;
  return `reply+${compact}-${await tokenFor(signer, touchId)}@${replyDomain}`;
}

/**
 * The touch a recipient address answers, when it is one of our reply addresses and its token verifies; otherwise
 * undefined, whether it is someone else's address, a guess, or a token made for another touch.
 */
export async function verifyReplyAddress(
  signer: LinkSigner,
  address: string,
  replyDomain: string,
): Promise<VerifiedReplyAddress | undefined> {
  const claim = readReplyAddress(address, replyDomain);
  if (!claim?.token) return undefined;
  const expected = Buffer.from(await tokenFor(signer, claim.touchId), 'hex');
  const given = Buffer.from(claim.token, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { address, touchId: claim.touchId, accountId: claim.accountId }
    : undefined;
}

/**
 * The account a reply address names, whether its token verifies or not (and in the unkeyed form of old,
 * `reply+{touchId}@`, which mail sent before tokens carries): a claim, which proves nothing.
 */
export function accountNamedBy(address: string, replyDomain: string): string | undefined {
  return readReplyAddress(address, replyDomain)?.accountId;
}

function readReplyAddress(address: string, replyDomain: string): { touchId: string; accountId: string; token?: string } | undefined {
  const [local, domain] = address.toLowerCase().split('@');
  if (domain !== replyDomain.toLowerCase() || !local?.startsWith('reply+')) return undefined;
  const match = REPLY_LOCAL_PART.exec(local);
  if (!match) {
    const accountId = parseTouchId(local.slice('reply+'.length))?.accountId;
    return accountId ? { touchId: local.slice('reply+'.length), accountId } : undefined;
  }
  const [, hex, letter, number, instalment, missed, token] = match;
  const stage = (Object.keys(STAGE_LETTERS) as ContactStage[]).find((s) => STAGE_LETTERS[s] === letter);
  if (!stage) return undefined;
  const accountId = `acc-${hex}`;
  const touchId =
    instalment !== undefined
      ? planTouchIdFor(accountId, stage, Number(instalment), missed === 'm')
      : touchIdFor(accountId, stage, Number(number));
  return { touchId, accountId, token: token! };
}

async function tokenFor(signer: LinkSigner, touchId: string): Promise<string> {
  const mac = Buffer.from(await signer.sign(`reply:${touchId}`), 'base64url');
  return mac.subarray(0, TOKEN_BYTES).toString('hex');
}
