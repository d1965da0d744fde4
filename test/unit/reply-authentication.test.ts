// What an email must carry to speak for the debtor, and what it may do when it carries nothing.
import { describe, expect, it } from 'vitest';
import { REPLY_INTENTS, type ReplyIntent } from '../../shared/accounts/events.ts';
import {
  authenticateMail,
  flaggedMailNeedsReview,
  holdsForReviewUnauthenticated,
  needsReviewUnauthenticated,
  unauthenticatedActions,
  type MailVerdicts,
} from '../../shared/replies/authentication.ts';

const verdicts = (overrides: Partial<MailVerdicts>): MailVerdicts => ({
  spf: 'FAIL',
  dkim: 'FAIL',
  dmarc: 'FAIL',
  spam: 'PASS',
  virus: 'PASS',
  ...overrides,
});

describe('authenticateMail', () => {
  it('takes a valid reply token, or DMARC passing for the From: address the mail was routed by', () => {
    expect(authenticateMail('reply-token', 'valid', verdicts({})).status).toBe('authenticated');
    expect(authenticateMail('sender', 'none', verdicts({ dmarc: 'PASS' })).status).toBe('authenticated');
    expect(authenticateMail('sender', 'invalid', verdicts({ dmarc: 'PASS' })).status).toBe('authenticated');
  });

  it('takes nothing else: not SPF or DKIM alone, not a domain without DMARC, not a forged token', () => {
    for (const dmarc of ['FAIL', 'GRAY', 'PROCESSING_FAILED'] as const) {
      expect(authenticateMail('sender', 'invalid', verdicts({ dmarc, spf: 'PASS', dkim: 'PASS' })).status).toBe('unauthenticated');
      expect(authenticateMail('sender', 'none', verdicts({ dmarc, spf: 'PASS', dkim: 'PASS' })).status).toBe('unauthenticated');
    }
  });

  it("never lets DMARC passing for a stranger's domain speak for the account an unverified reply address names", () => {
    expect(authenticateMail('unverified-reply-address', 'invalid', verdicts({ dmarc: 'PASS', spf: 'PASS', dkim: 'PASS' })).status).toBe(
      'unauthenticated',
    );
  });

  it('keeps the route, the token check and every verdict for the person who reviews the mail', () => {
    const v = verdicts({ spf: 'PASS', dmarc: 'GRAY' });
    expect(authenticateMail('sender', 'invalid', v)).toEqual({
      status: 'unauthenticated',
      route: 'sender',
      replyToken: 'invalid',
      verdicts: v,
    });
  });
});

describe('what unauthenticated mail may do', () => {
  const actions = (intent: ReplyIntent) => unauthenticatedActions([intent]);

  it('may stop email (STOP, or "wrong person" without closing the address), hold as a dispute does, and hold a cease for review', () => {
    expect(actions('stop')).toEqual(['stop']);
    expect(actions('wrong_person')).toEqual(['stop']);
    expect(actions('dispute')).toEqual(['dispute']);
    // A cease is not acted on as said: record-reply places a review hold (test/unit/record-reply.test.ts).
    expect(actions('cease')).toEqual([]);
    expect(holdsForReviewUnauthenticated(['cease'])).toBe(true);
    expect(holdsForReviewUnauthenticated(['stop', 'dispute'])).toBe(false);
    expect(actions('help')).toEqual(['help']);
  });

  it('may never opt back in, promise, ask for a plan, claim a payment, plead hardship or score the survey', () => {
    for (const intent of ['start', 'promise', 'plan', 'pay', 'hardship', 'csat', 'other'] as const) expect(actions(intent)).toEqual([]);
  });

  it('never acts on an intent that could close an account or contact the debtor more', () => {
    const acted = new Set(REPLY_INTENTS.flatMap((intent) => actions(intent)));
    expect([...acted].sort()).toEqual(['dispute', 'help', 'stop']);
  });

  it('works on a message that says several things: each protective part, once', () => {
    expect(unauthenticatedActions(['stop', 'dispute', 'promise', 'cease'])).toEqual(['stop', 'dispute']);
  });

  it('sends everything but a STOP or HELP to a person', () => {
    expect(needsReviewUnauthenticated(['stop'])).toBe(false);
    expect(needsReviewUnauthenticated(['help'])).toBe(false);
    expect(needsReviewUnauthenticated(['stop', 'cease'])).toBe(true);
    for (const intent of ['dispute', 'cease', 'wrong_person', 'start', 'promise', 'other'] as const)
      expect(needsReviewUnauthenticated([intent])).toBe(true);
  });
});

describe('flagged mail', () => {
  it('reaches a person when it asks to stop, cease, dispute or says "wrong person"', () => {
    for (const intent of ['stop', 'cease', 'dispute', 'wrong_person'] as const) expect(flaggedMailNeedsReview([intent])).toBe(true);
    for (const intent of ['pay', 'promise', 'start', 'other'] as const) expect(flaggedMailNeedsReview([intent])).toBe(false);
  });
});
