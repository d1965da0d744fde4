// The Lifecycle workflow: one Standard execution per account, input { accountId } only.
// SoftReminder (whose first Plan enrols the account) → Escalation → Handoff approval → ThirdParty → Resolve.
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { buildContactStage, callbackTask, planTask, type StageExits } from './stage-loop.ts';
import { lambdaStep } from './task-defaults.ts';

export interface LifecycleFunctions {
  plan: lambda.IFunction;
  awaitUntil: lambda.IFunction;
  send: lambda.IFunction;
  requestHandoff: lambda.IFunction;
  resolve: lambda.IFunction;
}

export function buildLifecycleDefinition(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  const needsAttention = new sfn.Fail(scope, 'NeedsAttention', {
    error: 'NeedsAttention',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  const resolve = lambdaStep(scope, 'Resolve', fns.resolve, {
    payload: { accountId: sfn.JsonPath.stringAt('$.accountId'), outcome: sfn.JsonPath.stringAt('$.plan.outcome') },
    onError: needsAttention,
  });
  // Resolve ends the execution itself: a Succeed state after it would be one more billed transition per account.

  const exitsTo = (advance: sfn.IChainable): StageExits => ({ advance, resolve, needsAttention });
  const contact = { plan: fns.plan, awaitUntil: fns.awaitUntil, send: fns.send };

  // Built last stage first, so that each stage can name the entry of the next.
  // Plan resolves an exhausted third-party stage itself; an 'advance' out of the last stage is a fault.
  const noNextStage = new sfn.Fail(scope, 'ThirdParty.NoNextStage', {
    error: 'NeedsAttention',
    cause: 'Plan asked to advance past the last stage',
  });
  const thirdParty = buildContactStage(scope, 'ThirdParty', contact, exitsTo(noNextStage));
  const handoff = buildHandoffApproval(scope, fns, exitsTo(thirdParty));
  const escalation = buildContactStage(scope, 'Escalation', contact, exitsTo(handoff));
  const softReminder = buildContactStage(scope, 'SoftReminder', contact, exitsTo(escalation));

  // The first Plan enrols the account: the execution starts straight in the soft-reminder stage.
  return softReminder;
}

/** Handoff: Plan applies the creditor's policy; when it must ask, the approval task waits for the creditor's answer. */
function buildHandoffApproval(scope: Construct, fns: LifecycleFunctions, exits: StageExits): sfn.State {
  const plan = planTask(scope, 'Handoff', fns.plan, exits);
  const approval = callbackTask(scope, 'Handoff.Approval', fns.requestHandoff, {}, '$.plan.waitSeconds', plan, exits.needsAttention);
  const route = new sfn.Choice(scope, 'Handoff.Route')
    .when(sfn.Condition.stringEquals('$.plan.action', 'request-approval'), approval)
    .when(sfn.Condition.stringEquals('$.plan.action', 'advance'), exits.advance)
    .when(sfn.Condition.stringEquals('$.plan.action', 'resolve'), exits.resolve)
    .otherwise(exits.needsAttention);
  plan.next(route);
  return plan;
}
