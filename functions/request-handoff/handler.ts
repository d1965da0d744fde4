// Handoff approval callback task: ask the creditor, then wait for its answer or the approval timeout.
import * as z from 'zod';
import { awsFiles, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { requestHandoffApproval, type RequestHandoffDeps } from '../../shared/usecases/request-handoff.ts';

export const requestHandoffInput = z.object({ accountId: z.string().min(1), token: z.string().min(1) });

export const createHandler = (deps: RequestHandoffDeps) =>
  lambdaHandler(requestHandoffInput, async (input) => {
    const result = await requestHandoffApproval(deps, input, new Date());
    countMetric('HandoffApprovalsAwaited');
    return result;
  });

export const handler = createHandler({ store: awsStores().store, workflow: awsWorkflow(), files: awsFiles() });
