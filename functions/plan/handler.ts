// Plan task of the Lifecycle loop: the account's next step in the stage it is in (the first plan also enrols it).
import * as z from 'zod';
import { awsStores } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { planNextStep, type PlanDeps } from '../../shared/usecases/plan-next-step.ts';

export const planInput = z.object({ accountId: z.string().min(1) });

export const createHandler = (deps: PlanDeps) =>
  lambdaHandler(planInput, async (input) => {
    const plan = await planNextStep(deps, input, new Date());
    countMetric('PlanDecisions', { action: plan.action, stage: plan.stage });
    if (plan.enrolled) countMetric('AccountsEnrolled', plan.enrolled);
    return plan;
  });

export const handler = createHandler(awsStores());
