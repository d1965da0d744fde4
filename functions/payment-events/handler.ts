// Payments the creditor's processor reports on EventBridge (source "tactful.payments", detail-type "Payment Received").
import * as z from 'zod';
import { EventBridgeSchema } from '../../shared/lambda/event-schemas.ts';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { ENV, requireEnv } from '../../shared/lambda/environment.ts';
import { recordBusPayment, type ProcessorPaymentDeps } from '../../shared/usecases/record-processor-payment.ts';

export const paymentEventInput = EventBridgeSchema.extend({
  detail: z.object({
    creditorId: z.string().min(1),
    accountRef: z.string().min(1),
    amount: z.string().regex(/^\d+(\.\d{1,3})?$/, 'a decimal amount such as "125.00"'),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as USD'),
    reference: z.string().min(1),
  }),
});

/** PAYMENT_PROCESSORS, as infra writes it (infra/constructs/inbound.ts). */
export const paymentProcessorGrants = z.object({
  operatorAccount: z.string().regex(/^\d{12}$/),
  creditorsOf: z.record(z.string().regex(/^\d{12}$/), z.array(z.string().min(1))),
});

export const createHandler = (deps: ProcessorPaymentDeps) =>
  lambdaHandler(paymentEventInput, async (event) => {
    const { creditorId, accountRef, amount, currency, reference } = event.detail;
    const payment = { creditorId, account: { ref: accountRef }, amount: { decimal: amount }, currency, reference };
    const outcome = await recordBusPayment(deps, { ...payment, processorAccount: event.account }, new Date());
    // Ids only: the reference and the creditor, never the debtor.
    logger.info('processor payment', {
      eventId: event.id,
      creditorId: event.detail.creditorId,
      reference: event.detail.reference,
      outcome,
    });
    countMetric('ProcessorPayments', { outcome });
    // An event Tactful cannot place fails, so that after its retries it waits in the dead-letter queue, not lost.
    if (outcome === 'unknown-account' || outcome === 'currency-mismatch') {
      throw new Error(`Payment ${event.detail.reference} for creditor ${event.detail.creditorId}: ${outcome}`);
    }
    return { outcome };
  });

export const handler = createHandler({
  store: awsStores().store,
  workflow: awsWorkflow(),
  processors: paymentProcessorGrants.parse(JSON.parse(requireEnv(ENV.paymentProcessors))),
});
