// Payment plans, pure: the terms offered on request, the schedule they make, and what the plan needs next.
import type { EventDraft } from '../accounts/events.ts';
import type { AccountState, PaymentPlanState } from '../accounts/fold.ts';
import type { PaymentPlanPolicy } from '../creditors/profile.ts';
import { parseDecimalToMinor } from '../money.ts';

const DAY_MS = 86_400_000;

/** The creditor's plan policy, in minor units. */
export interface PaymentPlanTerms {
  instalments: number;
  hardshipInstalments: number;
  minInstalmentMinor: number;
  intervalDays: number;
  firstDueInDays: number;
  reminderDaysBefore: number;
  graceDays: number;
  maxMisses: number;
}

export function paymentPlanTermsOf(policy: PaymentPlanPolicy, currency: string): PaymentPlanTerms {
  const { minInstalment, ...rest } = policy;
  return { ...rest, minInstalmentMinor: parseDecimalToMinor(minInstalment, currency) };
}

export interface Instalment {
  number: number;
  dueOn: string;
  /** What the plan expects to have been paid once this instalment is in. */
  cumulativeMinor: number;
  /** When its reminder goes out: the first one at once (it confirms the plan), the others a few days ahead. */
  remindAt: Date;
  /** When an unpaid instalment counts as missed: the end of its due date plus the grace period. */
  missedAfter: Date;
}

/** The plan offered for the balance: as many instalments as asked for, none below the creditor's minimum. */
export function offerPlan(state: AccountState, terms: PaymentPlanTerms, now: Date): EventDraft {
  const wanted = state.hardship ? terms.hardshipInstalments : terms.instalments;
  const totalMinor = state.balanceMinor;
  const asked = Math.max(1, Math.min(wanted, Math.floor(totalMinor / Math.max(1, terms.minInstalmentMinor))));
  const instalmentMinor = Math.ceil(totalMinor / asked);
  return {
    type: 'plan-agreed',
    // Rounding up can cover the balance early: no empty instalments at the end.
    instalments: Math.ceil(totalMinor / instalmentMinor),
    intervalDays: terms.intervalDays,
    instalmentMinor,
    totalMinor,
    firstDueOn: isoDate(new Date(now.getTime() + terms.firstDueInDays * DAY_MS)),
    graceDays: terms.graceDays,
    maxMisses: terms.maxMisses,
    reminderDaysBefore: terms.reminderDaysBefore,
    // One self-serve plan per account: after a broken one, another is the creditor's call.
    key: 'plan-agreed',
  };
}

export function instalmentSchedule(plan: PaymentPlanState): Instalment[] {
  const first = Date.parse(`${plan.firstDueOn}T00:00:00Z`);
  return Array.from({ length: plan.instalments }, (_, i) => {
    const due = first + i * plan.intervalDays * DAY_MS;
    return {
      number: i + 1,
      dueOn: isoDate(new Date(due)),
      cumulativeMinor: Math.min(plan.totalMinor, (i + 1) * plan.instalmentMinor),
      remindAt: i === 0 ? new Date(Date.parse(plan.agreedAt)) : new Date(due - plan.reminderDaysBefore * DAY_MS),
      missedAfter: new Date(due + (1 + plan.graceDays) * DAY_MS),
    };
  });
}

/** Paid towards the plan since it was agreed. */
export function paidUnderPlan(state: AccountState, plan: PaymentPlanState): number {
  return state.collectedMinor - plan.collectedBeforeMinor;
}

/** What is owed for an instalment now: its own amount plus anything earlier still unpaid. */
export function owedFor(state: AccountState, plan: PaymentPlanState, instalment: Instalment): number {
  return Math.max(0, instalment.cumulativeMinor - paidUnderPlan(state, plan));
}

export type PlanStep =
  | { kind: 'broken'; misses: number }
  | { kind: 'message'; instalment: Instalment; missed: boolean; until: Date }
  | { kind: 'wait'; until: Date };

/**
 * What an active plan needs at `now`, after its newly missed instalments are recorded through `note`: a reminder, a
 * gentle note about a missed instalment, a wait for the next moment that matters, or the end of the plan.
 */
export function nextPlanStep(
  state: AccountState,
  plan: PaymentPlanState,
  now: Date,
  note: (draft: EventDraft) => void,
  messaged: (touch: { instalment: number; missed: boolean }) => boolean,
): PlanStep {
  const schedule = instalmentSchedule(plan);
  const missed = new Set(plan.missed);
  for (const instalment of schedule) {
    if (now < instalment.missedAfter) break;
    if (owedFor(state, plan, instalment) > 0 && !missed.has(instalment.number)) {
      missed.add(instalment.number);
      note({
        type: 'plan-instalment-missed',
        instalment: instalment.number,
        dueOn: instalment.dueOn,
        key: `plan-missed:${instalment.number}`,
      });
    }
  }
  const upcoming = schedule.find((i) => now < i.missedAfter && owedFor(state, plan, i) > 0);
  // Too many misses, or the schedule ran out with a balance left.
  if (missed.size >= plan.maxMisses || !upcoming) return { kind: 'broken', misses: missed.size };

  const reminded = messaged({ instalment: upcoming.number, missed: false });
  // The upcoming reminder asks for any arrears too: once it is due, it supersedes a note about a missed instalment.
  if (!reminded && now >= upcoming.remindAt) return { kind: 'message', instalment: upcoming, missed: false, until: upcoming.missedAfter };
  const lastMissed = schedule.filter((i) => missed.has(i.number) && owedFor(state, plan, i) > 0).at(-1);
  if (!reminded && lastMissed && !messaged({ instalment: lastMissed.number, missed: true })) {
    return { kind: 'message', instalment: lastMissed, missed: true, until: upcoming.remindAt };
  }
  return { kind: 'wait', until: reminded ? upcoming.missedAfter : upcoming.remindAt };
}

/** Prior consent lasts this long (Reg F 1006.14(b)(3)). */
const CONSENT_DAYS = 7;

/** The first reminder confirms the plan the debtor asked for: within a week of the request it answers them. */
export function answersPlanRequest(state: AccountState, instalment: { number: number; missed: boolean }, now: Date): boolean {
  const plan = state.paymentPlan;
  return (
    plan !== undefined &&
    instalment.number === 1 &&
    !instalment.missed &&
    now.getTime() - Date.parse(plan.requestedAt) < CONSENT_DAYS * DAY_MS
  );
}

function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
