// functions/inbound-email: the SES receipt rule stored the raw MIME in S3 and invokes the function with the receipt.
// Routed by the reply token (or the sender), recorded once, then the parked token is resumed; mail that proves no
// sender acts only to protect the debtor; flagged mail is recorded and never acted on (a request to stop or dispute
// in it reaches the review queue); mail that cannot be read is reported and stays in S3.
import '../setup/env.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, metrics } from '../../../shared/lambda/observability.ts';
import { MAX_RAW_MAIL_BYTES } from '../../../shared/limits.ts';
import { FLAGGED_MAIL_PREFIX } from '../../../shared/usecases/handle-inbound-email.ts';
import type { EventDraft } from '../../../shared/accounts/events.ts';
import { LocalEmailOutbox, MemoryFileStore } from '../../../local/outboxes.ts';
import { sesLambdaEvent, type InboundMailEnvelope } from '../../../local/event-sources.ts';
import { HmacLinkSigner } from '../../../local/hmac-link-signer.ts';
import { replyAddressFor } from '../../../shared/replies/reply-address.ts';
import {
  DEBTOR,
  INSIDE_HOURS,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  accountRecord,
  acmeProfile,
  lambdaContext,
  sendersWithVerifiedDomains,
} from '../setup/fakes.ts';

type InboundEmailModule = typeof import('../../../functions/inbound-email/handler.ts');

const REPLY_DOMAIN = 'reply.tactful.test';
const RAW_PREFIX = 'inbound/email/';
const account = accountRecord();
const touchId = `${account.accountId}-softreminder-1`;
const replySigner = new HmacLinkSigner();
/** The Reply-To of the touch: its token verifies. */
let replyTo: string;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:inbound-email';

function mime(body: string, headers: Record<string, string> = {}): string {
  const all = {
    From: `Dana Whitfield <${DEBTOR.email}>`,
    To: replyTo,
    Subject: 'Re: A note about your Acme Energy account',
    'Message-ID': '<CAF=reply-1@mail.gmail.com>',
    Date: 'Mon, 2 Mar 2026 15:00:00 +0000',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset="UTF-8"',
    ...headers,
  };
  return `${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;
}

describe('functions/inbound-email', () => {
  let inbound: InboundEmailModule;
  beforeAll(async () => {
    inbound = await import('../../../functions/inbound-email/handler.ts');
    replyTo = await replyAddressFor(replySigner, touchId, REPLY_DOMAIN);
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function world(...drafts: EventDraft[]) {
    const store = new MemoryAccountStore();
    store.seed(account, new Date('2026-03-01T12:00:00Z'), ...drafts);
    const workflow = new RecordingWorkflow();
    const files = new MemoryFileStore();
    const email = new LocalEmailOutbox();
    const handler = inbound.createHandler({
      store,
      creditors: new MemoryCreditorStore(acmeProfile()),
      workflow,
      files,
      email,
      agency: { name: 'Northwind Recoveries', email: 'letters@northwind.test', address: '1 Harbor Way, Portland, OR 97204' },
      replyDomain: REPLY_DOMAIN,
      replySigner,
      senders: sendersWithVerifiedDomains(acmeProfile()),
      rawMailPrefix: RAW_PREFIX,
    });
    /** What the receipt rule does: the raw mail to S3, then the Lambda action with the receipt. */
    async function receive(
      raw: string | Uint8Array,
      messageId: string,
      verdicts: Partial<Pick<InboundMailEnvelope, 'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc'>> = {},
    ) {
      await files.putBytes(`${RAW_PREFIX}${messageId}`, typeof raw === 'string' ? new TextEncoder().encode(raw) : raw, 'message/rfc822');
      const event = sesLambdaEvent(
        { messageId, from: DEBTOR.email, to: [replyTo], subject: 'Re: …', ...verdicts },
        FUNCTION_ARN,
        new Date(),
      );
      return handler(event as never, lambdaContext('inbound-email'));
    }
    return { store, workflow, files, email, handler, receive };
  }
  const replies = (store: MemoryAccountStore) => store.events(account.accountId).filter((e) => e.type === 'reply-received');

  it('records a Gmail reply by its reply token, without the quoted history, once, and resumes the parked token once', async () => {
    const { store, workflow, receive } = world();
    await store.parkTaskToken(account.accountId, 'wait-token', store.version(account.accountId));
    const raw = mime(
      "I'll pay on Friday.\r\n\r\nOn Mon, Mar 2, 2026 at 9:00 AM Acme Billing <billing@acme.test> wrote:\r\n> Reply STOP to opt out. Dispute? Reply here.\r\n",
    );
    await receive(raw, 'ses-msg-1');
    await receive(raw, 'ses-msg-1');

    expect(replies(store)).toEqual([
      expect.objectContaining({ channel: 'email', intent: 'promise', promiseDate: '2026-03-06', messageId: 'ses-msg-1' }),
    ]);
    expect(workflow.resumed).toEqual([{ token: 'wait-token', output: { wokenBy: 'reply-received' } }]);
  });

  it('reads a receipt as SES sends it for a mail that passes DMARC: no dmarcPolicy, and no To: for a Bcc', async () => {
    const { store, files, handler } = world();
    const raw = mime('Please stop all contact with me regarding this account.\r\n\r\nDana');
    await files.putBytes(`${RAW_PREFIX}ses-real-1`, new TextEncoder().encode(raw), 'message/rfc822');
    const event = sesLambdaEvent(
      { messageId: 'ses-real-1', from: DEBTOR.email, to: [replyTo], subject: 'Re: …' },
      FUNCTION_ARN,
      new Date(),
    ) as {
      Records: Array<{ ses: { mail: { commonHeaders: Record<string, unknown> }; receipt: Record<string, unknown> } }>;
    };
    const { ses } = event.Records[0]!;
    expect(ses.receipt).not.toHaveProperty('dmarcPolicy');
    delete ses.mail.commonHeaders.to;
    await handler(event as never, lambdaContext('inbound-email'));
    expect(replies(store)).toEqual([expect.objectContaining({ intent: 'cease' })]);
  });

  it('treats an email asking to stop all contact as a written cease request', async () => {
    const { store, receive } = world();
    await receive(mime('Please stop all contact with me regarding this account.\r\n\r\nDana'), 'ses-cease-1');
    expect(replies(store)).toEqual([expect.objectContaining({ intent: 'cease' })]);
  });

  it('reads HTML-only mail in a non-UTF-8 charset', async () => {
    const { store, receive } = world();
    const html = Buffer.from('<div dir="ltr">Pagar&eacute; el viernes<br></div>', 'latin1');
    const raw = Buffer.concat([
      Buffer.from(mime('', { 'Content-Type': 'text/html; charset="ISO-8859-1"', 'Content-Transfer-Encoding': '8bit' })),
      html,
    ]);
    await receive(raw, 'ses-html-1');
    expect(replies(store)).toEqual([expect.objectContaining({ intent: 'promise', promiseDate: '2026-03-06' })]);
  });

  it('records spam or virus mail beside the raw message and never acts on it or wakes the workflow', async () => {
    const { store, workflow, files, email, receive } = world();
    await store.parkTaskToken(account.accountId, 'wait-token', store.version(account.accountId));
    const warnings = vi.spyOn(logger, 'warn');
    const counted = vi.spyOn(metrics, 'addMetric');

    await receive(mime('STOP all contact'), 'ses-spam-1', { spam: 'FAIL' });
    await receive(mime('pay here'), 'ses-virus-1', { virus: 'FAIL' });

    expect(replies(store)).toEqual([]);
    expect(workflow.resumed).toEqual([]);
    expect(email.sent).toEqual([]);
    expect(JSON.parse(await files.getText(`${FLAGGED_MAIL_PREFIX}ses-spam-1.json`))).toEqual({
      messageId: 'ses-spam-1',
      receivedAt: INSIDE_HOURS.toISOString(),
      spamVerdict: 'FAIL',
      virusVerdict: 'PASS',
      rawKey: `${RAW_PREFIX}ses-spam-1`,
    });
    expect(files.keys(FLAGGED_MAIL_PREFIX)).toEqual([`${FLAGGED_MAIL_PREFIX}ses-spam-1.json`, `${FLAGGED_MAIL_PREFIX}ses-virus-1.json`]);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringContaining('flagged by SES'),
      expect.objectContaining({ messageId: 'ses-virus-1', virusVerdict: 'FAIL' }),
    );
    expect(JSON.stringify(warnings.mock.calls)).not.toContain(DEBTOR.email);
    expect(counted).toHaveBeenCalledWith('RepliesFlagged', 'Count', 1);
  });

  it('puts flagged mail that asks to stop or dispute in the review queue with its verdicts, and nothing else', async () => {
    const { store, receive } = world();
    await receive(mime('Please stop all contact with me.'), 'ses-spam-cease', { spam: 'FAIL' });
    await receive(mime('I dispute this, it is not my debt'), 'ses-virus-dispute', { virus: 'FAIL', dmarc: 'FAIL' });
    await receive(mime("I'll pay on Friday"), 'ses-spam-promise', { spam: 'FAIL' });

    expect(replies(store)).toEqual([]);
    expect(await store.listForReview('acme')).toEqual([
      expect.objectContaining({
        messageId: 'ses-spam-cease',
        accountId: account.accountId,
        intent: 'cease',
        authentication: {
          status: 'authenticated',
          route: 'reply-token',
          replyToken: 'valid',
          verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'FAIL', virus: 'PASS' },
        },
      }),
      expect.objectContaining({
        messageId: 'ses-virus-dispute',
        intent: 'dispute',
        authentication: expect.objectContaining({ verdicts: expect.objectContaining({ dmarc: 'FAIL', virus: 'FAIL' }) }),
      }),
    ]);
  });

  it('reports malformed MIME with a log and a metric, records nothing and keeps the raw message', async () => {
    const { store, files, receive } = world();
    const errors = vi.spyOn(logger, 'error');
    const counted = vi.spyOn(metrics, 'addMetric');

    await expect(receive('\u0000\u0001 this is not mail', 'ses-bad-1')).resolves.toBeUndefined();

    expect(replies(store)).toEqual([]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('malformed message'), {
      messageId: 'ses-bad-1',
      status: 'unreadable',
      problem: 'malformed',
      rawKey: `${RAW_PREFIX}ses-bad-1`,
    });
    expect(counted).toHaveBeenCalledWith('RepliesUnreadable', 'Count', 1);
    expect(files.keys(RAW_PREFIX)).toEqual([`${RAW_PREFIX}ses-bad-1`]);
  });

  it('does not parse oversized raw mail in the function', async () => {
    const { store, receive } = world();
    const errors = vi.spyOn(logger, 'error');
    await receive(mime('x'.repeat(MAX_RAW_MAIL_BYTES)), 'ses-huge-1');
    expect(replies(store)).toEqual([]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('oversized message'), expect.objectContaining({ problem: 'oversized' }));
  });

  it('records an empty reply as other, for a person (an attachment may be a written dispute)', async () => {
    const { store, receive } = world();
    await receive(mime('\r\n'), 'ses-empty-1');
    expect(replies(store)).toEqual([expect.objectContaining({ intent: 'other' })]);
    expect(await store.listForReview('acme')).toEqual([expect.objectContaining({ messageId: 'ses-empty-1', text: '' })]);
  });

  it('answers a reply to a closed account politely, once a week at most, and never restarts collection', async () => {
    const { store, workflow, email, receive } = world({ type: 'resolved', outcome: 'paid', key: 'resolved' });
    await receive(mime('Did you get my payment? Do I still owe anything?'), 'ses-late-1');
    await receive(mime('Hello?'), 'ses-late-2');

    expect(
      email.sent.map(({ to, fromName, fromAddress, replyTo, subject, text }) => ({ to, fromName, fromAddress, replyTo, subject, text })),
    ).toEqual([
      {
        to: DEBTOR.email,
        fromName: 'Acme Billing',
        fromAddress: 'billing@acme.test',
        replyTo,
        subject: 'Re: A note about your Acme Energy account',
        text: 'Acme Energy: thank you for your message. This account is closed with us and you will get no more reminders about it. Questions: +18005550100.',
      },
    ]);
    expect(email.sent[0]!.text).not.toMatch(/https?:/);
    expect(store.events(account.accountId).map((e) => e.type)).toEqual([
      'placed',
      'resolved',
      'reply-received',
      'reply-answered',
      'reply-received',
    ]);
    expect(workflow.resumed).toEqual([]);
  });

  it('records but never answers an automatic reply (out-of-office), so no mail loop can start', async () => {
    const { store, email, receive } = world({ type: 'resolved', outcome: 'paid', key: 'resolved' });
    await receive(mime('I am out of the office until Monday.', { 'Auto-Submitted': 'auto-replied' }), 'ses-ooo-1');
    expect(replies(store)).toHaveLength(1);
    expect(email.sent).toEqual([]);
  });

  it('answers nothing on an active account: the workflow does', async () => {
    const { email, receive } = world();
    await receive(mime('Can I set up a payment plan?'), 'ses-plan-1');
    expect(email.sent).toEqual([]);
  });

  it('drops mail from an unknown sender without a token, without throwing', async () => {
    const { store, receive } = world();
    await expect(
      receive(mime('STOP', { From: 'someone@else.test', To: `collections@${REPLY_DOMAIN}` }), 'ses-unknown-1'),
    ).resolves.toBeUndefined();
    expect(replies(store)).toEqual([]);
  });

  describe('mail that does not prove its sender: no valid reply token, and DMARC does not pass', () => {
    const forged = { dmarc: 'FAIL', spf: 'FAIL', dkim: 'FAIL' } as const;
    const guessed = `reply+${touchId}@${REPLY_DOMAIN}`;
    const reviewed = (store: MemoryAccountStore) => store.listForReview('acme');

    it('holds the account for a person on "stop all contact" or a dispute, never ceases it, and files the verdicts', async () => {
      const { store, receive } = world();
      await receive(mime('Please stop all contact with me.', { To: guessed }), 'ses-forged-cease', forged);
      // A review hold, not a dispute the sender never claimed.
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'other' })]);
      expect(store.events(account.accountId).filter((e) => e.type === 'review-hold')).toEqual([
        expect.objectContaining({ reason: 'unauthenticated-cease', messageId: 'ses-forged-cease' }),
      ]);
      expect(await reviewed(store)).toEqual([
        expect.objectContaining({
          messageId: 'ses-forged-cease',
          intent: 'cease',
          authentication: {
            status: 'unauthenticated',
            route: 'sender',
            replyToken: 'invalid',
            verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' },
          },
        }),
      ]);
    });

    it("reaches the account a guessed reply address names when the sender has none, unauthenticated even if DMARC passes for the sender's own domain", async () => {
      const { store, email, receive } = world();
      await receive(mime('Please stop all contact with me.', { To: guessed, From: 'forger@evil.test' }), 'ses-stranger-cease', {
        dmarc: 'PASS',
        spf: 'PASS',
        dkim: 'PASS',
      });
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'other' })]);
      expect(store.events(account.accountId).filter((e) => e.type === 'review-hold')).toHaveLength(1);
      expect(await reviewed(store)).toEqual([
        expect.objectContaining({
          intent: 'cease',
          authentication: expect.objectContaining({ status: 'unauthenticated', route: 'unverified-reply-address' }),
        }),
      ]);
      expect(email.sent).toEqual([]);
    });

    it('stops email on "wrong person", without marking the address unreachable (which could close the account)', async () => {
      const { store, receive } = world();
      await receive(mime('Wrong person, I do not know her.', { To: `collections@${REPLY_DOMAIN}` }), 'ses-spoofed-wrong', forged);
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'stop' })]);
      expect(await reviewed(store)).toEqual([
        expect.objectContaining({ intent: 'wrong_person', authentication: expect.objectContaining({ replyToken: 'none' }) }),
      ]);
    });

    it('never opts back in, and records no promise: those wait for a person', async () => {
      const { store, receive } = world({ type: 'opted-out', channel: 'email', via: 'one-click-unsubscribe', key: 'unsubscribe' });
      await receive(mime('START', { To: guessed }), 'ses-forged-start', { dmarc: 'GRAY' });
      await receive(mime("I'll pay on Friday.", { To: guessed }), 'ses-forged-promise', forged);
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'other' }), expect.objectContaining({ intent: 'other' })]);
      expect((await reviewed(store)).map((r) => [r.messageId, r.intent])).toEqual([
        ['ses-forged-start', 'start'],
        ['ses-forged-promise', 'promise'],
      ]);
    });

    it('honours a plain STOP as it would from anyone, without troubling a person', async () => {
      const { store, receive } = world();
      await receive(mime('STOP', { To: guessed }), 'ses-forged-stop', forged);
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'stop' })]);
      expect(await reviewed(store)).toEqual([]);
    });

    it('gets no answer on a closed account: the answer would name the creditor to whoever wrote', async () => {
      const { email, receive } = world({ type: 'resolved', outcome: 'paid', key: 'resolved' });
      await receive(mime('Is this account closed?', { To: guessed }), 'ses-forged-closed', forged);
      expect(email.sent).toEqual([]);
    });

    it('is authenticated by a valid reply token whatever DMARC says, or by DMARC passing for the sender', async () => {
      const { store, receive } = world();
      const second = accountRecord({ accountRef: 'ACC-2' });
      store.seed(second, new Date('2026-03-01T12:00:00Z'));
      await receive(mime('Please stop all contact with me.'), 'ses-token-cease', forged);
      expect(replies(store)).toEqual([expect.objectContaining({ intent: 'cease' })]);
      await receive(mime('Wrong person.', { To: `collections@${REPLY_DOMAIN}` }), 'ses-dmarc-wrong', { dmarc: 'PASS', spf: 'FAIL' });
      expect(store.events(second.accountId).filter((e) => e.type === 'reply-received')).toEqual([
        expect.objectContaining({ intent: 'wrong_person' }),
      ]);
      expect(await reviewed(store)).toEqual([]);
    });

    it('does not count a DKIM or SPF pass without DMARC: SES does not say for which domain they passed', async () => {
      const { store, receive } = world();
      await receive(mime('I dispute this debt.', { To: guessed }), 'ses-dkim-only', { dmarc: 'GRAY', dkim: 'PASS', spf: 'PASS' });
      expect(await reviewed(store)).toEqual([
        expect.objectContaining({ authentication: expect.objectContaining({ status: 'unauthenticated' }) }),
      ]);
    });
  });

  describe("an email without a reply token, from an address two creditors' accounts share", () => {
    const globex = accountRecord({ creditorId: 'globex', accountRef: 'G-7' });
    const tokenless = (body: string) => mime(body, { To: `collections@${REPLY_DOMAIN}` });
    function shared() {
      const w = world();
      w.store.seed(globex, new Date('2026-03-01T12:00:00Z'));
      const intents = () =>
        [account, globex].map((a) =>
          w.store
            .events(a.accountId)
            .filter((e) => e.type === 'reply-received')
            .map((e) => (e.type === 'reply-received' ? e.intent : '')),
        );
      return { ...w, intents };
    }

    it('stops, ceases, disputes and says "wrong person" on every account: those protect the debtor whatever debt they meant', async () => {
      const { receive, intents } = shared();
      await receive(tokenless('STOP'), 'ses-shared-stop');
      await receive(tokenless('I dispute this debt. I do not owe this.'), 'ses-shared-dispute');
      expect(intents()).toEqual([
        ['stop', 'dispute'],
        ['stop', 'dispute'],
      ]);
    });

    it('turns a promise to pay into a message for a person of each creditor: it may be about one debt only', async () => {
      const { store, receive, intents, workflow } = shared();
      await receive(tokenless("I'll pay on Friday."), 'ses-shared-promise');
      expect(intents()).toEqual([['other'], ['other']]);
      expect((await store.listForReview('acme')).map((r) => r.messageId)).toEqual(['ses-shared-promise']);
      expect((await store.listForReview('globex')).map((r) => r.messageId)).toEqual(['ses-shared-promise']);
      expect(workflow.resumed).toEqual([]);
    });

    it("acts on a promise as usual when the sender's accounts are all one creditor's", async () => {
      const { store, receive } = world();
      const second = accountRecord({ accountRef: 'ACC-2' });
      store.seed(second, new Date('2026-03-01T12:00:00Z'));
      await receive(tokenless("I'll pay on Friday."), 'ses-one-creditor');
      for (const a of [account, second]) {
        expect(store.events(a.accountId).filter((e) => e.type === 'reply-received')).toEqual([
          expect.objectContaining({ intent: 'promise' }),
        ]);
      }
    });
  });
});
