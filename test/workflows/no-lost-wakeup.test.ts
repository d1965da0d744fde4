// An event that lands between a plan and the parking of its task token must wake the workflow at once.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

describe('no lost wake-up', () => {
  it('acts on a reply that arrives after Plan read the account but before Send parked its token', async () => {
    world = await World.start([{ ref: 'W1', phone: '(212) 555-0110' }]);
    const w = world;
    const store = w.platform.store;
    const park = store.parkTaskToken.bind(store);
    let interleaved = false;
    // Force the interleaving: the debtor's reply is recorded just before the second touch's Send parks its token.
    store.parkTaskToken = async (accountId, token, seenVersion) => {
      if (!interleaved && w.platform.sms.sent.length === 2) {
        interleaved = true;
        await w.textBack('W1', 'I dispute this, it is not my debt', 'race-1');
      }
      return park(accountId, token, seenVersion);
    };
    await w.runFor(30);

    expect(interleaved).toBe(true);
    const events = (await store.loadHistory(w.accountId('W1')))!.events;
    const reply = events.find((e) => e.type === 'reply-received')!;
    const secondSend = events.filter((e) => e.type === 'touch-sent')[1]!;
    expect(reply.at).toBe(secondSend.at);
    // The Send act resumed at once: the next Plan ran at that same instant, not four days later at the timeout.
    const history = w.execution('W1').history;
    const sends = history.filter(
      (h) => h.type === 'StateEntered' && (h.state as any).name === 'Act' && (h.state as any).input.plan.action === 'touch',
    );
    const afterSecond = history
      .slice(history.indexOf(sends[1]!))
      .find((h) => h.type === 'StateEntered' && (h.state as { name: string }).name === 'Plan')!;
    expect(afterSecond.timestamp - sends[1]!.timestamp).toBe(0);
    expect(await w.state('W1')).toMatchObject({ disputed: true, status: 'active' });
    // And nothing more went out after the dispute.
    expect(w.platform.sms.sent).toHaveLength(2);
  });
});
