// The offline Step Functions: runs the real synthesized definitions with aws-local-stepfunctions, maps every Lambda
// task to its in-repo handler, and plays callbacks (.waitForTaskToken) with a token map behind the WorkflowPort.
import { StateMachine } from 'aws-local-stepfunctions';
import { lifecycleExecutionName } from '../shared/accounts/account.ts';
import type { WorkflowPort } from '../shared/ports.ts';
import { BATCHES_PATH, RESULTS_PATH, taskStates, type Definition } from './definition-transforms.ts';
import type { SeededIds } from './seeded-ids.ts';
import type { WorkTracker } from './work-tracker.ts';
import './jsonpath-scalars.ts';

/** What `$$.Task.Token` resolves to offline; each callback replaces it with a freshly minted token, as AWS does. */
export const TOKEN_PLACEHOLDER = '__tactful_task_token__';
const WAIT_FOR_TOKEN = '.waitForTaskToken';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
/** The emulation's own keys in the parent's state: the batches read, and the Map's results before they are written. */
const EMULATION_KEYS = [BATCHES_PATH.slice(2), RESULTS_PATH.slice(2)];

export interface LocalMachine {
  name: string;
  arn: string;
  definition: Definition;
  /** Overrides for states that are not Lambda calls (the emulated Distributed Map readers). */
  localTasks?: Record<string, (input: any) => Promise<unknown>>;
  /** States whose events AWS keeps out of the execution's history (they run inside a Map Run). */
  mapRunStates?: string[];
}

export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

export interface HistoryEvent {
  type: string;
  timestamp: number;
  [key: string]: unknown;
}

export interface LocalExecution {
  machine: string;
  name: string;
  input: unknown;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: { name: string; message: string };
  /** The states entered (what Standard workflows bill), counted whether or not the history is kept. */
  transitions: number;
  /** The history as the console shows it; empty when the platform keeps no histories (big simulations). */
  history: HistoryEvent[];
}

interface PendingCallback {
  execution: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The history event as the AWS console would show it: nothing from inside a Map Run (its items, which hold placement
 * rows, live only in Express child workflows), and no trace of the emulation's own batches and results in the parent's state.
 */
function asAwsShowsIt(event: HistoryEvent, mapRunStates: ReadonlySet<string>): HistoryEvent | undefined {
  if (String(event.type).startsWith('MapIteration')) return undefined;
  const state = event.state as { name: string; input?: unknown; output?: unknown } | undefined;
  if (!state) return event;
  if (mapRunStates.has(state.name)) return undefined;
  const strip = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || !EMULATION_KEYS.some((key) => key in value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !EMULATION_KEYS.includes(key)));
  };
  return { ...event, state: { ...state, input: strip(state.input), output: strip(state.output) } };
}

export class LocalStepFunctions implements WorkflowPort {
  private readonly machines = new Map<string, { machine: LocalMachine; runner: StateMachine }>();
  private readonly executionsByKey = new Map<string, LocalExecution>();
  private readonly callbacks = new Map<string, PendingCallback>();
  /** Each execution's open callback token (one at most: a new task closes the earlier one), so closing is not a scan. */
  private readonly openTokens = new Map<string, string>();
  private readonly settled: Array<Promise<void>> = [];
  private readonly invoke: LambdaInvoker;
  private readonly tracker: WorkTracker;
  private readonly ids: SeededIds;
  private readonly keepHistories: boolean;

  constructor(machines: LocalMachine[], invoke: LambdaInvoker, tracker: WorkTracker, ids: SeededIds, keepHistories = true) {
    this.invoke = invoke;
    this.tracker = tracker;
    this.ids = ids;
    this.keepHistories = keepHistories;
    for (const machine of machines) {
      const runner = new StateMachine(machine.definition as any, { validationOptions: { checkArn: false, checkPaths: false } });
      this.machines.set(machine.name, { machine, runner });
    }
  }

  async startLifecycle(accountId: string): Promise<'started' | 'exists'> {
    return this.startExecution('Lifecycle', lifecycleExecutionName(accountId), { accountId });
  }

  /** Starts an execution unless one of that name exists on the machine (StartExecution's idempotency). */
  async startExecution(machineName: string, name: string, input: unknown): Promise<'started' | 'exists'> {
    const entry = this.machines.get(machineName);
    if (!entry) throw new Error(`No local state machine "${machineName}"`);
    const key = `${machineName}/${name}`;
    if (this.executionsByKey.has(key)) return 'exists';
    const execution: LocalExecution = { machine: machineName, name, input, status: 'RUNNING', transitions: 0, history: [] };
    this.executionsByKey.set(key, execution);

    const overrides = Object.fromEntries(
      taskStates(entry.machine.definition).map(([stateName, state]) => [
        stateName,
        (effectiveInput: any) => this.runTask(entry.machine, execution, stateName, state, effectiveInput),
      ]),
    );
    const run = entry.runner.run(input as any, {
      overrides: { taskResourceLocalHandlers: overrides as any },
      context: { Task: { Token: TOKEN_PLACEHOLDER } } as any,
    });
    const hidden = new Set(entry.machine.mapRunStates ?? []);
    const logs = (async () => {
      for await (const event of run.eventLogs) {
        const visible = asAwsShowsIt(event as unknown as HistoryEvent, hidden);
        if (!visible) continue;
        if (visible.type === 'StateEntered') execution.transitions += 1;
        if (this.keepHistories) execution.history.push(visible);
      }
    })();
    const result = run.result.then(
      (output) => {
        execution.status = 'SUCCEEDED';
        execution.output = output;
      },
      (error: Error) => {
        // The executor wraps the state's error (e.g. NeedsAttention) in an ExecutionError.
        const cause = error.cause instanceof Error ? error.cause : error;
        execution.status = 'FAILED';
        execution.error = { name: cause.name, message: cause.message };
      },
    );
    this.settled.push(result.then(() => logs).finally(() => this.closeCallbacksOf(name)));
    return 'started';
  }

  async resumeTask(token: string, output: Record<string, unknown>): Promise<'resumed' | 'stale-token'> {
    const pending = this.callbacks.get(token);
    if (!pending) return 'stale-token';
    this.closeCallbacksOf(pending.execution);
    pending.resolve(JSON.parse(JSON.stringify(output)));
    return 'resumed';
  }

  async failTask(token: string, error: string, cause: string): Promise<'failed' | 'stale-token'> {
    const pending = this.callbacks.get(token);
    if (!pending) return 'stale-token';
    this.closeCallbacksOf(pending.execution);
    pending.reject(Object.assign(new Error(cause), { name: error }));
    return 'failed';
  }

  executions(): LocalExecution[] {
    return [...this.executionsByKey.values()];
  }

  execution(machineName: string, name: string): LocalExecution | undefined {
    return this.executionsByKey.get(`${machineName}/${name}`);
  }

  /** Resolves when every execution started so far has finished and its history is complete. */
  async allSettled(): Promise<void> {
    await Promise.all(this.settled);
  }

  private async runTask(machine: LocalMachine, execution: LocalExecution, stateName: string, state: any, input: any): Promise<unknown> {
    const local = machine.localTasks?.[stateName];
    if (local) return this.tracker.track(() => local(input));
    const resource = String(state.Resource);
    if (resource.endsWith(WAIT_FOR_TOKEN)) return this.runCallbackTask(execution, input);
    if (resource === LAMBDA_INVOKE) {
      const payload = await this.tracker.track(() => this.invoke(input.FunctionName, input.Payload));
      return { Payload: payload, StatusCode: 200 };
    }
    // payloadResponseOnly: the Resource is the function itself and the effective input is the payload.
    return this.tracker.track(() => this.invoke(resource, input));
  }

  private async runCallbackTask(execution: LocalExecution, input: any): Promise<unknown> {
    // A new task of the execution means any earlier token of it belongs to a task that has ended (e.g. timed out).
    this.closeCallbacksOf(execution.name);
    const token = `${execution.name}:${this.ids.next(`task-token:${execution.machine}/${execution.name}`)}`;
    const waiting = new Promise<unknown>((resolve, reject) => {
      this.callbacks.set(token, { execution: execution.name, resolve, reject });
      this.openTokens.set(execution.name, token);
    });
    const payload = JSON.parse(JSON.stringify(input.Payload).replaceAll(TOKEN_PLACEHOLDER, token));
    await this.tracker.track(() => this.invoke(input.FunctionName, payload));
    return waiting;
  }

  private closeCallbacksOf(executionName: string): void {
    const token = this.openTokens.get(executionName);
    if (token === undefined) return;
    this.openTokens.delete(executionName);
    this.callbacks.delete(token);
  }
}
