// One builder for every contact stage: Plan → Route → Await-until | Send → Plan …
//  - Await-until is a callback task whose timeout is the time to the next allowed touch; an event wakes it early.
//  - Send is a callback task whose timeout is the reply window; a reply wakes it early.
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Stage } from '../shared/accounts/events.ts';
import { lambdaStep, lambdaTask } from './task-defaults.ts';

export interface StageExits {
  /** Entry of the next stage, taken when Plan answers `advance`. */
  advance: sfn.IChainable;
  /** Entry of the resolution, taken when Plan answers `resolve`. */
  resolve: sfn.IChainable;
  /** Where anything unexpected goes: a visible parking state, never a silent failure. */
  needsAttention: sfn.IChainable;
}

export interface PlanFunctions {
  plan: lambda.IFunction;
  awaitUntil: lambda.IFunction;
}

/** The Plan task of a stage: folds the account's events and decides. Output lands in `$.plan`. */
export function planTask(scope: Construct, stage: Stage, plan: lambda.IFunction, exits: StageExits): tasks.LambdaInvoke {
  return lambdaStep(scope, `${stage}.Plan`, plan, {
    payload: { accountId: sfn.JsonPath.stringAt('$.accountId'), stage },
    resultPath: '$.plan',
    onError: exits.needsAttention,
  });
}

/** A callback task that parks its token on the account; the timeout (seconds at `timeoutPath`) or an event resumes it. */
export function callbackTask(
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

export interface ContactStageFunctions extends PlanFunctions {
  send: lambda.IFunction;
}

/** Builds one contact stage and returns its entry (the Plan task). */
export function buildContactStage(
  scope: Construct,
  stage: Exclude<Stage, 'Handoff'>,
  fns: ContactStageFunctions,
  exits: StageExits,
): sfn.State {
  const plan = planTask(scope, stage, fns.plan, exits);
  const awaitUntil = callbackTask(
    scope,
    `${stage}.AwaitUntil`,
    fns.awaitUntil,
    { stage },
    '$.plan.waitSeconds',
    plan,
    exits.needsAttention,
  );
  const send = callbackTask(
    scope,
    `${stage}.Send`,
    fns.send,
    {
      stage,
      touchId: sfn.JsonPath.stringAt('$.plan.touchId'),
      channel: sfn.JsonPath.stringAt('$.plan.channel'),
    },
    '$.plan.replyWindowSeconds',
    plan,
    exits.needsAttention,
  );
  const route = new sfn.Choice(scope, `${stage}.Route`)
    .when(sfn.Condition.stringEquals('$.plan.action', 'touch'), send)
    .when(sfn.Condition.stringEquals('$.plan.action', 'wait'), awaitUntil)
    .when(sfn.Condition.stringEquals('$.plan.action', 'advance'), exits.advance)
    .when(sfn.Condition.stringEquals('$.plan.action', 'resolve'), exits.resolve)
    .otherwise(exits.needsAttention);
  plan.next(route);
  return plan;
}
