// Forged and spoofed email through the whole offline platform: the SES receipt rule, inbound-email, the review queue
// and the real Lifecycle. Mail that does not prove its sender (no valid reply token, DMARC failing) may only stop
// email or hold an account for a person; it never closes one, never opts back in and is never answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import type { ReviewItem } from '../../shared/ports.ts';
import { HOUR, template, World, type MailVerdicts } from '../support/world.ts';

const FORGER = 'forger@evil.example';
/** What SES says of mail whose From: is not the sender's: DMARC fails (SPF may pass, for the forger's own server). */
const FORGED: MailVerdicts = { dmarc: 'FAIL', dkim: 'FAIL', spf: 'PASS' };

const debtors = [
  // (a) a forged reply to a guessed reply address, from the forger's own address
  { ref: 'GUESS-CEASE', email: 'gc@example.com', phone: '(212) 555-0131' },
  { ref: 'GUESS-DISPUTE', email: 'gd@example.com' },
  { ref: 'GUESS-WRONG', email: 'gw@example.com' },
  // (b) no token, From: the debtor's own address, DMARC failing
  { ref: 'SPOOF-CEASE', email: 'sc@example.com', phone: '(212) 555-0132' },
  { ref: 'SPOOF-WRONG', email: 'sw@example.com' },
  // (c) a forged START after a one-click unsubscribe
  { ref: 'UNSUB', email: 'un@example.com' },
  // a real cease that SES misflagged as spam
  { ref: 'SPAM-CEASE', email: 'sp@example.com' },
  // (d) mail that proves its sender: a valid token (whatever DMARC says), or DMARC passing for the debtor's address
  { ref: 'TOKEN-CEASE', email: 'tc@example.com' },
  { ref: 'DMARC-WRONG', email: 'dw@example.com' },
];

let world: World;
let review: ReviewItem[];
const events = async (ref: string): Promise<AccountEvent[]> => (await world.platform.store.loadHistory(world.accountId(ref)))!.events;
const reviewOf = (ref: string) => review.filter((r) => r.accountId === world.accountId(ref));
/** What was sent to the account after `at` (touches and answers alike). */
const sentAfter = (ref: string, at: string) =>
  [...world.platform.email.sent, ...world.platform.sms.sent].filter((m) => m.touchId.startsWith(world.accountId(ref)) && m.at > at);
const receivedAt = async (ref: string) => (await events(ref)).find((e) => e.type === 'reply-received')!.at;

beforeAll(async () => {
  template();
  world = await World.start(debtors);
  const w = world;
  const replyDomain = () => w.platform.email.sent[0]!.replyTo.split('@')[1]!;
  // What anyone can compute from the creditor and the account reference: the unkeyed address of old, or today's
  // form with a made-up token.
  const oldStyle = (ref: string) => `reply+${w.accountId(ref)}-softreminder-1@${replyDomain()}`;
  const madeUpToken = (ref: string) => `reply+${w.accountId(ref).slice('acc-'.length)}s1-${'0'.repeat(24)}@${replyDomain()}`;
  const forge = (to: string, body: string, from = FORGER) => w.receiveMail({ from, to, subject: 'Re: your account', body, ...FORGED });

  w.at(2 * HOUR, async () => {
    await forge(oldStyle('GUESS-CEASE'), 'Please stop all contact with me.');
    await forge(madeUpToken('GUESS-DISPUTE'), 'This is not my debt.');
    await forge(oldStyle('GUESS-WRONG'), 'Wrong person, I do not know her.');
    await forge(`collections@${replyDomain()}`, 'Please stop all contact with me.', 'sc@example.com');
    await forge(`billing@${replyDomain()}`, 'Wrong person.', 'sw@example.com');
    await w.platform.openUrl(w.platform.email.sent.find((m) => m.touchId.startsWith(w.accountId('UNSUB')))!.listUnsubscribe!, 'POST');
    await w.emailBack('SPAM-CEASE', 'Please stop all contact with me.', { spam: 'FAIL' });
    await w.emailBack('TOKEN-CEASE', 'Please stop all contact with me.', FORGED);
    await w.receiveMail({
      from: 'dw@example.com',
      to: `hello@${replyDomain()}`,
      subject: 'Your letter',
      body: 'Wrong person.',
      dmarc: 'PASS',
    });
  });
  w.at(3 * HOUR, async () => {
    await forge(oldStyle('UNSUB'), 'START');
    await forge(`collections@${replyDomain()}`, 'START', 'un@example.com');
  });
  await w.runFor(20);
  review = await w.platform.store.listForReview(w.creditorId);
});
afterAll(async () => world?.close());

describe('forged mail (offline platform, real workflows)', () => {
  it('(a) to a guessed reply address: at most a hold or an email opt-out, never a resolution, and a review item with the verdicts', async () => {
    const [cease, dispute, wrong] = await Promise.all(['GUESS-CEASE', 'GUESS-DISPUTE', 'GUESS-WRONG'].map((ref) => world.state(ref)));
    // "Stop all contact" puts the account on a review hold (not a dispute it never claimed), "not my debt" holds it as a
    // dispute: no message since either.
    expect(cease).toMatchObject({
      status: 'active',
      ceased: false,
      disputed: false,
      reviewHold: true,
      unreachable: { email: false, sms: false },
    });
    expect(dispute).toMatchObject({ status: 'active', ceased: false, disputed: true });
    expect(sentAfter('GUESS-CEASE', await receivedAt('GUESS-CEASE'))).toEqual([]);
    expect(sentAfter('GUESS-DISPUTE', await receivedAt('GUESS-DISPUTE'))).toEqual([]);
    // "Wrong person" stops email to the address, and does not close the account as unreachable.
    expect(wrong).toMatchObject({ status: 'active', optedOut: { email: true }, unreachable: { email: false } });
    expect(world.actsTaken('GUESS-WRONG')).not.toContain('resolve');

    for (const [ref, intent] of [
      ['GUESS-CEASE', 'cease'],
      ['GUESS-DISPUTE', 'dispute'],
      ['GUESS-WRONG', 'wrong_person'],
    ] as const) {
      expect(reviewOf(ref), ref).toEqual([
        expect.objectContaining({
          intent,
          channel: 'email',
          authentication: {
            status: 'unauthenticated',
            route: 'unverified-reply-address',
            replyToken: 'invalid',
            verdicts: { spf: 'PASS', dkim: 'FAIL', dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' },
          },
        }),
      ]);
    }
    expect(world.platform.email.sent.filter((m) => m.to === FORGER)).toEqual([]);
  });

  it("(b) with a spoofed From: of the debtor and no token: the same, and no answer to the debtor's address", async () => {
    expect(await world.state('SPOOF-CEASE')).toMatchObject({ status: 'active', ceased: false, disputed: false, reviewHold: true });
    expect(sentAfter('SPOOF-CEASE', await receivedAt('SPOOF-CEASE'))).toEqual([]);
    expect(await world.state('SPOOF-WRONG')).toMatchObject({ status: 'active', optedOut: { email: true }, unreachable: { email: false } });
    for (const [ref, intent] of [
      ['SPOOF-CEASE', 'cease'],
      ['SPOOF-WRONG', 'wrong_person'],
    ] as const) {
      expect(reviewOf(ref), ref).toEqual([
        expect.objectContaining({
          intent,
          authentication: expect.objectContaining({ status: 'unauthenticated', route: 'sender', replyToken: 'none' }),
        }),
      ]);
    }
    for (const ref of ['SPOOF-CEASE', 'SPOOF-WRONG'])
      expect(
        (await events(ref)).filter((e) => e.type === 'reply-answered'),
        ref,
      ).toEqual([]);
    expect(world.platform.email.sent.filter((m) => m.touchId.includes(':answer:'))).toEqual([]);
  });

  it('(c) a forged START after a one-click unsubscribe: the opt-out stands and no email follows', async () => {
    const history = await events('UNSUB');
    const optedOutAt = history.find((e) => e.type === 'opted-out')!.at;
    expect((await world.state('UNSUB')).optedOut.email).toBe(true);
    expect(history.filter((e) => e.type === 'reply-received')).toEqual([
      expect.objectContaining({ intent: 'other' }),
      expect.objectContaining({ intent: 'other' }),
    ]);
    expect(world.platform.email.sent.filter((m) => m.touchId.startsWith(world.accountId('UNSUB')) && m.at > optedOutAt)).toEqual([]);
    expect(reviewOf('UNSUB').map((r) => r.intent)).toEqual(['start', 'start']);
  });

  it('mail SES flags as spam is not acted on, but a request to stop all contact in it reaches a person', async () => {
    expect(await world.state('SPAM-CEASE')).toMatchObject({ status: 'active', ceased: false, disputed: false });
    expect((await events('SPAM-CEASE')).filter((e) => e.type === 'reply-received')).toEqual([]);
    expect(reviewOf('SPAM-CEASE')).toEqual([
      expect.objectContaining({
        intent: 'cease',
        authentication: expect.objectContaining({ replyToken: 'valid', verdicts: expect.objectContaining({ spam: 'FAIL' }) }),
      }),
    ]);
  });

  it('(d) mail that proves its sender still acts: a valid reply token ceases, DMARC passing for the debtor closes a wrong address', async () => {
    expect(await world.state('TOKEN-CEASE')).toMatchObject({ status: 'resolved', outcome: 'ceased' });
    expect(await world.state('DMARC-WRONG')).toMatchObject({ status: 'resolved', outcome: 'uncollectible', unreachable: { email: true } });
    expect(reviewOf('TOKEN-CEASE')).toEqual([]);
    expect(reviewOf('DMARC-WRONG')).toEqual([]);
  });
});
