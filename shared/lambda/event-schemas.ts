// The envelopes AWS delivers to our functions (EventBridge, SNS, Lambda Function URLs), as zod schemas of the fields
// the handlers read. Not Powertools' parser schemas: those import zod as `{ z }`, which bundles the whole of zod
// (its 40 locales included, 360 KB minified) into every function that uses one and made their cold starts 25% slower;
// `import * as z` lets esbuild keep only what is used. Shapes: the AWS docs' event samples, as the Powertools schemas
// have them.
import * as z from 'zod';

/** An EventBridge event; `.extend({ detail })` types its detail. */
export const EventBridgeSchema = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.string().optional(),
});

/** SNS delivering to Lambda: one record per message. */
export const SnsSchema = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        EventVersion: z.string(),
        EventSubscriptionArn: z.string(),
        Sns: z.object({
          Type: z.literal('Notification'),
          MessageId: z.string(),
          TopicArn: z.string(),
          Subject: z.string().nullish(),
          Message: z.string(),
          Timestamp: z.string(),
          MessageAttributes: z.record(z.string(), z.object({ Type: z.string(), Value: z.string() })).optional(),
        }),
      }),
    )
    .min(1),
});

/** A Lambda Function URL request (payload format 2.0). */
export const LambdaFunctionUrlSchema = z.object({
  version: z.literal('2.0'),
  rawPath: z.string(),
  rawQueryString: z.string(),
  headers: z.record(z.string(), z.string()),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  cookies: z.array(z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
  requestContext: z.object({
    requestId: z.string(),
    domainName: z.string(),
    timeEpoch: z.number(),
    http: z.object({ method: z.string(), path: z.string(), sourceIp: z.string() }),
  }),
});
