// Retry and timeout defaults shared by every Lambda task of every workflow.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { PERMANENT_ERROR_NAMES, TRANSIENT_ERROR_NAME } from '../shared/errors.ts';

/** Every Task declares its timeout: the offline executor's default is 60 s, AWS's is effectively unlimited. */
const SHORT_TASK_TIMEOUT = sfn.Timeout.duration(Duration.seconds(60));

/** The invoke itself failed or was throttled (not the function), or the function named its failure transient. */
const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  TRANSIENT_ERROR_NAME,
];

/**
 * Retries by what a retry can do (shared/errors.ts). Step Functions takes the first rule whose ErrorEquals matches, so
 * the order matters: a permanent error fails at once into the Catch; a transient one backs off long enough to ride out
 * a throttle (up to about two minutes); anything else (a bug, an unnamed error) is tried a few times, as a precaution.
 */
export function retryByErrorClass(task: { addRetry(props: sfn.RetryProps): unknown }): void {
  task.addRetry({ errors: [...PERMANENT_ERROR_NAMES], maxAttempts: 0 });
  task.addRetry({
    errors: TRANSIENT_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addRetry({
    errors: ['States.TaskFailed'],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** Every Lambda task of the workflows: retried by error class instead of CDK's default retry of Lambda service errors. */
export function lambdaTask(scope: Construct, id: string, props: tasks.LambdaInvokeProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, { ...props, retryOnServiceExceptions: false });
  retryByErrorClass(task);
  return task;
}

export interface LambdaStepOptions {
  /** The function's event; every value may be a JsonPath. */
  payload: Record<string, unknown>;
  /** Where the result goes in the state: discarded by default; 'replace' makes it the whole state. */
  resultPath?: string | 'replace';
  /** Where any failure that outlasts the retries goes: a visible state, never a silent end. */
  onError: sfn.IChainable;
}

/** A short Lambda step: the function's own result, a 60 s timeout, retries by error class, failures caught. */
export function lambdaStep(scope: Construct, id: string, fn: lambda.IFunction, options: LambdaStepOptions): tasks.LambdaInvoke {
  const task = lambdaTask(scope, id, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject(options.payload),
    // 'replace' leaves ResultPath out (AWS's default): aws-local-stepfunctions reads an explicit "$" as a key named "$".
    ...(options.resultPath === 'replace' ? {} : { resultPath: options.resultPath ?? sfn.JsonPath.DISCARD }),
    taskTimeout: SHORT_TASK_TIMEOUT,
  });
  task.addCatch(options.onError, { errors: ['States.ALL'], resultPath: '$.error' });
  return task;
}
