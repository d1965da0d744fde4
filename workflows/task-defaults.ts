// Retry and timeout defaults shared by every Lambda task of every workflow.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Every Task declares its timeout: the offline executor's default is 60 s, AWS's is effectively unlimited. */
const SHORT_TASK_TIMEOUT = sfn.Timeout.duration(Duration.seconds(60));

/** Transient failures of our own code (throttling, a store hiccup) retry with backoff before anything parks. */
export function retryTransient(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: ['States.TaskFailed'],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

export interface LambdaStepOptions {
  /** The function's event; every value may be a JsonPath. */
  payload: Record<string, unknown>;
  /** Where the result goes in the state: discarded by default; 'replace' makes it the whole state. */
  resultPath?: string | 'replace';
  /** Where any failure that outlasts the retries goes: a visible state, never a silent end. */
  onError: sfn.IChainable;
}

/** A short Lambda step: the function's own result, a 60 s timeout, transient retries, failures caught. */
export function lambdaStep(scope: Construct, id: string, fn: lambda.IFunction, options: LambdaStepOptions): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject(options.payload),
    // 'replace' leaves ResultPath out (AWS's default): aws-local-stepfunctions reads an explicit "$" as a key named "$".
    ...(options.resultPath === 'replace' ? {} : { resultPath: options.resultPath ?? sfn.JsonPath.DISCARD }),
    taskTimeout: SHORT_TASK_TIMEOUT,
  });
  retryTransient(task);
  task.addCatch(options.onError, { errors: ['States.ALL'], resultPath: '$.error' });
  return task;
}
