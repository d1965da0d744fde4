// Two-way SMS: End User Messaging publishes each inbound text to SNS.
import { z } from 'zod';
import { SnsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sns';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SnsSchema } from '@aws-lambda-powertools/parser/schemas';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { handleInboundSms, type InboundSmsDeps } from '../../shared/usecases/handle-inbound-sms.ts';

export const inboundSmsMessage = z.object({
  originationNumber: z.string().min(1),
  destinationNumber: z.string().min(1),
  messageKeyword: z.string().optional(),
  messageBody: z.string(),
  inboundMessageId: z.string().min(1),
  previousPublishedMessageId: z.string().optional(),
});

export const createHandler = (deps: InboundSmsDeps) =>
  lambdaHandler(SnsSchema, async (event) => {
    for (const message of SnsEnvelope.parse(event, JSONStringified(inboundSmsMessage))) {
      const outcome = await handleInboundSms(deps, message, new Date());
      // Ids and intents only: the phone number and the text stay out of the logs.
      logger.info('inbound sms', { inboundMessageId: message.inboundMessageId, ...outcome });
      countMetric('RepliesReceived', { channel: 'sms', intent: 'intent' in outcome ? outcome.intent : outcome.status });
    }
  });

export const handler = createHandler({ ...awsStores(), workflow: awsWorkflow() });
