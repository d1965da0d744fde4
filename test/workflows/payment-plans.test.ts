// Payment plans, the cease notice, a forced recall and a wrong number, through the real Lifecycle definition offline.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents } from '../../shared/accounts/events.ts';
import { activePlan } from '../../shared/accounts/fold.ts';
import { instalmentSchedule, owedFor } from '../../shared/strategy/payment-plan.ts';
import { minorToDecimal } from '../../shared/money.ts';
import { DAY, HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The creditor reports the payment of the plan's next instalment, as the debtor made it. */
async function payInstalment(w: World, ref: string, reference: string): Promise<void> {
  const state = await w.state(ref);
  const plan = activePlan(state)!;
  const owed = instalmentSchedule(plan)
    .map((i) => owedFor(state, plan, i))
    .find((o) => o > 0)!;
  await w.instruct(reference, [{ action: 'payment', account_ref: ref, amount: minorToDecimal(owed, 'USD'), reference }]);
}

async function templatesSent(w: World, ref: string): Promise<string[]> {
  const events = orderEvents((await w.platform.store.loadHistory(w.accountId(ref)))!.events);
  return events.flatMap((e) => (e.type === 'touch-sent' ? [e.template.split('.')[0]!] : []));
}

describe('payment plans (real definition, offline)', () => {
  it('a plan asked for by text is confirmed at once, reminded before each instalment, and resolves as payment-plan', async () => {
    world = await World.start([{ ref: 'PL1', balance: '300.00', phone: '(212) 555-0150' }]);
    world.at(HOUR, () => world!.textBack('PL1', 'Can I pay this in instalments?'));
    world.at(2 * DAY, () => payInstalment(world!, 'PL1', 'i1'));
    world.at(35 * DAY, () => payInstalment(world!, 'PL1', 'i2'));
    world.at(65 * DAY, () => payInstalment(world!, 'PL1', 'i3'));
    await world.runFor(80);
    const state = await world.state('PL1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'payment-plan', balanceMinor: 0 });
    expect(state.paymentPlan).toMatchObject({ instalments: 3, instalmentMinor: 10_000, missed: [] });
    expect(await templatesSent(world, 'PL1')).toEqual([
      'soft-reminder',
      'plan-reminder',
      'plan-reminder',
      'plan-reminder',
      'thank-you',
      'survey',
    ]);
    // The confirmation answers the request within the hour, despite the wait after a conversation.
    const events = (await world.platform.store.loadHistory(world.accountId('PL1')))!.events;
    const reply = events.find((e) => e.type === 'reply-received')!;
    const confirmation = events.find((e) => e.type === 'touch-sent' && e.template.startsWith('plan-reminder'))!;
    expect(Date.parse(confirmation.at) - Date.parse(reply.at)).toBeLessThan(HOUR);
    expect(world.execution('PL1').status).toBe('SUCCEEDED');
  });

  it('missed instalments get a gentle note each; the second miss breaks the plan and escalation resumes', async () => {
    world = await World.start([{ ref: 'PL2', balance: '300.00', email: 'pl2@example.com' }]);
    world.at(HOUR, () => world!.emailBack('PL2', 'Could we set up a payment plan please?'));
    await world.runFor(50);
    const state = await world.state('PL2');
    expect(state.paymentPlan).toMatchObject({ missed: [1, 2] });
    expect(state.paymentPlan?.brokenAt).toBeDefined();
    expect(state.stage).toBe('Escalation');
    const sent = await templatesSent(world, 'PL2');
    expect(sent.slice(0, 5)).toEqual(['soft-reminder', 'plan-reminder', 'plan-missed', 'plan-reminder', 'missed-promise']);
    expect(world.execution('PL2').status).toBe('RUNNING');
  });

  it('a recall is refused while a plan is active, and goes through with force', async () => {
    world = await World.start([{ ref: 'PL3', balance: '300.00', phone: '(212) 555-0151' }]);
    world.at(HOUR, () => world!.textBack('PL3', 'I would like a payment plan'));
    world.at(3 * DAY, () => world!.instruct('recall', [{ action: 'recall', account_ref: 'PL3' }]));
    world.at(4 * DAY, () => world!.instruct('recall-forced', [{ action: 'recall', account_ref: 'PL3', force: 'true' }]));
    await world.runFor(5);
    const ack = JSON.parse(await world.platform.files.getText(`creditors/${world.creditorId}/outbox/acknowledgements/recall.csv.ack.json`));
    expect(ack).toMatchObject({ applied: 0, rejected: [{ line: 2, field: 'force' }] });
    expect(await world.state('PL3')).toMatchObject({ status: 'resolved', outcome: 'recalled' });
  });

  it('a cease request gets the one notice the law allows, then the account resolves as ceased', async () => {
    world = await World.start([{ ref: 'C1', email: 'c1@example.com', phone: '(212) 555-0152' }]);
    world.at(HOUR, () => world!.emailBack('C1', 'Please stop contacting me about this. I want all communication to cease.'));
    await world.runFor(10);
    expect(await world.state('C1')).toMatchObject({ status: 'resolved', outcome: 'ceased' });
    expect(await templatesSent(world, 'C1')).toEqual(['soft-reminder', 'cease-notice']);
    const notice = world.platform.email.sent.at(-1)!;
    expect(notice.subject).toMatch(/stopped contacting you/);
  });

  it('a wrong number is never texted again; with no other address the account resolves as uncollectible', async () => {
    world = await World.start([{ ref: 'W1', phone: '(212) 555-0153' }]);
    world.at(HOUR, () => world!.textBack('W1', "Wrong number, I don't know who that is"));
    await world.runFor(30);
    expect(await world.state('W1')).toMatchObject({ status: 'resolved', outcome: 'uncollectible', unreachable: { sms: true } });
    expect(world.platform.sms.sent.filter((m) => m.touchId.startsWith(world!.accountId('W1')))).toHaveLength(1);
  });
});
