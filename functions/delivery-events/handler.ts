// Delivery events: SES publishes bounces, complaints, deliveries and rejects to EventBridge (the default bus); End User
// Messaging SMS publishes its SMS events to an SNS topic. Each report becomes one event on the message's account.
import * as z from 'zod';
import { EventBridgeSchema, SnsSchema } from '../../shared/lambda/event-schemas.ts';
import { awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler, readJsonMessage } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import type { RecordEventDeps } from '../../shared/usecases/record-event.ts';
import { recordDeliveryEvent, SES_EVENT_TYPES, type ProviderNotice } from '../../shared/usecases/record-delivery-event.ts';

/**
 * SES event publishing, as much as Tactful reads
 * (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html).
 */
export const sesEventDetail = z.object({
  eventType: z.enum(SES_EVENT_TYPES),
  mail: z.object({ messageId: z.string().min(1), tags: z.record(z.string(), z.array(z.string())).default({}) }),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string() }).optional(),
  complaint: z.object({ complaintFeedbackType: z.string().optional(), complaintSubType: z.string().nullish() }).optional(),
  reject: z.object({ reason: z.string() }).optional(),
});

/**
 * One End User Messaging SMS event record
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-format.html).
 */
export const smsEventRecord = z.object({
  eventType: z.string().min(1),
  messageId: z.string().min(1),
  context: z.record(z.string(), z.string()).default({}),
});

export const deliveryEventInput = z.union([EventBridgeSchema.extend({ source: z.literal('aws.ses'), detail: sesEventDetail }), SnsSchema]);

export const createHandler = (deps: RecordEventDeps) =>
  lambdaHandler(deliveryEventInput, async (event) => {
    const notices: ProviderNotice[] = [];
    const invalid: string[] = [];
    if ('Records' in event) {
      for (const record of event.Records) {
        const read = readJsonMessage(smsEventRecord, record.Sns.Message);
        if ('invalid' in read) {
          logger.error('delivery events: SNS message is not an End User Messaging SMS event', {
            snsMessageId: record.Sns.MessageId,
            reason: read.invalid,
          });
          invalid.push(record.Sns.MessageId);
        } else notices.push({ channel: 'sms', notice: read.message });
      }
    } else {
      const { eventType, mail, bounce, complaint, reject } = event.detail;
      notices.push({
        channel: 'email',
        notice: {
          eventType,
          messageId: mail.messageId,
          tags: mail.tags,
          ...(bounce ? { bounce } : {}),
          ...(complaint ? { complaint } : {}),
          ...(reject ? { reject } : {}),
        },
      });
    }
    const outcomes = [];
    for (const notice of notices) {
      const outcome = await recordDeliveryEvent(deps, notice, new Date());
      // Ids and kinds only: the address or number the provider names stays out of the logs.
      const ids = { channel: notice.channel, providerEvent: notice.notice.eventType, messageId: notice.notice.messageId };
      if (outcome.status === 'unknown-account') logger.warn('delivery event for no known account', { ...ids, reason: outcome.reason });
      else logger.info('delivery event', { ...ids, ...outcome });
      countMetric('DeliveryEvents', { channel: notice.channel, outcome: 'type' in outcome ? outcome.type : outcome.status });
      outcomes.push(outcome);
    }
    // Kept whole: the invocation fails, and after Lambda's retries the event lands in the FailedEvents queue.
    if (invalid.length > 0) throw new Error(`Invalid SMS event payload in SNS message(s) ${invalid.join(', ')}`);
    return { outcomes };
  });

export const handler = createHandler({ store: awsStores().store, workflow: awsWorkflow() });
