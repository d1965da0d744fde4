// Reversed payments in the fold: whatever the order and number of deliveries, an account ends up owing what its
// payments did not cover once refunds and lost chargebacks are taken back, never more than a payment was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { accountAsOf } from '../../shared/reports/daily.ts';
import { computeKpis } from '../../shared/reports/kpis.ts';

const ACCOUNT = 'acme#R1';
const AT = new Date('2026-03-02T15:00:00Z');
const event = (draft: EventDraft, seq: number): AccountEvent => ({ ...eventFromDraft(ACCOUNT, AT, draft), seq });
const placed: EventDraft = { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme', key: 'placed' };
const paid = (amountMinor: number): EventDraft => ({
  type: 'payment-received',
  amountMinor,
  source: 'processor',
  reference: 'pi_1',
  key: 'pay',
});
const reversed = (reason: 'refund' | 'chargeback', reversedTotalMinor: number): EventDraft => ({
  type: 'payment-reversed',
  paymentReference: 'pi_1',
  reason,
  reversedTotalMinor,
  key: `${reason}:${reversedTotalMinor}`,
});

/** The events in the given order, sequenced as the store would apply them. */
const fold = (drafts: EventDraft[]) =>
  foldAccount(
    ACCOUNT,
    drafts.map((d, i) => event(d, i + 1)),
  );

describe('payment-reversed', () => {
  it('takes back what a refund adds to the running total, and no more than the payment', () => {
    expect(fold([placed, paid(20_000), reversed('refund', 5_000)])).toMatchObject({ balanceMinor: 35_000, collectedMinor: 15_000 });
    expect(fold([placed, paid(20_000), reversed('refund', 5_000), reversed('refund', 8_000)])).toMatchObject({
      balanceMinor: 38_000,
      collectedMinor: 12_000,
    });
    expect(fold([placed, paid(20_000), reversed('refund', 15_000), reversed('chargeback', 20_000)])).toMatchObject({
      balanceMinor: 50_000,
      collectedMinor: 0,
    });
  });

  it('changes nothing for a payment the account never counted (a payment after it resolved, or another reference)', () => {
    const resolved: EventDraft = { type: 'resolved', outcome: 'recalled', key: 'resolved' };
    const state = fold([placed, resolved, paid(20_000), reversed('refund', 20_000)]);
    expect(state).toMatchObject({ balanceMinor: 50_000, collectedMinor: 0 });
    expect(state.reversedAfterResolutionAt).toBeUndefined();
  });

  it('flags a resolved account whose payment is reversed, keeping it resolved with the balance owed again', () => {
    const resolved: EventDraft = { type: 'resolved', outcome: 'paid', key: 'resolved' };
    const state = fold([placed, paid(50_000), resolved, reversed('chargeback', 50_000)]);
    expect(state).toMatchObject({ status: 'resolved', outcome: 'paid', balanceMinor: 50_000, collectedMinor: 0 });
    expect(state.reversedAfterResolutionAt).toBe(AT.toISOString());
  });

  it('ends in the same balance whatever order the payment, its partial refunds and a chargeback are applied in', () => {
    const scenario = fc
      .record({
        amount: fc.integer({ min: 1, max: 100_000 }),
        refundTotals: fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 4 }),
        chargeback: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
      })
      .chain((s) => {
        const drafts = [
          paid(s.amount),
          ...s.refundTotals.map((t) => reversed('refund', t)),
          ...(s.chargeback ? [reversed('chargeback', s.chargeback)] : []),
        ];
        // The store applies each distinct event once (by id), in whatever order they were delivered.
        return fc.shuffledSubarray(drafts, { minLength: drafts.length }).map((order) => ({ ...s, order }));
      });
    fc.assert(
      fc.property(scenario, ({ amount, refundTotals, chargeback, order }) => {
        const state = fold([placed, ...order]);
        const takenBack = Math.min(amount, Math.max(0, ...refundTotals) + (chargeback ?? 0));
        expect(state.collectedMinor).toBe(amount - takenBack);
        expect(state.balanceMinor).toBe(50_000 - amount + takenBack);
      }),
    );
  });

  it("puts a reversal on the creditor's remittance as a negative line with the payment's reference", () => {
    const events = [placed, paid(20_000), reversed('refund', 5_000), reversed('chargeback', 20_000)].map((d, i) => event(d, i + 1));
    expect(accountAsOf(ACCOUNT, events, AT)!.payments).toEqual([
      { at: AT.toISOString(), amountMinor: 20_000, source: 'processor', reference: 'pi_1' },
      { at: AT.toISOString(), amountMinor: -5_000, source: 'refund', reference: 'pi_1' },
      { at: AT.toISOString(), amountMinor: -15_000, source: 'chargeback', reference: 'pi_1' },
    ]);
  });

  it('counts in the KPIs only what was not taken back, and a reversal keeps no promise', () => {
    const later = (days: number) => new Date(AT.getTime() + days * 86_400_000);
    const promise: EventDraft = {
      type: 'reply-received',
      channel: 'sms',
      intent: 'promise',
      promiseDate: '2026-03-05',
      messageId: 'm1',
      key: 'm1',
    };
    const events = [
      eventFromDraft(ACCOUNT, AT, placed),
      eventFromDraft(ACCOUNT, AT, paid(20_000)),
      eventFromDraft(ACCOUNT, later(1), promise),
      eventFromDraft(ACCOUNT, later(2), reversed('chargeback', 20_000)),
    ].map((e, i) => ({ ...e, seq: i + 1 }));
    const kpis = computeKpis([{ events }], later(30));
    expect(kpis.recoveryRate.value).toBe(0);
    expect(kpis.payerRate.count).toBe(0);
    expect(kpis.promiseKeptRate).toMatchObject({ count: 0, n: 1 });
  });
});
