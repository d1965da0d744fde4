// Stripe's webhook behind a Lambda Function URL (no IAM auth: Stripe signs each request). The signature is checked on
// the raw body before anything is read; payments and their reversals are recorded once each, by Stripe's ids.
import { LambdaFunctionUrlSchema } from '../../shared/lambda/event-schemas.ts';
import { verifyStripeEvent, WebhookSignatureError } from '../../shared/adapters/stripe-webhook.ts';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { awsStripeSigningSecrets } from '../../shared/lambda/stripe-adapters.ts';
import {
  recordStripeEvent,
  stripeEventSchema,
  type StripeEventDeps,
  type StripeEventOutcome,
} from '../../shared/usecases/record-stripe-event.ts';

export interface StripeWebhookDeps extends StripeEventDeps {
  /** The endpoint's signing secrets (whsec_…). */
  signingSecrets: () => Promise<string[]>;
}

/**
 * Stripe retries any answer but 2xx for three days: an event that may place later (its payment not recorded yet)
 * is answered 409 so that it comes again; one that never will is refused, and shows as failed in Stripe's dashboard.
 */
const STATUS: Record<StripeEventOutcome, number> = {
  recorded: 200,
  duplicate: 200,
  ignored: 200,
  'unknown-payment': 409,
  'unknown-account': 409,
  'currency-mismatch': 422,
  'creditor-mismatch': 403,
};

const answer = (statusCode: number, body: Record<string, string>) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const createHandler = (deps: StripeWebhookDeps) =>
  lambdaHandler(LambdaFunctionUrlSchema, async (request) => {
    if (request.requestContext.http.method !== 'POST') return { statusCode: 405, headers: { allow: 'POST' }, body: '' };
    // The signature covers the exact bytes Stripe sent: a Function URL hands a binary-typed body over in base64.
    const raw = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
    let verified: unknown;
    try {
      verified = verifyStripeEvent(raw, request.headers['stripe-signature'], await deps.signingSecrets());
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      logger.warn('stripe webhook refused', { reason: error.message });
      countMetric('StripeWebhooks', { outcome: 'bad-signature' });
      return answer(400, { error: 'invalid signature' });
    }
    const event = stripeEventSchema.safeParse(verified);
    if (!event.success) return answer(400, { error: 'not a Stripe event' });
    const outcome = await recordStripeEvent(deps, event.data, new Date());
    // Ids only: Stripe's event id and type, never the debtor.
    logger.info('stripe event', { eventId: event.data.id, type: event.data.type, outcome });
    countMetric('StripeWebhooks', { outcome });
    return answer(STATUS[outcome], { outcome });
  });

const stores = awsStores();
export const handler = createHandler({
  store: stores.store,
  creditors: stores.creditors,
  workflow: awsWorkflow(),
  signingSecrets: awsStripeSigningSecrets(),
});
