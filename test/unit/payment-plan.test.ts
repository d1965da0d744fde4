import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { paymentPlanPolicySchema } from '../../shared/creditors/profile.ts';
import { decideNext, type Plan, type PlanContext } from '../../shared/strategy/plan.ts';
import { instalmentSchedule, offerPlan, paymentPlanTermsOf } from '../../shared/strategy/payment-plan.ts';
import { DEFAULT_STRATEGY } from '../../shared/strategy/strategy.ts';
import { templateKindFor } from '../../shared/usecases/send-touch.ts';
import { parseTouchId } from '../../shared/accounts/touch-id.ts';

const ACCOUNT = 'acc-000000000000000000000002';
// Monday 2026-03-02 15:00 UTC = 10:00 in New York.
const T0 = new Date('2026-03-02T15:00:00Z');
const DAY = 86_400_000;
const TERMS = paymentPlanTermsOf(paymentPlanPolicySchema.parse({}), 'USD');

const placed: EventDraft = { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme', key: 'placed' };

function ctx(now: Date, stage: PlanContext['stage'] = 'SoftReminder'): PlanContext {
  return {
    now,
    stage,
    strategy: DEFAULT_STRATEGY,
    handoff: { approvalTimeoutDays: 7 },
    paymentPlan: TERMS,
    debtor: { address: { state: 'NY', zip: '10001' } },
    reachable: { email: true, sms: true },
  };
}

/** An account history that grows as the tests act: plan, then record what the plan said and what Send did. */
class Account {
  events: AccountEvent[] = [];
  add(at: Date, draft: EventDraft): void {
    this.events.push({ ...eventFromDraft(ACCOUNT, at, draft), seq: this.events.length + 1 });
  }
  plan(now: Date, stage: PlanContext['stage'] = 'SoftReminder'): Plan {
    const plan = decideNext(foldAccount(ACCOUNT, this.events), ctx(now, stage));
    for (const draft of plan.record) this.add(now, draft);
    return plan;
  }
  /** Plans, and sends the touch it asks for; returns the touch id (or undefined when it waits). */
  step(now: Date, stage: PlanContext['stage'] = 'SoftReminder'): Plan['decision'] {
    const { decision } = this.plan(now, stage);
    if (decision.action === 'touch' && stage !== 'Handoff') {
      const kind = templateKindFor(parseTouchId(decision.touchId)!, foldAccount(ACCOUNT, this.events), 3);
      this.add(now, {
        type: 'touch-sent',
        touchId: decision.touchId,
        stage,
        channel: decision.channel,
        template: `${kind}.email.en.v1`,
        key: `${decision.touchId}:sent`,
      });
    }
    return decision;
  }
  pay(at: Date, amountMinor: number, ref: string): void {
    this.add(at, { type: 'payment-received', amountMinor, source: 'processor', reference: ref, key: `pay:${ref}` });
  }
  state() {
    return foldAccount(ACCOUNT, this.events);
  }
}

function requestingPlan(intent: 'plan' | 'hardship' = 'plan'): Account {
  const account = new Account();
  account.add(T0, placed);
  account.add(T0, { type: 'reply-received', channel: 'sms', intent, messageId: 'm1', key: 'm1' });
  return account;
}

const at = (days: number): Date => new Date(T0.getTime() + days * DAY);

describe('payment plans', () => {
  it('a debtor who asks for a plan gets the creditor’s terms and a first reminder at once, which confirms it', () => {
    const account = requestingPlan();
    const decision = account.step(T0);
    expect(account.state().paymentPlan).toMatchObject({
      instalments: 3,
      instalmentMinor: 16_667,
      totalMinor: 50_000,
      firstDueOn: '2026-03-09',
      missed: [],
    });
    expect(decision).toMatchObject({ action: 'touch', touchId: `${ACCOUNT}-softreminder-plan1`, reason: 'plan:reminder' });
    expect(account.state().attempts.at(-1)?.template).toBe('plan-reminder.email.en.v1');
    // Then it listens until the instalment would count as missed: the end of its due date plus the grace period.
    expect(account.step(at(1))).toMatchObject({
      action: 'wait',
      until: new Date('2026-03-15T00:00:00Z'),
      reason: 'plan:awaiting-instalment',
    });
  });

  it('a paid instalment moves on to the next one’s reminder, a few days before it falls due', () => {
    const account = requestingPlan();
    account.step(T0);
    account.pay(at(6), 16_667, 'i1');
    expect(account.step(at(6))).toMatchObject({ action: 'wait', until: new Date('2026-04-05T00:00:00Z') });
    expect(account.step(at(34))).toMatchObject({ action: 'touch', touchId: `${ACCOUNT}-softreminder-plan2` });
  });

  it('a missed instalment gets a gentle note; after the allowed misses the plan breaks and escalation resumes', () => {
    const account = requestingPlan();
    account.step(T0);
    expect(account.step(at(13))).toMatchObject({
      action: 'touch',
      touchId: `${ACCOUNT}-softreminder-plan1-missed`,
      reason: 'plan:missed-instalment',
    });
    expect(account.state().paymentPlan?.missed).toEqual([1]);
    expect(account.state().attempts.at(-1)?.template).toBe('plan-missed.email.en.v1');
    // The second instalment's reminder asks for both, and its miss is the second: the plan breaks.
    expect(account.step(at(34))).toMatchObject({ action: 'touch', touchId: `${ACCOUNT}-softreminder-plan2` });
    const broken = account.step(at(44));
    expect(account.state().paymentPlan).toMatchObject({ missed: [1, 2], brokenAt: at(44).toISOString() });
    expect(broken).toMatchObject({ action: 'advance', reason: 'plan-broken' });
    // Escalation opens with the gentle "missed" message, not a jump in tone.
    const next = account.step(at(44), 'Escalation');
    expect(next).toMatchObject({ action: 'touch', touchId: `${ACCOUNT}-escalation-1` });
    expect(account.state().attempts.at(-1)?.template).toBe('missed-promise.email.en.v1');
  });

  it('when the next reminder is due as a miss is found, the reminder (which asks for the arrears) goes alone', () => {
    const account = new Account();
    account.add(T0, placed);
    account.add(T0, offerPlan(account.state(), { ...TERMS, intervalDays: 7 }, T0));
    account.step(T0);
    // Instalment 1 (due day 7) counts as missed at day 13; instalment 2's reminder was due at day 11.
    expect(account.step(at(13))).toMatchObject({ action: 'touch', touchId: `${ACCOUNT}-softreminder-plan2` });
    expect(account.state().paymentPlan?.missed).toEqual([1]);
    expect(account.step(at(13))).toMatchObject({ action: 'wait' });
  });

  it('plan messages stay out of the stage’s cadence count', () => {
    const account = requestingPlan();
    account.step(T0);
    account.step(at(13));
    expect(account.state().attempts.filter((a) => a.planInstalment !== undefined)).toHaveLength(2);
    expect(account.state().attempts.filter((a) => a.planInstalment === undefined)).toHaveLength(0);
  });

  it('a plan paid in full resolves as paid by plan, after the thank-you and the survey', () => {
    const account = requestingPlan();
    account.step(T0);
    account.pay(at(5), 16_667, 'i1');
    account.pay(at(30), 16_667, 'i2');
    account.pay(at(60), 16_666, 'i3');
    expect(account.state().balanceMinor).toBe(0);
    account.step(at(60));
    account.step(at(61));
    expect(account.step(at(65))).toMatchObject({ action: 'resolve', outcome: 'payment-plan', reason: 'plan-completed' });
  });

  it('a debtor in hardship gets more, smaller instalments; a small balance gets fewer, none below the minimum', () => {
    const hardship = requestingPlan('hardship');
    hardship.step(T0);
    expect(hardship.state().paymentPlan).toMatchObject({ instalments: 6, instalmentMinor: 8_334 });
    const small = new Account();
    small.add(T0, { ...placed, balanceMinor: 6_000 });
    small.add(T0, { type: 'reply-received', channel: 'sms', intent: 'plan', messageId: 'm1', key: 'm1' });
    small.step(T0);
    expect(small.state().paymentPlan).toMatchObject({ instalments: 2, instalmentMinor: 3_000 });
  });

  it('one self-serve plan per account: asking again after a broken plan does not make another', () => {
    const account = requestingPlan();
    account.step(T0);
    account.step(at(13));
    account.step(at(34));
    account.step(at(44));
    account.add(at(45), { type: 'reply-received', channel: 'sms', intent: 'plan', messageId: 'm2', key: 'm2' });
    expect(account.state().planRequestedAt).toBeUndefined();
    account.step(at(45), 'Escalation');
    expect(account.events.filter((e) => e.type === 'plan-agreed')).toHaveLength(1);
  });

  it('schedules instalments that add up to the balance, whatever the terms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 10_000_000 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 7, max: 31 }),
        (balanceMinor, instalments, minInstalmentMinor, intervalDays) => {
          const account = new Account();
          account.add(T0, { ...placed, balanceMinor });
          const draft = offerPlan(account.state(), { ...TERMS, instalments, minInstalmentMinor, intervalDays }, T0);
          account.add(T0, draft);
          const plan = account.state().paymentPlan!;
          const schedule = instalmentSchedule(plan);
          expect(schedule).toHaveLength(plan.instalments);
          expect(plan.instalments).toBeLessThanOrEqual(instalments);
          expect(schedule.at(-1)!.cumulativeMinor).toBe(balanceMinor);
          // Every instalment asks for something, and none but the first is below the creditor's minimum.
          schedule.forEach((i, n) => {
            const amount = i.cumulativeMinor - (n === 0 ? 0 : schedule[n - 1]!.cumulativeMinor);
            expect(amount).toBeGreaterThan(0);
            if (plan.instalments > 1) expect(plan.instalmentMinor).toBeGreaterThanOrEqual(minInstalmentMinor);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
