import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLY_INTENTS, type Channel } from '../../shared/accounts/events.ts';
import { STOP_KEYWORDS, classifyReply, normaliseReply, type ReplyClassification } from '../../shared/replies/classify.ts';
import { visibleText } from '../../shared/replies/visible-text.ts';

// Wednesday 12 March 2025, 10:00 in Chicago.
const WEDNESDAY = new Date('2025-03-12T15:00:00Z');
const sms = { channel: 'sms' as Channel, receivedAt: WEDNESDAY, timeZone: 'America/Chicago' };
const email = { ...sms, channel: 'email' as Channel };

const TABLE: [string, Channel, ReplyClassification][] = [
  // keywords
  ['STOP', 'sms', { intent: 'stop' }],
  ['  stop!!! ', 'sms', { intent: 'stop' }],
  ['Stop please', 'sms', { intent: 'stop' }],
  ['StopAll', 'sms', { intent: 'stop' }],
  ['UNSUBSCRIBE', 'sms', { intent: 'stop' }],
  ['Cancel', 'sms', { intent: 'stop' }],
  ['end.', 'sms', { intent: 'stop' }],
  ['QUIT', 'sms', { intent: 'stop' }],
  ['revoke', 'sms', { intent: 'stop' }],
  ['Opt out', 'sms', { intent: 'stop' }],
  ['opt-out', 'sms', { intent: 'stop' }],
  ['OPTOUT', 'sms', { intent: 'stop' }],
  ['ALTO', 'sms', { intent: 'stop' }],
  ['Parar', 'sms', { intent: 'stop' }],
  ['¡Basta!', 'sms', { intent: 'stop' }],
  ['HELP', 'sms', { intent: 'help' }],
  ['info', 'sms', { intent: 'help' }],
  ['Ayuda', 'sms', { intent: 'help' }],
  ['Remove', 'sms', { intent: 'stop' }],
  ['Baja', 'sms', { intent: 'stop' }],
  ['START', 'sms', { intent: 'start' }],
  ['unstop', 'sms', { intent: 'start' }],
  ['  Start. ', 'email', { intent: 'start' }],
  // YES alone may answer anything: not an opt-in (CTIA and End User Messaging use START / UNSTOP)
  ['Yes', 'sms', { intent: 'other' }],
  ['yes', 'email', { intent: 'other' }],
  ['Unsubscribe', 'email', { intent: 'stop' }],
  ['STOP', 'email', { intent: 'stop' }],
  // cease: a request to stop all contact
  ['Stop contacting me', 'sms', { intent: 'cease' }],
  ['Please stop calling me.', 'sms', { intent: 'cease' }],
  ['Please stop emailing me. I do not wish to be contacted again.', 'email', { intent: 'cease' }],
  ['Cease and desist all communication.', 'email', { intent: 'cease' }],
  ['Do not contact me again', 'email', { intent: 'cease' }],
  ["don't call me", 'sms', { intent: 'cease' }],
  ['Leave me alone', 'sms', { intent: 'cease' }],
  ['Dejen de llamarme', 'sms', { intent: 'cease' }],
  ['No me contacten más', 'sms', { intent: 'cease' }],
  ["I don't owe this, stop contacting me", 'email', { intent: 'cease' }],
  // dispute
  ['I dispute this debt', 'email', { intent: 'dispute' }],
  ['This is not my debt', 'sms', { intent: 'dispute' }],
  ["I don't owe you anything", 'sms', { intent: 'dispute' }],
  ['I dont owe this', 'sms', { intent: 'dispute' }],
  ['I do not owe this money', 'email', { intent: 'dispute' }],
  ['I already paid this', 'sms', { intent: 'dispute' }],
  ['Never opened an account with you', 'sms', { intent: 'dispute' }],
  ['No es mi deuda', 'sms', { intent: 'dispute' }],
  ['No debo nada', 'sms', { intent: 'dispute' }],
  // channel opt-out in words
  ['Stop texting me', 'sms', { intent: 'stop' }],
  ['Please remove me from this list', 'sms', { intent: 'stop' }],
  ["STOP I'll pay friday", 'sms', { intent: 'stop' }],
  // wrong person
  ['Wrong number', 'sms', { intent: 'wrong_person' }],
  ['You have the wrong number, stop texting me', 'sms', { intent: 'wrong_person' }],
  ["I'm not Dana", 'sms', { intent: 'wrong_person' }],
  ['im not him', 'sms', { intent: 'wrong_person' }],
  ["Sorry, I don't know who that is", 'sms', { intent: 'wrong_person' }],
  ["Dana doesn't live here anymore", 'email', { intent: 'wrong_person' }],
  ['This is not my number, wrong person. Not my debt', 'sms', { intent: 'wrong_person' }],
  ['Número equivocado', 'sms', { intent: 'wrong_person' }],
  ['No conozco a esa persona', 'sms', { intent: 'wrong_person' }],
  ['No soy Dana', 'sms', { intent: 'wrong_person' }],
  ["I'm not able to pay", 'sms', { intent: 'other' }],
  ["I'm not paying this", 'sms', { intent: 'other' }],
  // help
  ['Who is this?', 'sms', { intent: 'help' }],
  ['¿Quién es?', 'sms', { intent: 'help' }],
  // promises (received Wednesday 2025-03-12 in Chicago)
  ["I'll pay on Friday", 'sms', { intent: 'promise', promiseDate: '2025-03-14' }],
  ['I will pay friday.', 'email', { intent: 'promise', promiseDate: '2025-03-14' }],
  ['Can pay on Wednesday', 'sms', { intent: 'promise', promiseDate: '2025-03-19' }],
  ['will pay on 3/15', 'sms', { intent: 'promise', promiseDate: '2025-03-15' }],
  ['I can pay on 3/10', 'sms', { intent: 'promise', promiseDate: '2026-03-10' }],
  ['Payment on 04/01/2025', 'sms', { intent: 'promise', promiseDate: '2025-04-01' }],
  ['pay on the 15th', 'sms', { intent: 'promise', promiseDate: '2025-03-15' }],
  ['I get paid on the 5th, will pay then', 'sms', { intent: 'promise', promiseDate: '2025-04-05' }],
  ['I will pay March 28th', 'email', { intent: 'promise', promiseDate: '2025-03-28' }],
  ["I'll pay the 20th of April", 'email', { intent: 'promise', promiseDate: '2025-04-20' }],
  ['I can pay next week', 'sms', { intent: 'promise', promiseDate: '2025-03-17' }],
  ['Will pay tomorrow', 'sms', { intent: 'promise', promiseDate: '2025-03-13' }],
  ['I will make a payment today', 'sms', { intent: 'promise', promiseDate: '2025-03-12' }],
  ['I can make a payment in 3 days', 'sms', { intent: 'promise', promiseDate: '2025-03-15' }],
  ["Can't pay until Friday", 'sms', { intent: 'promise', promiseDate: '2025-03-14' }],
  ['Pagaré el viernes', 'sms', { intent: 'promise', promiseDate: '2025-03-14' }],
  ['pago mañana', 'sms', { intent: 'promise', promiseDate: '2025-03-13' }],
  ['Pagaré el 15 de abril', 'sms', { intent: 'promise', promiseDate: '2025-04-15' }],
  ['Voy a pagar la próxima semana', 'sms', { intent: 'promise', promiseDate: '2025-03-17' }],
  // pay
  ['How do I pay?', 'sms', { intent: 'pay' }],
  ['Send me the link', 'sms', { intent: 'pay' }],
  ['pay', 'sms', { intent: 'pay' }],
  ["I'll pay soon", 'sms', { intent: 'pay' }],
  ['Quiero pagar', 'sms', { intent: 'pay' }],
  // plan: instalments, even with a date in the message
  ['Can I set up a payment plan?', 'email', { intent: 'plan' }],
  ['Can I pay in installments?', 'sms', { intent: 'plan' }],
  ['I can do $50 a month', 'sms', { intent: 'plan' }],
  ['could I pay 100 dollars a month starting friday', 'sms', { intent: 'plan' }],
  ['Is it possible to pay it off over time?', 'email', { intent: 'plan' }],
  ['Can we work out an arrangement', 'sms', { intent: 'plan' }],
  ['¿Puedo pagar a plazos?', 'sms', { intent: 'plan' }],
  ['Quiero un plan de pagos', 'sms', { intent: 'plan' }],
  ['Puedo pagar 40 dólares al mes', 'sms', { intent: 'plan' }],
  // hardship
  ['I lost my job last month', 'sms', { intent: 'hardship' }],
  ["I can't pay right now, I was laid off", 'sms', { intent: 'hardship' }],
  ["I can't afford this", 'sms', { intent: 'hardship' }],
  ['I have huge medical bills and I am in the hospital', 'email', { intent: 'hardship' }],
  ["I've been sick for weeks", 'sms', { intent: 'hardship' }],
  ['Going through a financial hardship', 'email', { intent: 'hardship' }],
  ['Perdí mi trabajo', 'sms', { intent: 'hardship' }],
  ['No tengo dinero, estoy enferma', 'sms', { intent: 'hardship' }],
  ['I lost my job but I will pay on friday', 'sms', { intent: 'promise', promiseDate: '2025-03-14' }],
  ["I'm sick of these texts", 'sms', { intent: 'other' }],
  // other
  ["I can't pay right now", 'sms', { intent: 'other' }],
  ['ok thanks', 'sms', { intent: 'other' }],
  ['', 'sms', { intent: 'other' }],
  ['👍', 'sms', { intent: 'other' }],
  ['The weekend was great', 'email', { intent: 'other' }],
  ['Thanks, I will call you later', 'sms', { intent: 'other' }],
];

describe('classifyReply', () => {
  it.each(TABLE)('%j by %s → %j', (text, channel, expected) => {
    expect(classifyReply(text, channel === 'sms' ? sms : email)).toEqual(expected);
  });

  it('has a table of at least 25 messages covering every intent', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
    // csat needs the account's context (a survey was sent), so the reply use case assigns it, not the classifier.
    expect(new Set(TABLE.map(([, , c]) => c.intent))).toEqual(new Set(REPLY_INTENTS.filter((i) => i !== 'csat')));
  });

  it('treats START and UNSTOP as opt-ins whatever the case and punctuation', () => {
    for (const text of ['START', 'start', ' Start! ', 'UNSTOP.', '"unstop"']) {
      for (const channel of ['sms', 'email'] as const) expect(classifyReply(text, { ...sms, channel })).toEqual({ intent: 'start' });
    }
  });

  it('treats every STOP keyword, in any case and with punctuation around it, as stop on both channels', () => {
    for (const keyword of STOP_KEYWORDS) {
      for (const channel of ['sms', 'email'] as const) {
        for (const variant of [keyword, keyword.toUpperCase(), ` ${keyword}. `, `"${keyword}!"`]) {
          expect(classifyReply(variant, { ...sms, channel })).toEqual({ intent: 'stop' });
        }
      }
    }
  });

  it('reads only the debtor’s own words in an email, not the quoted message (as the email parser hands them over)', () => {
    const reply = [
      'Thanks, I will pay on Friday.',
      '',
      'On Tue, Mar 11, 2025 at 9:00 AM Acme Energy <billing@acme.example> wrote:',
      '> A quick reminder... Unsubscribe from these emails: https://example.com/u',
      '> This is a communication from a debt collector.',
    ].join('\n');
    expect(classifyReply(visibleText(reply), email)).toEqual({ intent: 'promise', promiseDate: '2025-03-14' });
    expect(classifyReply(visibleText('> STOP\nsend me the link'), email)).toEqual({ intent: 'pay' });
    expect(classifyReply(visibleText('Unsubscribe\n\nSent from my iPhone'), email)).toEqual({ intent: 'stop' });
  });

  it("resolves dates in the debtor's time zone", () => {
    // 03:00Z on Thursday 13 March is still Wednesday evening in Chicago, and already Thursday in UTC.
    const at = new Date('2025-03-13T03:00:00Z');
    expect(classifyReply('will pay tomorrow', { ...sms, receivedAt: at })).toEqual({ intent: 'promise', promiseDate: '2025-03-13' });
    expect(classifyReply('will pay tomorrow', { ...sms, receivedAt: at, timeZone: 'UTC' })).toEqual({
      intent: 'promise',
      promiseDate: '2025-03-14',
    });
  });

  it('takes weekdays strictly after today and day-of-month dates from today on', () => {
    const friday = { ...sms, receivedAt: new Date('2025-03-14T15:00:00Z') };
    expect(classifyReply('I will pay friday', friday).promiseDate).toBe('2025-03-21');
    expect(classifyReply('I will pay on the 14th', friday).promiseDate).toBe('2025-03-14');
    const monday = { ...sms, receivedAt: new Date('2025-03-17T15:00:00Z') };
    expect(classifyReply('I will pay next week', monday).promiseDate).toBe('2025-03-24');
    // The next 31st after 10 April is 31 May; 2/29 exists in neither this year nor next.
    const april = { ...sms, receivedAt: new Date('2025-04-10T15:00:00Z') };
    expect(classifyReply('pay on the 31st', april).promiseDate).toBe('2025-05-31');
    expect(classifyReply('I will pay 2/29', april)).toEqual({ intent: 'pay' });
    // Across the year end.
    const december = { ...sms, receivedAt: new Date('2025-12-30T15:00:00Z') };
    expect(classifyReply('will pay on 1/5', december).promiseDate).toBe('2026-01-05');
    expect(classifyReply('pay the 2nd', december).promiseDate).toBe('2026-01-02');
  });

  it('refuses an unknown time zone with a clear error', () => {
    expect(() => classifyReply('pay friday', { ...sms, timeZone: 'Nowhere/Land' })).toThrow(/unknown time zone/);
  });

  it('always returns a known intent, with a date exactly for promises, never before the day received (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(
            fc.constantFrom('i', 'will', 'pay', 'on', 'friday', 'the', '15th', '3/15', 'stop', 'not', 'my', 'debt', 'next', 'week', 'pagaré', 'el', 'viernes', '!', 'link', 'tomorrow', '2/30', '13/13'),
            { maxLength: 8 },
          ).map((words) => words.join(' ')),
        ),
        fc.constantFrom<Channel>('sms', 'email'),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }),
        (text, channel, receivedAt) => {
          const result = classifyReply(text, { channel, receivedAt, timeZone: 'America/New_York' });
          expect(REPLY_INTENTS).toContain(result.intent);
          if (result.intent === 'promise') {
            expect(result.promiseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(receivedAt);
            expect(result.promiseDate! >= today).toBe(true);
          } else {
            expect(result.promiseDate).toBeUndefined();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('normaliseReply', () => {
  it('trims, lower-cases and strips surrounding punctuation', () => {
    expect(normaliseReply('  "STOP!!!"  ')).toBe('stop');
    expect(normaliseReply('¿Quién   es?')).toBe('quién es');
    expect(normaliseReply('I’ll pay on 3/15.')).toBe("i'll pay on 3/15");
  });
});
