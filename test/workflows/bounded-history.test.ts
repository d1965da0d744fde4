// Executions stay far below Step Functions' 25,000-event history limit. AWS records about six history events per Task
// state (entered, scheduled, started, submitted, ended, exited) and two per Choice or Pass; this counts that way.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTopology } from '../../local/topology.ts';
import { activePlan } from '../../shared/accounts/fold.ts';
import { minorToDecimal } from '../../shared/money.ts';
import { instalmentSchedule, paidUnderPlan } from '../../shared/strategy/payment-plan.ts';
import { DAY, HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

function awsHistoryEstimate(w: World, ref: string): number {
  const states = readTopology(template()).machines.find((m) => m.name === 'Lifecycle')!.definition.States as Record<
    string,
    { Type: string }
  >;
  return w.statesEntered(ref).reduce((n, name) => n + (states[name]?.Type === 'Task' ? 6 : 2), 2);
}

describe('bounded history', () => {
  it('a year on hold and a full unanswered lifecycle stay under 1,000 history events', async () => {
    world = await World.start([
      { ref: 'H1', phone: '(212) 555-0140' },
      { ref: 'I1', balance: '100.00', email: 'i1@example.com', phone: '(212) 555-0141' },
    ]);
    world.at(HOUR, () => world!.textBack('H1', 'I dispute this debt'));
    await world.runFor(365);

    expect(await world.state('H1')).toMatchObject({ disputed: true, status: 'active' });
    expect(await world.state('I1')).toMatchObject({ status: 'resolved', outcome: 'uncollectible' });
    for (const ref of ['H1', 'I1']) {
      const estimate = awsHistoryEstimate(world, ref);
      expect(estimate, ref).toBeLessThan(1_000);
      expect(world.statesEntered(ref).length, ref).toBeGreaterThan(10);
    }
  });

  it('a 12-instalment plan with missed instalments, paid off over a year, stays under 1,000 history events', async () => {
    world = await World.start([{ ref: 'PL12', balance: '1200.00', email: 'pl12@example.com', phone: '(212) 555-0160' }], {
      policy: { paymentPlan: { instalments: 12, minInstalment: '50.00', maxMisses: 3 } },
    });
    world.at(HOUR, () => world!.emailBack('PL12', 'Can I pay this in monthly instalments?'));
    // A day before each due date the debtor pays what is owed through it, except for instalments 3 and 8 (missed,
    // then caught up with the next one).
    for (let k = 1; k <= 12; k++) {
      if (k === 3 || k === 8) continue;
      world.at((6 + 30 * (k - 1)) * DAY, async () => {
        const state = await world!.state('PL12');
        const plan = activePlan(state)!;
        const owed = instalmentSchedule(plan)[k - 1]!.cumulativeMinor - paidUnderPlan(state, plan);
        await world!.instruct(`i${k}`, [
          { action: 'payment', account_ref: 'PL12', amount: minorToDecimal(owed, 'USD'), reference: `i${k}` },
        ]);
      });
    }
    await world.runFor(380);

    const state = await world.state('PL12');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'payment-plan' });
    expect(state.paymentPlan).toMatchObject({ instalments: 12, missed: [3, 8] });
    const estimate = awsHistoryEstimate(world, 'PL12');
    expect(estimate).toBeLessThan(1_000);
    expect(world.statesEntered('PL12').length).toBeGreaterThan(12 * 3);
  });
});
