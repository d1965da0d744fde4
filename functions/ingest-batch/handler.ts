// One batch of the Ingest Distributed Map: { Items: [{ index, row }], BatchInput: { key, repeats, overlong } }.
import * as z from 'zod';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { s3EventKey } from '../../shared/lambda/s3-event-key.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { ingestPlacementBatch, type IngestDeps } from '../../shared/usecases/ingest-placements.ts';

export const ingestBatchInput = z.object({
  Items: z.array(z.object({ index: z.number().int().min(0), row: z.record(z.string(), z.string()) })),
  BatchInput: z.object({
    key: s3EventKey,
    /** Line → earlier line with the same account_ref, from CheckFile. */
    repeats: z.record(z.string().regex(/^\d+$/), z.number().int().min(2)),
    /** Line → the column of its over-long cell, from CheckFile. */
    overlong: z.record(z.string().regex(/^\d+$/), z.string()),
  }),
});

export const createHandler = (deps: IngestDeps) =>
  lambdaHandler(ingestBatchInput, async (input) => {
    const result = await ingestPlacementBatch(deps, { ...input.BatchInput, items: input.Items }, new Date());
    countMetric('AccountsPlaced', {}, result.accepted);
    countMetric('PlacementRowsRejected', {}, new Set(result.rejected.map((r) => r.line)).size);
    return result;
  });

export const handler = createHandler({ ...awsStores(), workflow: awsWorkflow() });
