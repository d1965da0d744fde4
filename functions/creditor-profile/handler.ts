// Creditor profile files (creditors/{creditorId}/inbox/profile.json), from the S3 "Object Created" EventBridge rule.
import { awsFiles, awsSendingIdentities, awsStores } from '../../shared/lambda/aws-adapters.ts';
import { ENV, optionalEnv, requireEnv } from '../../shared/lambda/environment.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { objectCreatedEvent } from '../../shared/lambda/s3-event-key.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { acceptProfileFile, type ProfileFileDeps } from '../../shared/usecases/accept-profile-file.ts';

export const profileFileInput = objectCreatedEvent;

export const createHandler = (deps: ProfileFileDeps) =>
  lambdaHandler(profileFileInput, async (event) => {
    const { key, etag, 'version-id': versionId } = event.detail.object;
    const ack = await acceptProfileFile(deps, { key, ...(etag ? { etag } : {}), ...(versionId ? { versionId } : {}) }, new Date());
    // Field paths and reasons only: a profile holds no debtor data, and the reasons never echo values.
    logger.info('profile file acknowledged', {
      status: ack.status,
      version: ack.version,
      unchanged: ack.unchanged ?? false,
      problems: ack.rejections,
      sendingDomain: ack.sendingDomain?.status,
    });
    countMetric(ack.status === 'accepted' ? 'ProfilesAccepted' : 'ProfilesRejected');
    return ack;
  });

const agencySmsOrigination = optionalEnv(ENV.agencySmsOrigination);
export const handler = createHandler({
  files: awsFiles(),
  creditors: awsStores().creditors,
  maxBytes: Number(requireEnv(ENV.maxProfileBytes)),
  identities: awsSendingIdentities(),
  identityStack: requireEnv(ENV.identityStack),
  ...(agencySmsOrigination ? { agencySmsOrigination } : {}),
});
