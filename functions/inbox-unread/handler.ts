// Any file in a creditor inbox (S3 "Object Created" via EventBridge): acknowledges the ones no other rule reads.
import { awsFiles } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { objectCreatedEvent } from '../../shared/lambda/s3-event-key.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import type { FileStore } from '../../shared/ports.ts';
import { acknowledgeUnreadFile } from '../../shared/usecases/acknowledge-unread-file.ts';

export const inboxFileInput = objectCreatedEvent;

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
