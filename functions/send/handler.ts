// Send callback task: one touch, checked again at send time, then the reply window.
import * as z from 'zod';
import { CHANNELS } from '../../shared/accounts/events.ts';
import {
  awsAgency,
  awsEmail,
  awsLetters,
  awsLinkSigner,
  awsPortalSigner,
  awsReplySigner,
  awsSenders,
  awsSms,
  awsStores,
  awsWorkflow,
} from '../../shared/lambda/aws-adapters.ts';
import { ENV, optionalEnv, requireEnv } from '../../shared/lambda/environment.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric } from '../../shared/lambda/observability.ts';
import { sendTouch, type SendDeps } from '../../shared/usecases/send-touch.ts';

export const sendInput = z.object({
  accountId: z.string().min(1),
  stage: z.enum(['SoftReminder', 'Escalation', 'ThirdParty']),
  touchId: z.string().min(1),
  channel: z.enum(CHANNELS),
  token: z.string().min(1),
});

export const createHandler = (deps: SendDeps) =>
  lambdaHandler(sendInput, async (input) => {
    const result = await sendTouch(deps, input, new Date());
    countMetric(result.status === 'suppressed' ? 'MessagesSuppressed' : 'MessagesSent', { channel: input.channel, stage: input.stage });
    return result;
  });

const letters = awsLetters();

export const handler = createHandler({
  ...awsStores(),
  workflow: awsWorkflow(),
  email: awsEmail(),
  sms: awsSms(),
  senders: awsSenders(),
  replyDomain: requireEnv(ENV.replyDomain),
  links: awsLinkSigner(),
  replySigner: awsReplySigner(),
  unsubscribeBaseUrl: requireEnv(ENV.unsubscribeUrl),
  agency: awsAgency(),
  ...(letters ? { letters } : {}),
  ...(optionalEnv(ENV.portalUrl) ? { portalBaseUrl: requireEnv(ENV.portalUrl), pageLinks: awsPortalSigner() } : {}),
});
