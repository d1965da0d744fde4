// A warm reports function keeps each account's fold between days: it must fold exactly as a cold one does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountEvent, EventDraft } from '../../shared/accounts/events.ts';
import { accountAsOf, reportDay } from '../../shared/reports/daily.ts';
import { accountFacts } from '../../shared/reports/kpis.ts';
import { ReportFolds } from '../../shared/reports/report-folds.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Fact = DistributiveOmit<EventDraft, 'key'>;

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T12:00:00Z');
const placed: Fact = { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme' };
const facts: Fact[] = [
  { type: 'stage-entered', stage: 'SoftReminder' },
  { type: 'touch-sent', touchId: 't-1', stage: 'SoftReminder', channel: 'email', template: 'soft-reminder.email.en.v1' },
  { type: 'payment-received', amountMinor: 5_000, source: 'creditor', reference: 'r-1' },
  { type: 'payment-received', amountMinor: 45_000, source: 'creditor', reference: 'r-2' },
];

/** Account `id`'s events, the i-th on day `days[i]` of the run (seq in that order). */
function history(id: string, days: number[]): AccountEvent[] {
  return [placed, ...facts]
    .slice(0, days.length)
    .map(
      (fact, i) =>
        ({ ...fact, eventId: `${id}:${i}`, accountId: id, at: new Date(START + days[i]! * DAY).toISOString(), seq: i + 1 }) as AccountEvent,
    );
}

const dayOf = (n: number) => reportDay(new Date(START + n * DAY).toISOString().slice(0, 10));

describe('ReportFolds', () => {
  it('folds each day as a cold fold does, while events arrive between the days', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 })
          .map((gaps) => gaps.map((_, i) => gaps.slice(0, i + 1).reduce((a, b) => a + b, 0))),
        (eventDays) => {
          const folds = new ReportFolds();
          const all = history('a', eventDays);
          for (let n = 0; n <= eventDays.at(-1)! + 2; n += 1) {
            const day = dayOf(n);
            // What the store holds when the report runs, just after the day: events up to the next morning.
            const stored = all.filter((e) => Date.parse(e.at) <= day.asOf.getTime() + 13 * 3_600_000);
            const fold = folds.foldUntil('a', stored, day.asOf);
            expect(fold.account).toEqual(accountAsOf('a', stored, day.asOf));
            expect(fold.facts).toEqual(accountFacts({ events: stored }, day.asOf));
          }
        },
      ),
    );
  });

  it('serves a kept fold only while the history is the one it folded', () => {
    const folds = new ReportFolds();
    const events = history('a', [0, 0, 1]);
    const first = folds.foldUntil('a', events, dayOf(2).asOf);
    expect(folds.foldUntil('a', [...events], dayOf(3).asOf)).toBe(first);
    const paid = history('a', [0, 0, 1, 3]);
    expect(folds.foldUntil('a', paid, dayOf(3).asOf).account?.state.collectedMinor).toBe(5_000);
  });

  it('keeps no fold with an event after its day, nor more accounts than its capacity', () => {
    const folds = new ReportFolds(1);
    const early = history('a', [0, 2]);
    const before = folds.foldUntil('a', early, dayOf(1).asOf);
    expect(folds.foldUntil('a', early, dayOf(1).asOf)).not.toBe(before);
    const b = folds.foldUntil('b', history('b', [0]), dayOf(1).asOf);
    expect(folds.foldUntil('b', history('b', [0]), dayOf(2).asOf)).toBe(b);
    const c = folds.foldUntil('c', history('c', [0]), dayOf(1).asOf);
    expect(folds.foldUntil('c', history('c', [0]), dayOf(2).asOf)).toBe(c);
    expect(folds.foldUntil('b', history('b', [0]), dayOf(2).asOf)).not.toBe(b);
  });
});
