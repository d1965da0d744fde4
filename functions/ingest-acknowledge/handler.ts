// Last Ingest step: the acknowledgement report in the creditor's outbox.
import { z } from 'zod';
import { awsFiles } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import type { FileStore } from '../../shared/ports.ts';
import { acknowledgePlacements } from '../../shared/usecases/acknowledge-placements.ts';

const rejection = z.object({ line: z.number().int(), field: z.string(), reason: z.string() });
export const acknowledgeInput = z.object({
  key: z.string().min(1),
  batches: z.array(z.object({ accepted: z.number().int(), alreadyPlaced: z.number().int(), rejected: z.array(rejection) })),
  refused: z.string().min(1).optional(),
});

export const createHandler = (deps: { files: FileStore }) =>
  lambdaHandler(acknowledgeInput, async (input) => {
    const ack = await acknowledgePlacements(deps.files, input, new Date());
    countMetric('PlacementFilesAcknowledged');
    return ack;
  });

export const handler = createHandler({ files: awsFiles() });
