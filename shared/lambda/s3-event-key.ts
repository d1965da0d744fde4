// The object key of an S3 event, at the boundary: decoded once, so every use case sees the key as S3 stores it.
import { EventBridgeSchema } from './event-schemas.ts';
import * as z from 'zod';
import { decodeS3EventKey } from '../creditors/inbox.ts';

export const s3EventKey = z.string().min(1).transform(decodeS3EventKey);

/** S3's "Object Created" event through EventBridge, as far as the inbox readers read it. */
export const objectCreatedEvent = EventBridgeSchema.extend({
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: s3EventKey, etag: z.string().optional(), 'version-id': z.string().optional() }),
  }),
});
