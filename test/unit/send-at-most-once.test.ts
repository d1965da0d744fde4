// At most once, and counted: two Sends of one touch in any interleaving, each with any crash point, then the retry
// Step Functions would make, deliver a message at most once; and every message the provider accepted counts for the
// frequency caps, even when its outcome was never recorded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountEvent, EventDraft } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import type { EmailMessage, EmailSender } from '../../shared/ports.ts';
import { type SendDeps, type SendInput, sendTouch } from '../../shared/usecases/send-touch.ts';
import { HmacLinkSigner } from '../../local/hmac-link-signer.ts';
import { LocalSmsOutbox } from '../../local/outboxes.ts';
import {
  INSIDE_HOURS,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  accountRecord,
  acmeProfile,
  sendersWithVerifiedDomains,
} from '../handlers/setup/fakes.ts';

/** Where a Send can die: nowhere, before it reads, on the provider's error answer, after the provider accepted, or
 * when it writes the outcome. */
const CRASHES = ['none', 'load', 'provider-refused', 'lost-after-accept', 'record-sent'] as const;
type Crash = (typeof CRASHES)[number];

class CrashNow extends Error {}

/** The provider: counts what it accepted; a 5xx answer carries its HTTP status like an AWS SDK error does. */
class CountingEmailProvider implements EmailSender {
  readonly delivered: EmailMessage[] = [];
  crashFor = new Map<string, Crash>();

  async sendEmail(message: EmailMessage & { sender?: string }): Promise<{ messageId: string }> {
    const crash = this.crashFor.get(message.sender ?? '');
    if (crash === 'provider-refused') {
      throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    }
    this.delivered.push(message);
    if (crash === 'lost-after-accept') throw new CrashNow('the connection dropped after the provider accepted');
    return { messageId: `m-${this.delivered.length}` };
  }
}

/** Send's ports around the given store and providers; the rest in-memory. */
function sendDeps(store: SendDeps['store'], providers: Pick<SendDeps, 'email'> & Partial<Pick<SendDeps, 'sms'>>): SendDeps {
  return {
    store,
    creditors: new MemoryCreditorStore(acmeProfile()),
    workflow: new RecordingWorkflow(),
    sms: new LocalSmsOutbox(),
    senders: sendersWithVerifiedDomains(acmeProfile()),
    ...providers,
    replyDomain: 'replies.test',
    agency: { name: 'Agency', email: 'agency@agency.test', address: '1 Main St' },
    links: new HmacLinkSigner(),
    replySigner: new HmacLinkSigner(),
    unsubscribeBaseUrl: 'https://unsubscribe.test/',
  };
}

const record = accountRecord();
const touchId = `${record.accountId}-softreminder-1`;
const stageEntered: EventDraft = { type: 'stage-entered', stage: 'SoftReminder', key: 'stage:SoftReminder' };

describe('Send: at most one delivery per touch, every delivery counted', () => {
  it('holds for any interleaving of two Sends, any crash point in each, and the retry after them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.constantFrom(...CRASHES), fc.constantFrom(...CRASHES), async (s, crashA, crashB) => {
        const store = new MemoryAccountStore();
        store.seed(record, new Date('2026-03-02T14:00:00Z'), stageEntered);
        const provider = new CountingEmailProvider();
        const crashes: Record<string, Crash> = { A: crashA, B: crashB, retry: 'none' };

        /** One Send invocation: its store calls go through the scheduler, so fast-check picks their order. */
        const invoke = (name: string) => {
          const crash = crashes[name]!;
          provider.crashFor.set(name, crash);
          const scheduled = s.scheduleFunction(async (event: AccountEvent) => {
            if (crash === 'record-sent' && event.type === 'touch-sent') throw new CrashNow('the outcome write failed');
            return store.appendEvent(event);
          });
          const load = s.scheduleFunction(async (accountId: string) => {
            if (crash === 'load') throw new CrashNow('crashed before reading the account');
            return store.loadHistory(accountId);
          });
          const ports = Object.create(store, { appendEvent: { value: scheduled }, loadHistory: { value: load } });
          const email: EmailSender = { sendEmail: (message) => provider.sendEmail({ ...message, sender: name } as EmailMessage) };
          const input: SendInput = {
            accountId: record.accountId,
            stage: 'SoftReminder',
            touchId,
            channel: 'email',
            token: `token-${name}`,
          };
          return sendTouch(sendDeps(ports, { email }), input, INSIDE_HOURS).catch((error: unknown) => error);
        };

        const both = Promise.all([invoke('A'), invoke('B')]);
        await s.waitFor(both);
        // Step Functions retries a failed Send: the retry runs after the two, with no crash.
        const retry = invoke('retry');
        await s.waitFor(retry);

        expect(provider.delivered.length).toBeLessThanOrEqual(1);
        const sentEntries = foldAccount(record.accountId, store.events(record.accountId)).contactHistory.filter(
          (h) => h.kind === 'sent' && h.channel === 'email',
        );
        expect(sentEntries.length).toBeGreaterThanOrEqual(provider.delivered.length);
        // Nothing is counted twice for the one touch.
        expect(sentEntries.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a touch refused by the provider with an error answer is not counted, and its retry sends it', async () => {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-02T14:00:00Z'), stageEntered);
    const deliveries: EmailMessage[] = [];
    let refuse = true;
    const email: EmailSender = {
      async sendEmail(message) {
        if (refuse) throw Object.assign(new Error('Throttled'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
        deliveries.push(message);
        return { messageId: 'm-1' };
      },
    };
    const deps = sendDeps(store, { email });
    const input: SendInput = { accountId: record.accountId, stage: 'SoftReminder', touchId, channel: 'email', token: 't' };

    await expect(sendTouch(deps, input, INSIDE_HOURS)).rejects.toThrow('Throttled');
    expect(foldAccount(record.accountId, store.events(record.accountId)).contactHistory).toEqual([]);

    refuse = false;
    await expect(sendTouch(deps, input, INSIDE_HOURS)).resolves.toMatchObject({ status: 'sent' });
    expect(deliveries).toHaveLength(1);
    expect(foldAccount(record.accountId, store.events(record.accountId)).contactHistory).toHaveLength(1);
  });
});

describe('Send: the gate sees what Plan sees', () => {
  it('suppresses a text planned before the debtor said the number reaches someone else', async () => {
    const store = new MemoryAccountStore();
    const wrongPerson: EventDraft = {
      type: 'reply-received',
      channel: 'sms',
      intent: 'wrong_person',
      messageId: 'in-1',
      key: 'reply:in-1',
    };
    store.seed(record, new Date('2026-03-02T14:00:00Z'), stageEntered, wrongPerson);
    const sms = new LocalSmsOutbox();
    const result = await sendTouch(
      sendDeps(store, { email: { sendEmail: () => Promise.reject(new Error('no email here')) }, sms }),
      { accountId: record.accountId, stage: 'SoftReminder', touchId, channel: 'sms', token: 't' },
      INSIDE_HOURS,
    );
    expect(result).toMatchObject({ status: 'suppressed', reasons: expect.arrayContaining(['unreachable:sms']) });
    expect(sms.sent).toEqual([]);
  });
});
