// First Ingest step: refuses an unusable placement file whole, before the Distributed Map reads a row of it.
import * as z from 'zod';
import { awsFiles, awsStores } from '../../shared/lambda/aws-adapters.ts';
import { ENV, requireEnv } from '../../shared/lambda/environment.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { s3EventKey } from '../../shared/lambda/s3-event-key.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { checkPlacementFile, type CheckFileDeps } from '../../shared/usecases/check-placement-file.ts';

export const checkInput = z.object({ key: s3EventKey });

export const createHandler = (deps: CheckFileDeps) =>
  lambdaHandler(checkInput, async (input) => {
    const check = await checkPlacementFile(deps, input.key, new Date());
    if (!check.usable) countMetric('PlacementFilesRefused');
    return check;
  });

export const handler = createHandler({
  files: awsFiles(),
  creditors: awsStores().creditors,
  maxBytes: Number(requireEnv(ENV.maxPlacementBytes)),
});
