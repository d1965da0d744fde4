// The Lifecycle workflow: one Standard execution per account, input { accountId } only. One loop for the whole life,
// two states a turn: Plan → Act → Plan …, and Act → Resolved once the account is resolved.
//  - Plan decides in the stage the account is in (its events say which: SoftReminder → Escalation → Handoff →
//    ThirdParty); a stage that runs out hands over to the next within the plan, so moving on costs no transitions.
//  - Act is one callback task whose function is the plan's action: Send (timeout: the reply window), AwaitUntil (the
//    time to the next allowed touch, or a hold's re-check), RequestHandoff (the approval timeout) or Resolve. A
//    timeout goes straight back to Plan; an event that wakes the token early (a reply, a payment, the event that
//    lifts a hold) goes through one Choice, which ends the execution once Resolve has resumed it.
// Standard workflows are billed per state transition: a turn is two, and a held account costs nothing while nothing
// happens.
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PLAN_ACTIONS, type PlanAction } from '../shared/usecases/plan-next-step.ts';
import { lambdaStep, retryByErrorClass } from './task-defaults.ts';

export interface LifecycleFunctions {
  plan: lambda.IFunction;
  /** The function that carries out each action of a plan, as a callback (it parks or resumes its task token). */
  acts: Record<PlanAction, lambda.IFunction>;
}

export function buildLifecycleDefinition(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  // Anything unexpected parks here: a visible failure, never a silent end.
  const needsAttention = new sfn.Fail(scope, 'NeedsAttention', {
    error: 'NeedsAttention',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  // The first Plan enrols the account: the execution starts straight in the loop.
  const plan = lambdaStep(scope, 'Plan', fns.plan, {
    payload: { accountId: sfn.JsonPath.stringAt('$.accountId') },
    resultPath: '$.plan',
    onError: needsAttention,
  });

  // ASL picks a function only by an index into a list: the list is PLAN_ACTIONS' order, the index Plan's actionIndex.
  const functionArns = PLAN_ACTIONS.map((action) => `'${fns.acts[action].functionArn}'`).join(', ');
  const act = new sfn.CustomState(scope, 'Act', {
    stateJson: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        'FunctionName.$': `States.ArrayGetItem(States.Array(${functionArns}), $.plan.actionIndex)`,
        Payload: {
          'accountId.$': '$.accountId',
          'seenVersion.$': '$.plan.seenVersion',
          'token.$': '$$.Task.Token',
          'stage.$': '$.plan.stage',
          'touchId.$': '$.plan.touchId',
          'channel.$': '$.plan.channel',
          'outcome.$': '$.plan.outcome',
        },
      },
      ResultPath: null,
      TimeoutSecondsPath: '$.plan.timeoutSeconds',
    },
  });
  retryByErrorClass(act);
  act.addCatch(plan, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  act.addCatch(needsAttention, { errors: ['States.ALL'], resultPath: '$.error' });

  // Resolve resumed the task: the outcome is recorded and the execution ends.
  const resolved = new sfn.Succeed(scope, 'Resolved');
  const woken = new sfn.Choice(scope, 'Woken').when(sfn.Condition.stringEquals('$.plan.action', 'resolve'), resolved).otherwise(plan);
  plan.next(act);
  act.next(woken);
  return plan;
}
