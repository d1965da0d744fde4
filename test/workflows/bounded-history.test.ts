// Executions stay far below Step Functions' 25,000-event history limit. AWS records about six history events per Task
// state (entered, scheduled, started, submitted, ended, exited) and two per Choice or Pass; this counts that way.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTopology } from '../../local/topology.ts';
import { HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

function awsHistoryEstimate(w: World, ref: string): number {
  const states = readTopology(template()).machines.find((m) => m.name === 'Lifecycle')!.definition.States as Record<string, { Type: string }>;
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
});
