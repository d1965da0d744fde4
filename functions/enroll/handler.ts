// First task of every Lifecycle execution.
import { z } from 'zod';
import { awsStores } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { enrollAccount, type EnrollDeps } from '../../shared/usecases/enroll-account.ts';

export const enrollInput = z.object({ accountId: z.string().min(1) });

export const createHandler = (deps: EnrollDeps) =>
  lambdaHandler(enrollInput, async (input) => {
    const result = await enrollAccount(deps, input.accountId, new Date());
    if (result.enrolled) countMetric('AccountsEnrolled', { segment: result.segment, variant: result.variant });
    return result;
  });

export const handler = createHandler(awsStores());
