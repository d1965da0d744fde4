import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLY_INTENTS, type Channel } from '../../shared/accounts/events.ts';
import { classifyReply, normaliseReply } from '../../shared/replies/classify.ts';
import { HELP_KEYWORDS, START_KEYWORDS, STOP_KEYWORDS } from '../../shared/replies/keywords.ts';
import { visibleText } from '../../shared/replies/visible-text.ts';
import { REPLY_EXAMPLES as TABLE, email, sms } from '../support/reply-examples.ts';

describe('classifyReply', () => {
  it.each(TABLE)('%j by %s → %j', (text, channel, expected) => {
    expect(classifyReply(text, channel === 'sms' ? sms : email)).toEqual(expected);
  });

  it('has a table of at least 25 messages covering every intent', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
    // csat needs the account's context (a survey was sent), so the reply use case assigns it, not the classifier.
    expect(new Set(TABLE.map(([, , c]) => c.intent))).toEqual(new Set(REPLY_INTENTS.filter((i) => i !== 'csat')));
  });

  it('reads every help and opt-in keyword of every language as such, on both channels', () => {
    for (const channel of ['sms', 'email'] as const) {
      for (const keyword of HELP_KEYWORDS)
        expect(classifyReply(` ${keyword.toUpperCase()}! `, { ...sms, channel })).toEqual({ intent: 'help' });
      for (const keyword of START_KEYWORDS) expect(classifyReply(`"${keyword}"`, { ...sms, channel })).toEqual({ intent: 'start' });
    }
  });

  it('has its keywords in the form the rules match on, each in one list only', () => {
    const lists = [STOP_KEYWORDS, HELP_KEYWORDS, START_KEYWORDS];
    for (const keyword of lists.flat()) expect(keyword).toMatch(/^[a-z]+( [a-z]+)*$/);
    expect(new Set(lists.flat()).size).toBe(lists.flat().length);
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
          fc
            .array(
              fc.constantFrom(
                'i',
                'will',
                'pay',
                'on',
                'friday',
                'the',
                '15th',
                '3/15',
                'stop',
                'not',
                'my',
                'debt',
                'next',
                'week',
                'pagaré',
                'el',
                'viernes',
                '!',
                'link',
                'tomorrow',
                '2/30',
                '13/13',
              ),
              { maxLength: 8 },
            )
            .map((words) => words.join(' ')),
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
