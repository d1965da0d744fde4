// Inbound email: the SES receipt rule stores the raw MIME in S3, then invokes this function.
import { SesSchema } from '@aws-lambda-powertools/parser/schemas';
import { awsAgency, awsEmail, awsFiles, awsReplySigner, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { ENV, requireEnv } from '../../shared/lambda/environment.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { handleInboundEmail, type InboundEmailDeps } from '../../shared/usecases/handle-inbound-email.ts';

export const RAW_MAIL_PREFIX = 'inbound/email/';

export const createHandler = (deps: InboundEmailDeps) =>
  lambdaHandler(SesSchema, async (event) => {
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
        logger.error(`inbound email: ${outcome.problem} message, not parsed; the raw message stays in S3`, { messageId: mail.messageId, ...outcome });
        countMetric('RepliesUnreadable', { channel: 'email', reason: outcome.problem });
        continue;
      }
      logger.info('inbound email', { messageId: mail.messageId, verdicts, ...outcome });
      countMetric('RepliesReceived', { channel: 'email', intent: 'intent' in outcome ? outcome.intent : outcome.status });
      if (outcome.authentication === 'unauthenticated') countMetric('RepliesUnauthenticated', { channel: 'email', replyToken: outcome.replyToken });
      if (outcome.problem) {
        logger.warn(`inbound email: ${outcome.problem} body, recorded for a person to read`, { messageId: mail.messageId });
        countMetric('RepliesUnreadable', { channel: 'email', reason: outcome.problem });
      }
      if ('autoReply' in outcome && outcome.autoReply) {
        countMetric('AutoReplies', { kind: outcome.autoReply.kind, status: outcome.autoReply.status });
        if (outcome.autoReply.status === 'failed') logger.error('inbound email: the answer could not be sent', { messageId: mail.messageId, ...outcome.autoReply });
      }
    }
  });

export const handler = createHandler({
  ...awsStores(),
  workflow: awsWorkflow(),
  files: awsFiles(),
  email: awsEmail(),
  agency: awsAgency(),
  replyDomain: requireEnv(ENV.replyDomain),
  replySigner: awsReplySigner(),
  rawMailPrefix: RAW_MAIL_PREFIX,
});
