import { describe, expect, it } from 'vitest';
import { auditOutbox, type OutboxRecord, type PageRecord, type ReplyRecord } from '../../local/audit/audit.ts';

const placements = [
  'account_ref,debtor_name,balance,currency,delinquency_date,email,phone,state,zip',
  'A1,Ann Example,100.00,USD,2025-01-01,ann@example.com,(212) 555-0100,NY,10001',
  'B1,Bob Example,100.00,USD,2025-01-01,bob@example.com,(312) 555-0101,IL,60611',
].join('\n');

const sent = (accountRef: string, at: string, channel: 'email' | 'sms' = 'sms'): OutboxRecord => ({
  at,
  accountRef,
  channel,
  status: 'sent',
});

describe('auditOutbox', () => {
  it('finds nothing wrong with messages at decent hours, spaced out', () => {
    const outbox = [sent('A1', '2026-03-02T15:00:00.000Z'), sent('A1', '2026-03-06T15:00:00.000Z'), sent('B1', '2026-03-02T18:00:00.000Z')];
    expect(auditOutbox(placements, outbox, [])).toEqual({ checked: 3, violations: [] });
  });

  it("flags a message outside contact hours in the debtor's zone", () => {
    // 07:30 in New York.
    const result = auditOutbox(placements, [sent('A1', '2026-03-02T12:30:00.000Z')], []);
    expect(result.violations).toEqual([
      expect.objectContaining({ accountRef: 'A1', reasons: expect.arrayContaining(['outside-hours:America/New_York']) }),
    ]);
  });

  it('flags a text after the debtor texted STOP, but not an email', () => {
    const replies: ReplyRecord[] = [{ at: '2026-03-02T16:00:00.000Z', accountRef: 'B1', channel: 'sms', text: 'STOP' }];
    const outbox = [sent('B1', '2026-03-03T16:00:00.000Z', 'sms'), sent('B1', '2026-03-03T16:00:00.000Z', 'email')];
    const { violations } = auditOutbox(placements, outbox, replies);
    expect(violations).toEqual([expect.objectContaining({ channel: 'sms', reasons: expect.arrayContaining(['opted-out:sms']) })]);
  });

  it('flags contact after a dispute, and more than the weekly cap', () => {
    const disputed: ReplyRecord[] = [{ at: '2026-03-02T16:00:00.000Z', accountRef: 'A1', channel: 'email', text: 'I dispute this debt' }];
    expect(auditOutbox(placements, [sent('A1', '2026-03-04T16:00:00.000Z', 'email')], disputed).violations).toHaveLength(1);
    const eight = Array.from({ length: 8 }, (_, i) => sent('B1', `2026-03-0${2 + (i % 5)}T${15 + Math.floor(i / 5)}:00:00.000Z`));
    const { violations } = auditOutbox(placements, eight, []);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.reasons.some((r) => r.startsWith('frequency:')))).toBe(true);
  });

  it('flags a message to an account that was never placed', () => {
    expect(auditOutbox(placements, [sent('Z9', '2026-03-02T16:00:00.000Z')], []).violations).toEqual([
      expect.objectContaining({ accountRef: 'Z9', reasons: ['unknown-account'] }),
    ]);
  });

  it('flags a message in inconvenient times the debtor set on the page, only once they were set, and contact after a page dispute', () => {
    // Monday 2 March 2026: 10:00 in New York is 15:00 UTC.
    const times: PageRecord = {
      at: '2026-03-02T16:00:00.000Z',
      accountRef: 'A1',
      visit: { action: 'contact-times', days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' },
      outcome: { done: 'contact-times' },
    };
    const mondayMorning = sent('A1', '2026-03-02T15:00:00.000Z');
    const nextMonday = sent('A1', '2026-03-09T14:00:00.000Z');
    const tuesdayAfternoon = sent('A1', '2026-03-10T18:00:00.000Z');
    const { violations } = auditOutbox(placements, [mondayMorning, nextMonday, tuesdayAfternoon], [], [], [times]);
    expect(violations).toEqual([expect.objectContaining({ at: nextMonday.at, reasons: expect.arrayContaining(['inconvenient-time']) })]);
    // A form the page did not take changes nothing.
    expect(auditOutbox(placements, [nextMonday], [], [], [{ ...times, outcome: {} }]).violations).toEqual([]);
    const dispute: PageRecord = { at: times.at, accountRef: 'B1', visit: { action: 'dispute' }, outcome: { done: 'dispute' } };
    expect(auditOutbox(placements, [sent('B1', '2026-03-04T16:00:00.000Z')], [], [], [dispute]).violations).toHaveLength(1);
  });
});
