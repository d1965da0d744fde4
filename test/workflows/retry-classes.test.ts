// Each class of error takes its own path through the workflows' Retry rules (workflows/task-defaults.ts): a permanent
// error goes straight to the Catch, a transient one is retried with backoff (and so rides out a throttle), anything
// else is tried a few times. First on one real Task state alone, then through the real handlers on the local platform.
import FakeTimers from '@sinonjs/fake-timers';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountIdFor } from '../../shared/accounts/account.ts';
import { DynamoAccountStore } from '../../shared/adapters/dynamo-account-store.ts';
import { AccountNotFoundError } from '../../shared/usecases/load-account.ts';
import { TransientError } from '../../shared/errors.ts';
import { taskStates, type Definition } from '../../local/definition-transforms.ts';
import { readTopology } from '../../local/topology.ts';
import { EXAMPLE_PROFILE, template, World } from '../support/world.ts';

let machines: ReturnType<typeof readTopology>['machines'];
let plan: any;
beforeAll(() => {
  machines = readTopology(template()).machines;
  plan = machines.find((m) => m.name === 'Lifecycle')!.definition.States.Plan;
});

const named = (name: string): Error => Object.assign(new Error(`${name} (injected)`), { name });

/** The Lifecycle's Plan with its own Retry and Catch, between a Succeed and a Fail; the function fails with `failures`. */
async function runPlanState(failures: Error[]): Promise<{ outcome: string; calls: number; waitedMs: number }> {
  const { Next, Catch, ...task } = plan;
  const definition: Definition = {
    StartAt: 'Plan',
    States: {
      Plan: { ...task, Catch: Catch.map((c: any) => ({ ...c, Next: 'NeedsAttention' })), Next: 'Planned' },
      Planned: { Type: 'Succeed' },
      NeedsAttention: { Type: 'Fail', Error: 'NeedsAttention' },
    },
  };
  const clock = FakeTimers.install({ now: 0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  try {
    let calls = 0;
    const machine = new StateMachine(definition as any, { validationOptions: { checkArn: false, checkPaths: false } });
    const execution = machine.run({ accountId: 'acc-x' } as any, {
      overrides: {
        taskResourceLocalHandlers: {
          Plan: async () => {
            const failure = failures[calls++];
            if (failure) throw failure;
            return { action: 'wait' };
          },
        },
      },
    });
    const outcome = execution.result.then(
      () => 'Planned',
      (error: Error) => (error.cause as Error | undefined)?.name ?? error.name,
    );
    await clock.runAllAsync();
    return { outcome: await outcome, calls, waitedMs: clock.now };
  } finally {
    clock.uninstall();
  }
}

describe('the Retry rules of a Lambda task', () => {
  it('send a permanent error straight to NeedsAttention, without a retry', async () => {
    for (const error of [new AccountNotFoundError('acc-x'), named('InvalidEventError'), named('PermanentError')]) {
      expect(await runPlanState([error, error, error]), error.name).toEqual({ outcome: 'NeedsAttention', calls: 1, waitedMs: 0 });
    }
  });

  it('retry a transient error with backoff, and the step succeeds once it passes', async () => {
    for (const error of [new TransientError('ThrottlingException: Rate exceeded'), named('Lambda.TooManyRequestsException')]) {
      const run = await runPlanState([error, error, error]);
      expect(run, error.name).toMatchObject({ outcome: 'Planned', calls: 4 });
    }
  });

  it('give a transient error six retries, at most 2+4+8+16+32+60 s apart (full jitter), before NeedsAttention', async () => {
    const run = await runPlanState(Array.from({ length: 10 }, () => new TransientError('Rate exceeded')));
    expect(run).toMatchObject({ outcome: 'NeedsAttention', calls: 7 });
    expect(run.waitedMs).toBeLessThanOrEqual(122_000);
  });

  it('try an unclassified error (a bug, an unnamed failure) three more times', async () => {
    const run = await runPlanState(Array.from({ length: 10 }, () => new TypeError('x is not a function')));
    expect(run).toMatchObject({ outcome: 'NeedsAttention', calls: 4 });
  });

  it('are the same for every Lambda task of both workflows', () => {
    for (const machine of machines) {
      const tasks = taskStates(machine.definition);
      expect(tasks.length, machine.name).toBeGreaterThan(0);
      for (const [name, state] of tasks) expect(state.Retry, `${machine.name} ${name}`).toEqual(plan.Retry);
    }
  });
});

describe('through the real handlers', () => {
  let world: World | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await world?.close();
  });

  it('an account that does not exist parks at once; a throttled table is waited out and the account is contacted', async () => {
    // The table throttles the first two enrolment reads of T1; the third goes through.
    const throttled = accountIdFor(EXAMPLE_PROFILE.creditorId, 'T1');
    const getAccount = DynamoAccountStore.prototype.getAccount;
    let throttles = 2;
    vi.spyOn(DynamoAccountStore.prototype, 'getAccount').mockImplementation(async function (this: DynamoAccountStore, accountId) {
      if (accountId === throttled && throttles-- > 0) {
        throw new ProvisionedThroughputExceededException({ $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });
      }
      return getAccount.call(this, accountId);
    });
    world = await World.start([{ ref: 'T1', email: 't1@example.com' }]);
    await world.platform.stepFunctions.startLifecycle('acc-never-placed');
    await world.runFor(1);

    const missing = world.platform.stepFunctions.execution('Lifecycle', 'acc-never-placed')!;
    expect(missing.status).toBe('FAILED');
    expect(missing.error).toEqual({ name: 'NeedsAttention', message: 'Account acc-never-placed does not exist' });
    expect(missing.history.filter((h) => h.type === 'StateRetried')).toEqual([]);

    const retried = world.execution('T1').history.filter((h) => h.type === 'StateRetried');
    expect(retried.map((h: any) => [h.state.name, h.retry.retrier.ErrorEquals.includes('TransientError')])).toEqual([
      ['Plan', true],
      ['Plan', true],
    ]);
    expect(world.execution('T1').status).toBe('RUNNING');
    expect(world.platform.email.sent.some((m) => m.to === 't1@example.com')).toBe(true);
  });
});
