// Await-until callback task: park the token until the next allowed touch (the task timeout) or an event.
import * as z from 'zod';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { parkOrWake, type RecordEventDeps } from '../../shared/usecases/record-event.ts';

export const awaitInput = z.object({
  accountId: z.string().min(1),
  token: z.string().min(1),
  seenVersion: z.number().int().min(0),
});

export const createHandler = (deps: RecordEventDeps) =>
  lambdaHandler(awaitInput, async (input) => {
    const callback = await parkOrWake(deps, input.accountId, input.token, input.seenVersion);
    countMetric(callback === 'parked' ? 'CallbacksParked' : 'CallbacksWokenAtOnce');
    return { callback };
  });

export const handler = createHandler({ store: awsStores().store, workflow: awsWorkflow() });
