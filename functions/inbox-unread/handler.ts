// Any file in a creditor inbox (S3 "Object Created" via EventBridge): acknowledges the ones no other rule reads.
import * as z from 'zod';
import { EventBridgeSchema } from '../../shared/lambda/event-schemas.ts';
import { awsFiles } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import type { FileStore } from '../../shared/ports.ts';
import { acknowledgeUnreadFile } from '../../shared/usecases/acknowledge-unread-file.ts';

export const inboxFileInput = EventBridgeSchema.extend({
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().min(1) }) }),
});

export const createHandler = (deps: { files: FileStore }) =>
  lambdaHandler(inboxFileInput, async (event) => {
    const outcome = await acknowledgeUnreadFile(deps.files, event.detail.object.key, new Date());
    if (outcome === 'acknowledged') {
      // The key names a creditor and a file name, never a debtor.
      logger.warn('inbox file no rule reads', { key: event.detail.object.key });
      countMetric('InboxFilesUnread', {});
    }
    return { outcome };
  });

export const handler = createHandler({ files: awsFiles() });
