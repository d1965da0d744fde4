// The validation notice by letter: a debtor the agency cannot email gets it by post before the agency's first text,
// once, whatever crashes and retries; the text follows only once the letter was mailed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../shared/accounts/account.ts';
import type { AccountEvent, EventDraft } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { LetterRefusedError, type EmailMessage, type EmailSender, type LetterMessage, type LetterSender } from '../../shared/ports.ts';
import { renderValidationLetter, type ValidationLetterContext } from '../../shared/templates/letter.ts';
import { type SendDeps, type SendInput, sendTouch } from '../../shared/usecases/send-touch.ts';
import { HmacLinkSigner } from '../../local/hmac-link-signer.ts';
import { LocalLetterOutbox } from '../../local/letter-outbox.ts';
import { LocalEmailOutbox, LocalSmsOutbox } from '../../local/outboxes.ts';
import {
  INSIDE_HOURS,
  MemoryAccountStore,
  MemoryCreditorStore,
  RecordingWorkflow,
  accountRecord,
  acmeProfile,
  sendersWithVerifiedDomains,
} from '../handlers/setup/fakes.ts';

const ADDRESS = { line1: '12 Elm St', city: 'Brooklyn', state: 'NY', zip: '11201', country: 'US' };
const phoneOnly = (overrides: Partial<AccountRecord> = {}): AccountRecord => {
  const base = accountRecord();
  return { ...base, debtor: { name: base.debtor.name, phone: base.debtor.phone!, address: ADDRESS }, ...overrides };
};
const handedOff: EventDraft[] = [
  { type: 'handoff-approved', by: 'policy', key: 'handoff-decision' },
  { type: 'stage-entered', stage: 'ThirdParty', key: 'stage:ThirdParty' },
];

function deps(store: SendDeps['store'], ports: Partial<SendDeps> = {}): SendDeps {
  return {
    store,
    creditors: new MemoryCreditorStore(acmeProfile()),
    workflow: new RecordingWorkflow(),
    email: new LocalEmailOutbox(),
    sms: new LocalSmsOutbox(),
    letters: new LocalLetterOutbox(),
    replyDomain: 'replies.test',
    agency: {
      name: 'Northwind Recovery',
      email: 'agency@agency.test',
      smsOrigination: '+18885550777',
      address: '1 Main St, Springfield, IL 62701',
    },
    links: new HmacLinkSigner(),
    replySigner: new HmacLinkSigner(),
    unsubscribeBaseUrl: 'https://unsubscribe.test/',
    senders: sendersWithVerifiedDomains(acmeProfile()),
    ...ports,
  };
}

const textInput = (record: AccountRecord, n = 1): SendInput => ({
  accountId: record.accountId,
  stage: 'ThirdParty',
  touchId: `${record.accountId}-thirdparty-${n}`,
  channel: 'sms',
  token: `t-${n}`,
});

function seeded(record: AccountRecord, ...more: EventDraft[]): MemoryAccountStore {
  const store = new MemoryAccountStore();
  store.seed(record, new Date('2026-02-27T14:00:00Z'), ...handedOff, ...more);
  return store;
}

const types = (events: readonly AccountEvent[]) => events.map((e) => e.type);

describe('Send: the validation notice by letter', () => {
  it('mails the letter, records when it should arrive, then sends the first text', async () => {
    const record = phoneOnly({
      itemization: {
        date: '2025-10-31',
        dateKind: 'charge-off',
        amountMinor: 24_000,
        interestMinor: 600,
        feesMinor: 900,
        paymentsMinor: 500,
        accountNumberLast4: '6789',
      },
    });
    const store = seeded(record);
    const letters = new LocalLetterOutbox(undefined, () => INSIDE_HOURS);
    const sms = new LocalSmsOutbox();
    await expect(sendTouch(deps(store, { letters, sms }), textInput(record), INSIDE_HOURS)).resolves.toMatchObject({ status: 'sent' });

    const events = store.events(record.accountId);
    expect(types(events).slice(-4)).toEqual(['touch-sending', 'validation-letter-mailing', 'validation-letter-mailed', 'touch-sent']);
    // Mailed on Monday 2 March 2026: assumed received five business days later (1006.34(b)(5)), the period 30 days after.
    expect(events.find((e) => e.type === 'validation-letter-mailed')).toMatchObject({
      expectedDeliveryDate: '2026-03-09',
      validationEndsOn: '2026-04-08',
    });
    expect(letters.sent).toHaveLength(1);
    const { html, to } = letters.sent[0]!;
    expect(to).toEqual({ name: record.debtor.name, address: ADDRESS });
    for (const shown of [
      'Northwind Recovery is a debt collector',
      '****6789',
      '$240.00',
      '$6.00',
      '$9.00',
      '$5.00',
      '$250.00',
      'April 8, 2026',
    ]) {
      expect(html).toContain(shown);
    }
    expect(html).toContain('Write to us at 1 Main St, Springfield, IL 62701, and tell us:');
    expect(html).not.toContain('Reply to this email');
    expect(sms.sent).toHaveLength(1);
    expect(foldAccount(record.accountId, events).validationLetter).toMatchObject({ expectedDeliveryDate: '2026-03-09' });
  });

  it('mails one letter per account: the next text goes without one', async () => {
    const record = phoneOnly();
    const store = seeded(record);
    const letters = new LocalLetterOutbox();
    const sms = new LocalSmsOutbox();
    await sendTouch(deps(store, { letters, sms }), textInput(record, 1), INSIDE_HOURS);
    await sendTouch(deps(store, { letters, sms }), textInput(record, 2), new Date(INSIDE_HOURS.getTime() + 7 * 86_400_000));
    expect(letters.sent).toHaveLength(1);
    expect(sms.sent).toHaveLength(2);
  });

  it.each([
    ['no postal address', phoneOnly({ debtor: { name: 'Dana Whitfield', phone: '+12125550147' } }), true],
    ['no print-and-mail service', phoneOnly(), false],
  ])('never texts as the agency with %s: suppressed with the reason', async (_, record, withLetters) => {
    const store = seeded(record);
    const sms = new LocalSmsOutbox();
    const result = await sendTouch(deps(store, { sms, ...(withLetters ? {} : { letters: undefined }) }), textInput(record), INSIDE_HOURS);
    expect(result).toMatchObject({ status: 'suppressed', reasons: ['validation-notice:needs-email-or-address'] });
    expect(sms.sent).toEqual([]);
  });

  it('sends no notice whose itemization does not add up: the touch is suppressed with the reason', async () => {
    const record = phoneOnly({
      itemization: {
        date: '2025-10-31',
        dateKind: 'last-statement',
        amountMinor: 20_000,
        interestMinor: 0,
        feesMinor: 0,
        paymentsMinor: 0,
      },
    });
    const letters = new LocalLetterOutbox();
    const result = await sendTouch(deps(seeded(record), { letters }), textInput(record), INSIDE_HOURS);
    expect(result).toMatchObject({ status: 'suppressed', reasons: ['validation-notice:itemization-does-not-add-up'] });
    expect(letters.sent).toEqual([]);
  });

  it('a failed mailing is released and retried with the same letter id; a refused one fails for a person to see', async () => {
    const record = phoneOnly();
    const store = seeded(record);
    const outbox = new LocalLetterOutbox();
    let failure: Error | undefined = Object.assign(new Error('Bad gateway'), { name: 'TransientError' });
    const letters: LetterSender = {
      sendLetter: (letter: LetterMessage) => (failure ? Promise.reject(failure) : outbox.sendLetter(letter)),
    };
    const sms = new LocalSmsOutbox();
    await expect(sendTouch(deps(store, { letters, sms }), textInput(record), INSIDE_HOURS)).rejects.toThrow('Bad gateway');
    expect(types(store.events(record.accountId)).slice(-3)).toEqual([
      'validation-letter-mailing',
      'validation-letter-failed',
      'touch-send-failed',
    ]);
    expect(foldAccount(record.accountId, store.events(record.accountId)).validationLetter).toBeUndefined();
    failure = undefined;
    await expect(sendTouch(deps(store, { letters, sms }), textInput(record), INSIDE_HOURS)).resolves.toMatchObject({ status: 'sent' });
    expect(outbox.sent).toHaveLength(1);
    expect(sms.sent).toHaveLength(1);

    const other = phoneOnly({ accountId: 'acc-000000000000000000000002' });
    const refusing: LetterSender = { sendLetter: () => Promise.reject(new LetterRefusedError('Lob answered HTTP 422')) };
    await expect(sendTouch(deps(seeded(other), { letters: refusing }), textInput(other), INSIDE_HOURS)).rejects.toThrow(LetterRefusedError);
  });

  it('a mailing whose outcome was lost is never repeated, and no text follows it', async () => {
    const record = phoneOnly();
    const claimed: EventDraft = { type: 'validation-letter-mailing', letterId: 'x', attempt: 1, key: 'validation-letter:mailing:1' };
    const store = seeded(record, claimed);
    const letters = new LocalLetterOutbox();
    const sms = new LocalSmsOutbox();
    const result = await sendTouch(deps(store, { letters, sms }), textInput(record, 2), INSIDE_HOURS);
    expect(result).toMatchObject({ status: 'suppressed', reasons: ['validation-notice:letter-outcome-unknown'] });
    expect(letters.sent).toEqual([]);
    expect(sms.sent).toEqual([]);
  });

  it('the agency email carries the placed itemization and the masked account number', async () => {
    const base = accountRecord();
    const record: AccountRecord = {
      ...base,
      itemization: {
        date: '2025-10-31',
        dateKind: 'charge-off',
        amountMinor: 24_000,
        interestMinor: 1_000,
        feesMinor: 0,
        paymentsMinor: 0,
        accountNumberLast4: '4321',
      },
    };
    const email = new LocalEmailOutbox();
    const input: SendInput = { ...textInput(record), channel: 'email' };
    await expect(sendTouch(deps(seeded(record), { email }), input, INSIDE_HOURS)).resolves.toMatchObject({ status: 'sent' });
    const text = (email.sent[0] as EmailMessage).text;
    expect(text).toContain('account number ****4321');
    expect(text).toContain('October 31, 2025');
    expect(text).toContain('+ $10.00');
  });
});

/** Where a Send can die around the letter: nowhere, on the service's error answer, after it mailed, or recording it. */
const CRASHES = ['none', 'letter-refused', 'lost-after-mailing', 'record-mailed'] as const;
class CrashNow extends Error {}

describe('Send: no agency text before the notice, at most one letter (property)', () => {
  it('holds for two Sends of the first text in any interleaving, any crash point in each, and the retry after them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.constantFrom(...CRASHES), fc.constantFrom(...CRASHES), async (s, crashA, crashB) => {
        const record = phoneOnly();
        const store = seeded(record);
        const mailed: LetterMessage[] = [];
        const texts: Array<{ at: number }> = [];
        const crashes: Record<string, (typeof CRASHES)[number]> = { A: crashA, B: crashB, retry: 'none' };
        const invoke = (name: string) => {
          const crash = crashes[name]!;
          const append = s.scheduleFunction(async (event: AccountEvent) => {
            if (crash === 'record-mailed' && event.type === 'validation-letter-mailed') throw new CrashNow('the record failed');
            return store.appendEvent(event);
          });
          const ports = Object.create(store, { appendEvent: { value: append } });
          const letters: LetterSender = {
            async sendLetter(letter) {
              if (crash === 'letter-refused') throw Object.assign(new Error('Service unavailable'), { name: 'TransientError' });
              // The provider's idempotency key: the same letter id is one letter.
              if (!mailed.some((l) => l.letterId === letter.letterId)) mailed.push(letter);
              if (crash === 'lost-after-mailing') throw new CrashNow('the connection dropped after the letter was taken');
              return { providerId: 'ltr_1', expectedDeliveryDate: '2026-03-09' };
            },
          };
          const sms = {
            sendSms: async () => {
              texts.push({ at: store.events(record.accountId).length });
              return { messageId: `m-${texts.length}` };
            },
          };
          const email: EmailSender = { sendEmail: () => Promise.reject(new Error('no email')) };
          return sendTouch(deps(ports, { letters, sms, email }), { ...textInput(record), token: name }, INSIDE_HOURS).catch(
            (e: unknown) => e,
          );
        };
        await s.waitFor(Promise.all([invoke('A'), invoke('B')]));
        await s.waitFor(invoke('retry'));

        const events = store.events(record.accountId);
        expect(mailed.length).toBeLessThanOrEqual(1);
        // Every text went after the letter was recorded as mailed.
        const mailedAt = events.findIndex((e) => e.type === 'validation-letter-mailed');
        for (const text of texts) expect(mailedAt >= 0 && mailedAt < text.at).toBe(true);
        expect(texts.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('renderValidationLetter', () => {
  const inputs = (locale: string, debtorName = 'Ana <b>Flores</b>'): ValidationLetterContext => ({
    locale,
    agency: { name: 'Northwind Recovery', address: 'Northwind Recovery\nPO Box 1200\nPortland, OR 97201' },
    creditorName: 'Acme Energy',
    debtorName,
    debtorAddress: { line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' },
    currency: 'USD',
    mailedOn: '2026-03-09',
    validation: {
      itemizationDate: '2026-01-31',
      amountOnItemizationMinor: 10_000,
      interestMinor: 0,
      feesMinor: 0,
      paymentsMinor: 0,
      creditsMinor: 0,
      currentMinor: 10_000,
      validationEndsOn: '2026-04-15',
    },
  });
  const letter = (locale: string) => renderValidationLetter(inputs(locale));

  it('addresses the debtor for a window envelope, dated the mailing day, with every value escaped', () => {
    const { html, text, template } = letter('en');
    expect(template).toBe('validation-notice.letter.en.v1');
    expect(text.split('\n\n').slice(0, 3)).toEqual([
      'Northwind Recovery\nPO Box 1200\nPortland, OR 97201',
      'Ana <b>Flores</b>\n1 Market St\nSan Francisco, CA 94105',
      'March 9, 2026',
    ]);
    expect(html).toContain('Ana &lt;b&gt;Flores&lt;/b&gt;');
    expect(html).not.toContain('<b>Flores');
  });

  it('in Spanish carries the English notice too (1006.34(e))', () => {
    const { html, template } = letter('es-US');
    expect(template).toBe('validation-notice.letter.es.v1');
    expect(html).toContain('Información sobre esta deuda');
    expect(html).toContain('Information about this debt');
    expect(html).toContain('Escríbanos a Northwind Recovery, PO Box 1200, Portland, OR 97201 e indíquenos:');
  });

  it('refuses a debtor address without a street line', () => {
    expect(() => renderValidationLetter({ ...inputs('en'), debtorAddress: { city: 'San Francisco', zip: '94105' } })).toThrow(
      'debtor address line1',
    );
  });
});
