// Two-way SMS: End User Messaging publishes each inbound text to SNS.
import * as z from 'zod';
import { SnsSchema } from '../../shared/lambda/event-schemas.ts';
import { awsAgency, awsSms, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler, readJsonMessage } from '../../shared/lambda/handler.ts';
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
    const invalid: string[] = [];
    for (const record of event.Records) {
      const read = readJsonMessage(inboundSmsMessage, record.Sns.Message);
      if ('invalid' in read) {
        // Kept whole: the invocation fails, and after Lambda's retries the event lands in the FailedEvents queue.
        logger.error('inbound sms: SNS message is not an End User Messaging inbound text', {
          snsMessageId: record.Sns.MessageId,
          reason: read.invalid,
        });
        countMetric('RepliesUnreadable', { channel: 'sms', reason: 'invalid-payload' });
        invalid.push(record.Sns.MessageId);
        continue;
      }
      const { message } = read;
      const outcome = await handleInboundSms(deps, message, new Date());
      // Ids, intents and kinds only: the phone number and the text stay out of the logs.
      logger.info('inbound sms', { inboundMessageId: message.inboundMessageId, ...outcome });
      countMetric('RepliesReceived', { channel: 'sms', intent: 'intent' in outcome ? outcome.intent : outcome.status });
      if (outcome.problem) {
        logger.warn(`inbound sms: ${outcome.problem} body, recorded for a person to read`, { inboundMessageId: message.inboundMessageId });
        countMetric('RepliesUnreadable', { channel: 'sms', reason: outcome.problem });
      }
      if (outcome.autoReply) {
        countMetric('AutoReplies', { kind: outcome.autoReply.kind, status: outcome.autoReply.status });
        if (outcome.autoReply.status === 'failed')
          logger.error('inbound sms: the answer could not be sent', { inboundMessageId: message.inboundMessageId, ...outcome.autoReply });
      }
    }
    if (invalid.length > 0) throw new Error(`Invalid inbound SMS payload in SNS message(s) ${invalid.join(', ')}`);
  });

export const handler = createHandler({ ...awsStores(), workflow: awsWorkflow(), sms: awsSms(), agency: awsAgency() });
