// The validation notice (period and deadline), the time-barred disclosure, and the request validator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContactRequest } from '../../shared/compliance/evaluate.ts';
import { referenceHoliday, wallTime } from '../support/compliance-testkit.ts';
import { timeBarredDisclosureRequired } from '../../shared/compliance/time-barred.ts';
import { validationNoticeDue, validationPeriod } from '../../shared/compliance/validation-notice.ts';

describe('validationPeriod', () => {
  it('skips Thanksgiving and the weekend after it (sent the Wednesday before Thanksgiving 2026)', () => {
    // Thu 26 Nov holiday, Fri 27 (1), Sat/Sun, Mon 30 (2), Tue 1 Dec (3), Wed 2 (4), Thu 3 (5).
    expect(validationPeriod(new Date('2026-11-25T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2026-12-03',
      validationEndsOn: '2027-01-02',
    });
  });

  it('skips a weekend', () => {
    // Fri 6 Mar 2026: Mon 9 (1) … Fri 13 (5).
    expect(validationPeriod(new Date('2026-03-06T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2026-03-13',
      validationEndsOn: '2026-04-12',
    });
    // Sent on a Saturday: the count starts on Monday all the same.
    expect(validationPeriod(new Date('2026-03-07T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2026-03-13',
      validationEndsOn: '2026-04-12',
    });
  });

  it('skips an observed holiday: Independence Day 2026 falls on a Saturday and is observed on Friday 3 July', () => {
    // Wed 1 Jul: Thu 2 (1), Fri 3 observed, weekend, Mon 6 (2), Tue 7 (3), Wed 8 (4), Thu 9 (5).
    expect(validationPeriod(new Date('2026-07-01T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2026-07-09',
      validationEndsOn: '2026-08-08',
    });
  });

  it('skips Christmas and New Year', () => {
    // Mon 21 Dec 2026: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 holiday, Mon 28 (4), Tue 29 (5).
    expect(validationPeriod(new Date('2026-12-21T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2026-12-29',
      validationEndsOn: '2027-01-28',
    });
    // Tue 29 Dec: Wed 30 (1), Thu 31 (2), Fri 1 Jan holiday, Mon 4 (3), Tue 5 (4), Wed 6 (5).
    expect(validationPeriod(new Date('2026-12-29T15:00:00Z'))).toEqual({
      assumedReceiptDate: '2027-01-06',
      validationEndsOn: '2027-02-05',
    });
  });

  it('counts from the Eastern date, not the UTC date', () => {
    // 23:30 on Thursday 5 March in New York is already Friday in UTC.
    expect(validationPeriod(new Date('2026-03-06T04:30:00Z')).assumedReceiptDate).toBe('2026-03-12');
    // With the debtor's zone given, its own date counts (the latest date among the zones).
    expect(validationPeriod(new Date('2026-03-06T04:30:00Z'), ['America/Chicago']).assumedReceiptDate).toBe('2026-03-12');
    expect(validationPeriod(new Date('2026-03-06T04:30:00Z'), ['America/Chicago', 'Europe/London']).assumedReceiptDate).toBe('2026-03-13');
  });

  it('lands on the fifth business day after the sending day, and ends 30 days later (property)', () => {
    const DAY = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') }), (t) => {
        const { assumedReceiptDate, validationEndsOn } = validationPeriod(new Date(t));
        const sent = wallTime('America/New_York', t);
        const business = (day: number) => {
          const date = new Date(day * DAY).toISOString().slice(0, 10);
          const weekday = new Date(day * DAY).getUTCDay();
          return weekday !== 0 && weekday !== 6 && !referenceHoliday(date);
        };
        let count = 0;
        let day = sent.day;
        while (count < 5) if (business(++day)) count++;
        expect(assumedReceiptDate).toBe(new Date(day * DAY).toISOString().slice(0, 10));
        expect(validationEndsOn).toBe(new Date((day + 30) * DAY).toISOString().slice(0, 10));
        expect(day - sent.day).toBeGreaterThanOrEqual(5);
        expect(day - sent.day).toBeLessThanOrEqual(11);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses an invalid date, and never counts from an earlier date for an unknown or missing zone', () => {
    expect(() => validationPeriod(new Date('nope'))).toThrow(/firstSentAt/);
    const lateThursdayInNewYork = new Date('2026-03-06T04:30:00Z'); // 20:30 in Los Angeles
    expect(validationPeriod(lateThursdayInNewYork, ['America/Los_Angeles']).assumedReceiptDate).toBe('2026-03-12');
    expect(validationPeriod(lateThursdayInNewYork, ['Mars/Olympus_Mons']).assumedReceiptDate).toBe('2026-03-12');
    expect(validationPeriod(lateThursdayInNewYork, []).assumedReceiptDate).toBe('2026-03-12');
    expect(validationPeriod(new Date('2026-03-06T07:30:00Z'), ['Pacific/Guam']).assumedReceiptDate).toBe('2026-03-13'); // Friday in Guam
  });
});

describe('validationNoticeDue', () => {
  const now = new Date('2026-03-02T15:00:00Z');

  it('goes with the first message when nothing has been sent yet', () => {
    expect(validationNoticeDue(null, now)).toEqual({ withFirstMessage: true, dueBy: now.toISOString(), overdue: false });
    expect(validationNoticeDue(undefined, now).withFirstMessage).toBe(true);
  });

  it('is due within 5 days of the first message', () => {
    const first = new Date('2026-02-27T15:00:00Z');
    expect(validationNoticeDue(first, now)).toEqual({ withFirstMessage: false, dueBy: '2026-03-04T15:00:00.000Z', overdue: false });
    expect(validationNoticeDue(first, new Date('2026-03-04T15:00:00Z')).overdue).toBe(false);
    expect(validationNoticeDue(first, new Date('2026-03-04T15:00:00.001Z')).overdue).toBe(true);
  });
});

describe('timeBarredDisclosureRequired', () => {
  it("follows the creditor's marks", () => {
    expect(timeBarredDisclosureRequired({})).toBe(false);
    expect(timeBarredDisclosureRequired({ timeBarred: true })).toBe(true);
    expect(timeBarredDisclosureRequired({ outOfStatute: true })).toBe(true);
    expect(timeBarredDisclosureRequired({ timeBarred: false, outOfStatute: false })).toBe(false);
  });

  it('reads a statute date, and errs on the side of the disclosure', () => {
    const flags = { statuteOfLimitationsEndsOn: '2026-03-02' };
    expect(timeBarredDisclosureRequired(flags, new Date('2026-03-01T23:59:59Z'))).toBe(false);
    expect(timeBarredDisclosureRequired(flags, new Date('2026-03-02T00:00:00Z'))).toBe(true);
    expect(timeBarredDisclosureRequired(flags)).toBe(true); // no date to compare with
    expect(timeBarredDisclosureRequired({ statuteOfLimitationsEndsOn: '2026-02-30' }, new Date('2020-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('parseContactRequest', () => {
  const valid = {
    at: '2026-03-02T15:00:00Z',
    channel: 'sms',
    address: { state: 'MA', zip: '02108' },
    phone: '+16175550100',
    history: [{ at: '2026-03-01T15:00:00.000Z', channel: 'email', kind: 'sent' }],
    flags: { optedOut: ['email'], disputed: false },
    inconvenientTimes: [{ daysOfWeek: [1, 2], from: '08:00', to: '10:00' }],
    policy: {
      daysOfWeek: [1, 2, 3, 4, 5],
      skipUsFederalHolidays: true,
      hours: { from: '09:00', to: '17:00' },
      caps: { sms: { count: 2, days: 7 } },
    },
  };

  it('returns a valid request as it is', () => {
    expect(parseContactRequest(valid)).toEqual(valid);
    expect(parseContactRequest({ at: '2026-03-02T10:00:00-05:00', channel: 'email' })).toEqual({
      at: '2026-03-02T10:00:00-05:00',
      channel: 'email',
    });
  });

  it('names the missing fields', () => {
    expect(() => parseContactRequest({})).toThrow('Invalid contact request: at: is required; channel: is required');
    expect(() => parseContactRequest({ at: '2026-03-02T15:00:00Z' })).toThrow(/channel: is required/);
    expect(() => parseContactRequest(null)).toThrow(/\(request\): .*expected object/);
    expect(() => parseContactRequest({ ...valid, history: [{ at: '2026-03-01T15:00:00Z', channel: 'sms' }] })).toThrow(
      /history\[0\]\.kind: is required/,
    );
  });

  it('names the invalid fields', () => {
    expect(() => parseContactRequest({ ...valid, at: 'yesterday' })).toThrow(/at: must be an ISO 8601 instant/);
    expect(() => parseContactRequest({ ...valid, at: '2026-03-02T15:00:00' })).toThrow(/at: must be an ISO 8601 instant/); // no zone
    expect(() => parseContactRequest({ ...valid, channel: 'fax' })).toThrow(/channel: Invalid option/);
    expect(() => parseContactRequest({ ...valid, phone: '617-555-0100' })).toThrow(/phone: must be an E\.164 number/);
    expect(() => parseContactRequest({ ...valid, address: { zip: '1234' } })).toThrow(/address\.zip: must be a ZIP code/);
    expect(() => parseContactRequest({ ...valid, history: [{ at: 'x', channel: 'sms', kind: 'sent' }] })).toThrow(
      /history\[0\]\.at: must be/,
    );
    expect(() => parseContactRequest({ ...valid, inconvenientTimes: [{ from: '25:00', to: '10:00' }] })).toThrow(
      /inconvenientTimes\[0\]\.from: must be a local time/,
    );
    expect(() => parseContactRequest({ ...valid, policy: { daysOfWeek: [0] } })).toThrow(/policy\.daysOfWeek\[0\]: must be an ISO weekday/);
    expect(() => parseContactRequest({ ...valid, policy: { caps: { sms: { count: 2, days: 0 } } } })).toThrow(/policy\.caps\.sms\.days/);
  });

  it('refuses a policy that would widen the hours', () => {
    expect(() => parseContactRequest({ ...valid, policy: { hours: { from: '07:00', to: '17:00' } } })).toThrow(
      /policy\.hours: must be a non-empty range inside 08:00–21:00/,
    );
    expect(() => parseContactRequest({ ...valid, policy: { hours: { from: '09:00', to: '21:30' } } })).toThrow(/policy\.hours/);
    expect(() => parseContactRequest({ ...valid, policy: { hours: { from: '12:00', to: '12:00' } } })).toThrow(/policy\.hours/);
  });

  it('refuses unknown fields, so that a misspelt flag never passes as "no flag"', () => {
    expect(() => parseContactRequest({ ...valid, flags: { cease: true } })).toThrow(/flags\.cease: is not a known field/);
    expect(() => parseContactRequest({ ...valid, chanel: 'sms' })).toThrow(/chanel: is not a known field/);
  });
});
