// The middy chain every Tactful Lambda shares: Powertools logger, metrics and tracer around one use case, with zod
// validating the event at the boundary, and every failure named by whether a retry can help.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { Context } from 'aws-lambda';
import type { ZodType } from 'zod';
import type * as z from 'zod';
import { logger, metrics, tracer } from './observability.ts';
import { retryClassNames } from './retry-class.ts';

export type UseCaseHandler<In, Out> = (input: In, context: Context) => Promise<Out>;

export function lambdaHandler<In, Out>(schema: ZodType<In>, useCase: UseCaseHandler<In, Out>) {
  return middy<In, Out>()
    .use(retryClassNames())
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema }))
    .handler(useCase);
}

/**
 * The JSON inside an envelope (an SNS message), checked against its schema, or why it is not that (field paths only:
 * no value is logged).
 */
export function readJsonMessage<S extends ZodType>(schema: S, raw: string): { message: z.infer<S> } | { invalid: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { invalid: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { message: parsed.data };
  return { invalid: parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.code}`).join('; ') };
}
