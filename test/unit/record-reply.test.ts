// A reply that reaches accounts of several creditors, so cannot be tied to one: only what protects the debtor
// applies to every account it reached; anything else goes to a person, never acted on. A property over any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/replies/classify.ts';
import type { Channel } from '../../shared/accounts/events.ts';
import { appliesToEveryDebt, recordReply } from '../../shared/usecases/record-reply.ts';
import { accountRecord, MemoryAccountStore, RecordingWorkflow } from '../handlers/setup/fakes.ts';

const now = new Date('2026-03-02T15:00:00Z');
const PHRASES = ['STOP', 'stop texting me', "I'll pay Friday", 'Can I set up a payment plan?', 'I dispute this debt', 'wrong number', 'Please cease all contact', 'HELP', 'START', '4', 'I lost my job', 'paid already', 'who is this?', ''];

describe("recordReply, on accounts of two creditors", () => {
  it('records on every account either what protects the debtor, as classified, or other for a person', async () => {
    const text = fc.oneof(fc.constantFrom(...PHRASES), fc.string({ maxLength: 60 }), fc.tuple(fc.constantFrom(...PHRASES), fc.string({ maxLength: 20 })).map(([a, b]) => `${a} ${b}`));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom<Channel>('email', 'sms'), async (body, channel) => {
        const store = new MemoryAccountStore();
        const accounts = [accountRecord(), accountRecord({ creditorId: 'globex', accountRef: 'G-1' })];
        for (const a of accounts) store.seed(a, new Date('2026-03-01T12:00:00Z'));
        await recordReply({ store, workflow: new RecordingWorkflow() }, accounts.map((a) => a.accountId), { channel, text: body, messageId: 'm-1' }, now);

        const classified = classifyReply(body, { channel, receivedAt: now, timeZone: 'America/New_York' }).intent;
        const expected = appliesToEveryDebt(classified, channel) ? classified : 'other';
        // Whatever the text says, nothing that commits one creditor's debt acts on another's.
        expect(['promise', 'plan', 'pay', 'hardship', 'csat']).not.toContain(expected);
        for (const a of accounts) {
          const replies = store.events(a.accountId).filter((e) => e.type === 'reply-received');
          expect(replies).toEqual([expect.objectContaining({ intent: expected })]);
          expect(replies[0]).not.toHaveProperty('promiseDate');
          if (expected === 'other') expect((await store.listForReview(a.creditorId)).map((r) => r.messageId)).toEqual(['m-1']);
        }
      }),
      { numRuns: 200 },
    );
  });
});
