// Creditor instruction files, from the S3 "Object Created" EventBridge rule.
import { awsFiles, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { objectCreatedEvent } from '../../shared/lambda/s3-event-key.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { applyInstructionFile, type InstructionDeps } from '../../shared/usecases/apply-instructions.ts';

export const instructionsInput = objectCreatedEvent;

export const createHandler = (deps: InstructionDeps) =>
  lambdaHandler(instructionsInput, async (event) => {
    const result = await applyInstructionFile(deps, event.detail.object.key, new Date());
    logger.info('instruction file applied', { applied: result.applied, duplicates: result.duplicates, rejected: result.rejected.length });
    countMetric('InstructionsApplied', {}, result.applied);
    return result;
  });

export const handler = createHandler({ store: awsStores().store, workflow: awsWorkflow(), files: awsFiles() });
