// Retry and timeout defaults shared by every Lambda task of every workflow.
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** Every Task declares its timeout: the offline executor's default is 60 s, AWS's is effectively unlimited. */
export const SHORT_TASK_TIMEOUT = sfn.Timeout.duration(Duration.seconds(60));

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
