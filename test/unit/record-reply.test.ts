// A reply that reaches accounts of several creditors, so cannot be tied to one: only what protects the debtor
// applies to every account it reached; anything else goes to a person, never acted on. A property over any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/replies/classify.ts';
import { eventFromDraft, type Channel } from '../../shared/accounts/events.ts';
import { contactRequestFor, debtorContactOf } from '../../shared/accounts/contact-history.ts';
import { evaluateContact } from '../../shared/compliance/evaluate.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import type { SmsMessage } from '../../shared/ports.ts';
import { handleInboundSms } from '../../shared/usecases/handle-inbound-sms.ts';
import { appliesToEveryDebt, recordReply } from '../../shared/usecases/record-reply.ts';
import {
  ACME_SMS_NUMBER,
  DEBTOR,
  accountRecord,
  acmeProfile,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
} from '../handlers/setup/fakes.ts';

const now = new Date('2026-03-02T15:00:00Z');
const PHRASES = [
  'STOP',
  'stop texting me',
  "I'll pay Friday",
  'Can I set up a payment plan?',
  'I dispute this debt',
  'wrong number',
  'Please cease all contact',
  'HELP',
  'START',
  '4',
  'I lost my job',
  'paid already',
  'who is this?',
  '',
];

describe('recordReply, on accounts of two creditors', () => {
  it('records on every account either what protects the debtor, as classified, or other for a person', async () => {
    const text = fc.oneof(
      fc.constantFrom(...PHRASES),
      fc.string({ maxLength: 60 }),
      fc.tuple(fc.constantFrom(...PHRASES), fc.string({ maxLength: 20 })).map(([a, b]) => `${a} ${b}`),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom<Channel>('email', 'sms'), async (body, channel) => {
        const store = new MemoryAccountStore();
        const accounts = [accountRecord(), accountRecord({ creditorId: 'globex', accountRef: 'G-1' })];
        for (const a of accounts) store.seed(a, new Date('2026-03-01T12:00:00Z'));
        await recordReply(
          { store, workflow: new RecordingWorkflow() },
          accounts.map((a) => a.accountId),
          { channel, text: body, messageId: 'm-1' },
          now,
        );

        const classified = classifyReply(body, { channel, receivedAt: now, timeZone: 'America/New_York' });
        const expected = appliesToEveryDebt(classified.intent, channel) ? classified.intent : 'other';
        // Whatever the text says, nothing that commits one creditor's debt acts on another's.
        expect(['promise', 'plan', 'pay', 'hardship', 'csat']).not.toContain(expected);
        for (const a of accounts) {
          const replies = store.events(a.accountId).filter((e) => e.type === 'reply-received');
          expect(replies).toEqual([expected, ...(classified.also ?? [])].map((intent) => expect.objectContaining({ intent })));
          expect(replies[0]).not.toHaveProperty('promiseDate');
          if (expected === 'other') expect((await store.listForReview(a.creditorId)).map((r) => r.messageId)).toEqual(['m-1']);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('recordReply, on a message with several protective intents', () => {
  async function textFromDebtor(body: string, deliveries = 1) {
    const store = new MemoryAccountStore();
    const creditors = new MemoryCreditorStore(acmeProfile());
    const account = accountRecord();
    store.seed(account, new Date('2026-03-01T12:00:00Z'));
    const sent: SmsMessage[] = [];
    const deps = {
      store,
      creditors,
      workflow: new RecordingWorkflow(),
      sms: {
        sendSms: async (m: SmsMessage) => {
          sent.push(m);
          return { messageId: `out-${sent.length}` };
        },
      },
      agency: { name: 'Northwind Recovery', email: 'help@northwind.example', address: '1 Main St' },
    };
    const message = { originationNumber: DEBTOR.phone, destinationNumber: ACME_SMS_NUMBER, messageBody: body, inboundMessageId: 'in-1' };
    const outcomes = [];
    for (let i = 0; i < deliveries; i++) outcomes.push(await handleInboundSms(deps, message, now));
    return { store, account, sent, outcomes };
  }

  it('records each, under ids of the message and the intent, and the fold both opts out of texts and disputes', async () => {
    const { store, account, sent } = await textFromDebtor('Stop! I already paid');
    const replies = store.events(account.accountId).filter((e) => e.type === 'reply-received');
    expect(replies.map((e) => [e.eventId, e.intent])).toEqual([
      [`${account.accountId}:sms:in-1`, 'dispute'],
      [`${account.accountId}:sms:in-1:stop`, 'stop'],
    ]);
    const state = foldAccount(account.accountId, store.events(account.accountId));
    expect(state.optedOut.sms).toBe(true);
    expect(state.disputed).toBe(true);
    // One message, one conversation for the frequency rules.
    expect(state.contactHistory.filter((c) => c.kind === 'conversation')).toHaveLength(1);
    // One answer: the STOP confirmation CTIA asks for.
    expect(sent.map((m) => m.body)).toEqual([expect.stringContaining('unsubscribed')]);
  });

  it('records a dispute and a cease in Spanish', async () => {
    const { store, account } = await textFromDebtor('No es mi deuda, dejen de escribirme');
    const state = foldAccount(account.accountId, store.events(account.accountId));
    expect([state.ceased, state.disputed]).toEqual([true, true]);
  });

  it('records nothing twice and answers once when the message is delivered again', async () => {
    const { store, account, sent, outcomes } = await textFromDebtor('Stop! I already paid', 2);
    expect(store.events(account.accountId).filter((e) => e.type === 'reply-received')).toHaveLength(2);
    expect(outcomes.map((o) => o.status)).toEqual(['recorded', 'duplicate']);
    expect(sent).toHaveLength(1);
  });
});

describe('recordReply, on an unauthenticated email', () => {
  it('acts only on what makes contact safer, whatever intents the text carries (property)', async () => {
    const text = fc.oneof(
      fc.constantFrom(...PHRASES, 'No es mi deuda, dejen de escribirme', 'This is not my debt, stop contacting me', 'Stop! I already paid'),
      fc.tuple(fc.constantFrom(...PHRASES), fc.constantFrom(...PHRASES)).map(([a, b]) => `${a}. ${b}`),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        const store = new MemoryAccountStore();
        const account = accountRecord();
        store.seed(account, new Date('2026-03-01T12:00:00Z'));
        const authentication = {
          status: 'unauthenticated',
          route: 'sender',
          replyToken: 'none',
          verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' },
        } as const;
        await recordReply(
          { store, workflow: new RecordingWorkflow() },
          [account.accountId],
          { channel: 'email', text: body, messageId: 'm-1', authentication },
          now,
        );

        const intents = store.events(account.accountId).flatMap((e) => (e.type === 'reply-received' ? [e.intent] : []));
        for (const intent of intents) expect(['stop', 'help', 'dispute', 'other']).toContain(intent);
        const state = foldAccount(account.accountId, store.events(account.accountId));
        expect(state.ceased).toBe(false);
        expect(state.unreachable).toEqual({ email: false, sms: false });
        expect(state.promise).toBeUndefined();
        expect(state.planRequestedAt).toBeUndefined();
        // A cease it carries holds the account for review; never a dispute it did not claim.
        const saysCease = classifyReply(body, { channel: 'email', receivedAt: now, timeZone: 'America/New_York' });
        if ([saysCease.intent, ...(saysCease.also ?? [])].includes('cease')) expect(state.reviewHold).toBe(true);
        if (!intents.includes('dispute')) expect(state.disputed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  const unauthenticated = {
    status: 'unauthenticated',
    route: 'sender',
    replyToken: 'none',
    verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' },
  } as const;

  it('holds the account for review on a cease, not as a dispute, and a person clears the hold', async () => {
    const store = new MemoryAccountStore();
    const account = accountRecord();
    store.seed(account, new Date('2026-03-01T12:00:00Z'));
    const deps = { store, workflow: new RecordingWorkflow() };
    const reply = { channel: 'email', text: 'Please cease all contact', messageId: 'm-1', authentication: unauthenticated } as const;
    await recordReply(deps, [account.accountId], reply, now);
    await recordReply(deps, [account.accountId], reply, now); // delivered again: nothing twice

    const events = store.events(account.accountId);
    expect(events.filter((e) => e.type === 'review-hold')).toMatchObject([{ reason: 'unauthenticated-cease', messageId: 'm-1' }]);
    expect(events.filter((e) => e.type === 'reply-received')).toMatchObject([{ intent: 'other' }]);
    const held = foldAccount(account.accountId, events);
    expect(held).toMatchObject({ reviewHold: true, disputed: false, ceased: false, status: 'active' });
    // No message while held: the compliance engine refuses with its own reason.
    const request = contactRequestFor(held, debtorContactOf(account), 'email', now);
    expect(evaluateContact(request)).toMatchObject({ allowed: false, reasons: expect.arrayContaining(['hard-stop:review-hold']) });
    expect(await store.listForReview(account.creditorId)).toMatchObject([{ intent: 'cease', messageId: 'm-1' }]);

    await store.appendEvent(eventFromDraft(account.accountId, now, { type: 'review-cleared', key: 'review-cleared:1' }));
    expect(foldAccount(account.accountId, store.events(account.accountId)).reviewHold).toBe(false);
  });

  it('still acts on a STOP at once: email stops, and no hold waits for a person', async () => {
    const store = new MemoryAccountStore();
    const account = accountRecord();
    store.seed(account, new Date('2026-03-01T12:00:00Z'));
    const reply = { channel: 'email', text: 'STOP', messageId: 'm-2', authentication: unauthenticated } as const;
    await recordReply({ store, workflow: new RecordingWorkflow() }, [account.accountId], reply, now);
    const state = foldAccount(account.accountId, store.events(account.accountId));
    expect(state).toMatchObject({ optedOut: { email: true }, reviewHold: false, disputed: false });
  });
});
