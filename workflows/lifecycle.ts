// The Lifecycle workflow: one Standard execution per account, input { accountId } only. One loop for the whole life:
// Plan → Route → Send | AwaitUntil | HandoffApproval → Plan … → Resolve.
//  - Plan decides in the stage the account is in (its events say which: SoftReminder → Escalation → Handoff →
//    ThirdParty); a stage that runs out hands over to the next within the plan, so moving on costs no transitions.
//  - Send is a callback task whose timeout is the reply window; a reply wakes it early.
//  - AwaitUntil is a callback task whose timeout is the time to the next allowed touch, or the hold's re-check; the
//    event that lifts a hold (or any other) wakes it early, so a held account costs nothing while nothing happens.
//  - HandoffApproval asks the creditor and waits for its answer, or the approval timeout.
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { lambdaStep, lambdaTask } from './task-defaults.ts';

export interface LifecycleFunctions {
  plan: lambda.IFunction;
  awaitUntil: lambda.IFunction;
  send: lambda.IFunction;
  requestHandoff: lambda.IFunction;
  resolve: lambda.IFunction;
}

export function buildLifecycleDefinition(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  // Anything unexpected parks here: a visible failure, never a silent end.
  const needsAttention = new sfn.Fail(scope, 'NeedsAttention', {
    error: 'NeedsAttention',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  const resolve = lambdaStep(scope, 'Resolve', fns.resolve, {
    payload: { accountId: sfn.JsonPath.stringAt('$.accountId'), outcome: sfn.JsonPath.stringAt('$.plan.outcome') },
    onError: needsAttention,
  });
  // Resolve ends the execution itself: a Succeed state after it would be one more billed transition per account.

  // The first Plan enrols the account: the execution starts straight in the loop.
  const plan = lambdaStep(scope, 'Plan', fns.plan, {
    payload: { accountId: sfn.JsonPath.stringAt('$.accountId') },
    resultPath: '$.plan',
    onError: needsAttention,
  });
  const awaitUntil = callbackTask(scope, 'AwaitUntil', fns.awaitUntil, {}, '$.plan.waitSeconds', plan, needsAttention);
  const send = callbackTask(
    scope,
    'Send',
    fns.send,
    {
      stage: sfn.JsonPath.stringAt('$.plan.stage'),
      touchId: sfn.JsonPath.stringAt('$.plan.touchId'),
      channel: sfn.JsonPath.stringAt('$.plan.channel'),
    },
    '$.plan.replyWindowSeconds',
    plan,
    needsAttention,
  );
  const approval = callbackTask(scope, 'HandoffApproval', fns.requestHandoff, {}, '$.plan.waitSeconds', plan, needsAttention);
  const route = new sfn.Choice(scope, 'Route')
    .when(sfn.Condition.stringEquals('$.plan.action', 'touch'), send)
    .when(sfn.Condition.stringEquals('$.plan.action', 'wait'), awaitUntil)
    .when(sfn.Condition.stringEquals('$.plan.action', 'request-approval'), approval)
    .when(sfn.Condition.stringEquals('$.plan.action', 'resolve'), resolve)
    .otherwise(needsAttention);
  plan.next(route);
  return plan;
}

/** A callback task that parks its token on the account; the timeout (seconds at `timeoutPath`) or an event resumes it. */
function callbackTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: Record<string, unknown>,
  timeoutPath: string,
  onResume: sfn.IChainable,
  needsAttention: sfn.IChainable,
): tasks.LambdaInvoke {
  const task = lambdaTask(scope, id, {
    lambdaFunction: fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      accountId: sfn.JsonPath.stringAt('$.accountId'),
      seenVersion: sfn.JsonPath.numberAt('$.plan.seenVersion'),
      token: sfn.JsonPath.taskToken,
      ...payload,
    }),
    resultPath: sfn.JsonPath.DISCARD,
    taskTimeout: sfn.Timeout.at(timeoutPath),
  });
  task.addCatch(onResume, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  task.addCatch(needsAttention, { errors: ['States.ALL'], resultPath: '$.error' });
  task.next(onResume);
  return task;
}
