// Whether an inbound email proves its sender, and what it may do when it does not.
//
// Authenticated: the mail came to a reply address whose token verifies (shared/replies/reply-address.ts), or it
// found its accounts by its From: address and SES found that DMARC passes for that address's domain. DKIM or SPF
// alone prove nothing about the From: address: SES reports only a verdict, not which domain signed or sent, so a pass
// may be for the forger's own domain. A domain without a DMARC record gets GRAY, and its mail counts as
// unauthenticated. A reply address whose token does not verify names an account but proves nothing, whatever DMARC
// says of the sender: such mail reaches that account only when its sender has none, and unauthenticated.
//
// Unauthenticated mail may only make contact safer for the debtor, since anyone can write it: it may stop email to
// the account (a STOP, or "wrong person": the address reaches someone else), hold the account as a dispute does, or,
// asking to cease, put it on a review hold (no message until a person has read the mail). It never opts back in, never
// closes an account, and never records a promise, a plan, a payment claim or a survey score. What it said goes to
// the creditor's review queue with the verdicts.
import type { ReplyIntent } from '../accounts/events.ts';

/** An SES receipt verdict (receipt.spfVerdict.status and the like). */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

/** The verdicts SES gives a received mail (receipt.*Verdict.status). */
export interface MailVerdicts {
  spf: SesVerdict;
  dkim: SesVerdict;
  dmarc: SesVerdict;
  spam: SesVerdict;
  virus: SesVerdict;
}

export type ReplyTokenCheck = 'valid' | 'invalid' | 'none';

/**
 * How a mail found its accounts: the reply address whose token verified, its From: address, or (when the sender has
 * no account) the account a reply address named although its token did not verify.
 */
export type MailRoute = 'reply-token' | 'sender' | 'unverified-reply-address';

/** How an email proved (or did not prove) its sender: kept with the reply for the person who reviews it. */
export interface MailAuthentication {
  status: 'authenticated' | 'unauthenticated';
  route: MailRoute;
  replyToken: ReplyTokenCheck;
  verdicts: MailVerdicts;
}

export function authenticateMail(route: MailRoute, replyToken: ReplyTokenCheck, verdicts: MailVerdicts): MailAuthentication {
  const proven = route === 'reply-token' || (route === 'sender' && verdicts.dmarc === 'PASS');
  return { status: proven ? 'authenticated' : 'unauthenticated', route, replyToken, verdicts };
}

/** What an unauthenticated reply acts on in place of what it says; an intent not here is not acted on. */
const UNAUTHENTICATED_ACTIONS: Partial<Record<ReplyIntent, ReplyIntent>> = {
  stop: 'stop',
  help: 'help',
  wrong_person: 'stop',
  dispute: 'dispute',
};

/** The intents an unauthenticated reply may act on, given what it says (each at most once, in order). */
export function unauthenticatedActions(intents: readonly ReplyIntent[]): ReplyIntent[] {
  return [...new Set(intents.flatMap((intent) => UNAUTHENTICATED_ACTIONS[intent] ?? []))];
}

/**
 * Whether an unauthenticated reply saying this waits for a person: anything but a STOP or HELP, which it acts on as
 * it would for anyone (a stand-in hold, or nothing at all, needs a person to look at the mail and its verdicts).
 */
export function needsReviewUnauthenticated(intents: readonly ReplyIntent[]): boolean {
  return intents.some((intent) => intent !== 'stop' && intent !== 'help');
}

/** Whether an unauthenticated reply saying this puts the account on a review hold instead of ceasing it. */
export function holdsForReviewUnauthenticated(intents: readonly ReplyIntent[]): boolean {
  return intents.includes('cease');
}

/** Intents that protect the debtor: said in mail SES flagged as spam or virus, they still reach a person. */
const PROTECTIVE: ReadonlySet<ReplyIntent> = new Set(['stop', 'cease', 'dispute', 'wrong_person']);

export function flaggedMailNeedsReview(intents: readonly ReplyIntent[]): boolean {
  return intents.some((intent) => PROTECTIVE.has(intent));
}
