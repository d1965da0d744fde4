// Creditor instruction files, from the S3 "Object Created" EventBridge rule.
import * as z from 'zod';
import { EventBridgeSchema } from '../../shared/lambda/event-schemas.ts';
import { awsFiles, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { applyInstructionFile, type InstructionDeps } from '../../shared/usecases/apply-instructions.ts';

export const instructionsInput = EventBridgeSchema.extend({
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().min(1) }) }),
});

export const createHandler = (deps: InstructionDeps) =>
  lambdaHandler(instructionsInput, async (event) => {
    const result = await applyInstructionFile(deps, event.detail.object.key, new Date());
    logger.info('instruction file applied', { applied: result.applied, duplicates: result.duplicates, rejected: result.rejected.length });
    countMetric('InstructionsApplied', {}, result.applied);
    return result;
  });

export const handler = createHandler({ store: awsStores().store, workflow: awsWorkflow(), files: awsFiles() });
