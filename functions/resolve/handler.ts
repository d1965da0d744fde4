// Resolve, the Act callback of a plan that resolves: records the account's outcome, then resumes the workflow to end.
import * as z from 'zod';
import { OUTCOMES } from '../../shared/accounts/events.ts';
import { awsFiles, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { resolveAccount, type ResolveDeps } from '../../shared/usecases/resolve-account.ts';

export const resolveInput = z.object({ accountId: z.string().min(1), outcome: z.enum(OUTCOMES), token: z.string().min(1) });

export const createHandler = (deps: ResolveDeps) =>
  lambdaHandler(resolveInput, async (input) => {
    const result = await resolveAccount(deps, input, new Date());
    countMetric('AccountsResolved', { outcome: result.outcome });
    return result;
  });

export const handler = createHandler({ store: awsStores().store, files: awsFiles(), workflow: awsWorkflow() });
