// Inbound email: the SES receipt rule stores the raw MIME in S3, then invokes this function.
import * as z from 'zod';
import { awsAgency, awsEmail, awsFiles, awsReplySigner, awsSenders, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { ENV, requireEnv } from '../../shared/lambda/environment.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { handleInboundEmail, type InboundEmailDeps } from '../../shared/usecases/handle-inbound-email.ts';

export const RAW_MAIL_PREFIX = 'inbound/email/';

const verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']) });
/**
 * What this function reads of SES's receipt event. Powertools' SesSchema also demands fields SES leaves out (the
 * receipt's dmarcPolicy is there only when DMARC fails; a mail sent only to Bcc has no To:), so it would refuse
 * every reply that passes DMARC.
 */
export const SesReceiptEventSchema = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().min(1) }),
          receipt: z.object({
            spamVerdict: verdict,
            virusVerdict: verdict,
            spfVerdict: verdict,
            dkimVerdict: verdict,
            dmarcVerdict: verdict,
          }),
        }),
      }),
    )
    .min(1),
});

export const createHandler = (deps: InboundEmailDeps) =>
  lambdaHandler(SesReceiptEventSchema, async (event) => {
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const verdicts = {
        spf: receipt.spfVerdict.status,
        dkim: receipt.dkimVerdict.status,
        dmarc: receipt.dmarcVerdict.status,
        spam: receipt.spamVerdict.status,
        virus: receipt.virusVerdict.status,
      };
      const outcome = await handleInboundEmail(deps, { messageId: mail.messageId, verdicts }, new Date());
      // Ids, verdicts and intents only: addresses, subjects and text stay out of the logs.
      if (outcome.status === 'flagged') {
        logger.warn('inbound email: flagged by SES, recorded and not acted on', { messageId: mail.messageId, ...outcome });
        countMetric('RepliesFlagged', { channel: 'email', verdict: outcome.virusVerdict === 'FAIL' ? 'virus' : 'spam' });
        continue;
      }
      if (outcome.status === 'unreadable') {
        logger.error(`inbound email: ${outcome.problem} message, not parsed; the raw message stays in S3`, {
          messageId: mail.messageId,
          ...outcome,
        });
        countMetric('RepliesUnreadable', { channel: 'email', reason: outcome.problem });
        continue;
      }
      logger.info('inbound email', { messageId: mail.messageId, verdicts, ...outcome });
      countMetric('RepliesReceived', { channel: 'email', intent: 'intent' in outcome ? outcome.intent : outcome.status });
      if (outcome.authentication === 'unauthenticated')
        countMetric('RepliesUnauthenticated', { channel: 'email', replyToken: outcome.replyToken });
      if (outcome.problem) {
        logger.warn(`inbound email: ${outcome.problem} body, recorded for a person to read`, { messageId: mail.messageId });
        countMetric('RepliesUnreadable', { channel: 'email', reason: outcome.problem });
      }
      if ('autoReply' in outcome && outcome.autoReply) {
        countMetric('AutoReplies', { kind: outcome.autoReply.kind, status: outcome.autoReply.status });
        if (outcome.autoReply.status === 'failed')
          logger.error('inbound email: the answer could not be sent', { messageId: mail.messageId, ...outcome.autoReply });
      }
    }
  });

export const handler = createHandler({
  ...awsStores(),
  workflow: awsWorkflow(),
  files: awsFiles(),
  email: awsEmail(),
  senders: awsSenders(),
  agency: awsAgency(),
  replyDomain: requireEnv(ENV.replyDomain),
  replySigner: awsReplySigner(),
  rawMailPrefix: RAW_MAIL_PREFIX,
});
