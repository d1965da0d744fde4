// aws-local-stepfunctions reads TimeoutSecondsPath from the effective input (after Parameters); AWS reads it from
// the state input. The offline runtime bridges the two; this shows one definition times out at the same moment.
import FakeTimers from '@sinonjs/fake-timers';
import { StateMachine } from 'aws-local-stepfunctions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bridgeTimeoutSecondsPath, type Definition } from '../../local/definition-transforms.ts';
import { readTopology } from '../../local/topology.ts';
import { DAY, template, World } from '../support/world.ts';

let actState: any;
beforeAll(() => {
  const lifecycle = readTopology(template()).machines.find((m) => m.name === 'Lifecycle')!;
  actState = lifecycle.definition.States.Act;
});

/** AWS's reading: the path against the state input. */
function awsTimeoutSeconds(state: any, stateInput: any): number {
  return String(state.TimeoutSecondsPath)
    .replace(/^\$\./, '')
    .split('.')
    .reduce((node: any, key) => node[key], stateInput);
}

/** Runs one callback state that nobody resumes, on a fake clock; returns when (and how) it ended. */
async function runUntilTimeout(definition: Definition, input: unknown): Promise<{ error: string; afterMs: number }> {
  const clock = FakeTimers.install({ now: 0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  try {
    const machine = new StateMachine(definition as any, { validationOptions: { checkArn: false, checkPaths: false } });
    const execution = machine.run(input as any, {
      overrides: { taskResourceLocalHandlers: { Await: () => new Promise(() => undefined) } },
      context: { Task: { Token: 't' } } as any,
    });
    const outcome = execution.result.then(
      () => ({ error: 'none', afterMs: clock.now }),
      (error: Error) => ({ error: (error.cause as Error | undefined)?.name ?? error.name, afterMs: clock.now }),
    );
    await clock.runAllAsync();
    return await outcome;
  } finally {
    clock.uninstall();
  }
}

describe('TimeoutSecondsPath: the same moment in both readings', () => {
  const stateInput = {
    accountId: 'acc-x',
    plan: {
      action: 'wait',
      actionIndex: 1,
      timeoutSeconds: 5400,
      seenVersion: 3,
      stage: 'SoftReminder',
      touchId: null,
      channel: null,
      outcome: null,
    },
  };
  const single = (state: any): Definition => {
    const { Catch, Retry, Next, ...task } = state;
    return { StartAt: 'Await', States: { Await: { ...task, End: true } } };
  };

  it("times out after the state input's timeoutSeconds once bridged", async () => {
    const expected = awsTimeoutSeconds(actState, stateInput) * 1000;
    expect(expected).toBe(5_400_000);
    const bridged = bridgeTimeoutSecondsPath(single(actState));
    expect(await runUntilTimeout(bridged, stateInput)).toEqual({ error: 'States.Timeout', afterMs: expected });
  });

  it('cannot even read the timeout without the bridge (the library looks in the effective input)', async () => {
    const outcome = await runUntilTimeout(single(actState), stateInput);
    expect(outcome.error).not.toBe('States.Timeout');
    expect(outcome.afterMs).toBe(0);
  });
});

describe('in the whole platform', () => {
  let world: World | undefined;
  afterEach(async () => world?.close());

  it('every callback that times out does so exactly when its state input said', async () => {
    // 09:00 in New York is 04:00 in Honolulu: the first touch waits in Await-until for 08:00 there.
    world = await World.start([{ ref: 'T1', email: 't1@example.com', state: 'HI' }]);
    await world.runFor(10);
    const history = world.execution('T1').history;
    const name = (h: any): string => h.state?.name;
    const timedOut = history.filter((h) => h.type === 'StateCaught' && name(h) === 'Act');
    const enteredBefore = (caught: (typeof history)[number]) =>
      history.slice(0, history.indexOf(caught)).findLast((h) => h.type === 'StateEntered' && name(h) === name(caught))!;
    // Both a wait (for the hour) and a touch's reply window ran out.
    expect(timedOut.map((caught) => (enteredBefore(caught).state as any).input.plan.action)).toEqual(
      expect.arrayContaining(['wait', 'touch']),
    );
    for (const caught of timedOut) {
      const entered = enteredBefore(caught);
      const state = readTopology(template()).machines.find((m) => m.name === 'Lifecycle')!.definition.States[name(caught)];
      expect(caught.timestamp - entered.timestamp).toBe(awsTimeoutSeconds(state, (entered.state as any).input) * 1000);
    }
    expect(timedOut[0]!.timestamp - Date.parse('2026-03-02T14:00:00Z')).toBeLessThan(DAY);
  });
});
