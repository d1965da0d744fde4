// Last Ingest step: the acknowledgement report in the creditor's outbox, from the Map Run's results in S3.
import * as z from 'zod';
import { awsFiles } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { s3EventKey } from '../../shared/lambda/s3-event-key.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import type { FileStore } from '../../shared/ports.ts';
import { acknowledgePlacements } from '../../shared/usecases/acknowledge-placements.ts';

/** A placement file with the manifest of its Map Run's results, or a file refused whole. */
export const acknowledgeInput = z.union([
  z.object({ key: s3EventKey, manifest: z.string().min(1) }),
  z.object({ key: s3EventKey, refused: z.string().min(1) }),
]);

export const createHandler = (deps: { files: FileStore }) =>
  lambdaHandler(acknowledgeInput, async (input) => {
    const ack = await acknowledgePlacements(deps.files, input, new Date());
    countMetric('PlacementFilesAcknowledged');
    return ack;
  });

export const handler = createHandler({ files: awsFiles() });
