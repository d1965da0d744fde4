// The AWS side of every port, built from the function's environment. Each handler calls these once, at module scope.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../adapters/dynamo-creditor-store.ts';
import { KmsLinkSigner } from '../adapters/kms-link-signer.ts';
import type { LobLetters } from '../adapters/lob-letter-sender.ts';
import type { LetterSender } from '../ports.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import { SesV2EmailSender } from '../adapters/sesv2-email-sender.ts';
import { SesV2SendingIdentities } from '../adapters/sesv2-sending-identities.ts';
import { CreditorSenders } from '../creditors/sending-identity.ts';
import { StepFunctionsWorkflow } from '../adapters/sfn-workflow.ts';
import { SmsV2Sender } from '../adapters/sms-v2-sender.ts';
import type { AgencyIdentity } from '../usecases/send-touch.ts';
import { ENV, optionalEnv, requireEnv } from './environment.ts';
import { tracer } from './observability.ts';

/** Transient provider errors (throttling, 5xx) are retried with the SDK's exponential backoff and jitter. */
const SEND_ATTEMPTS = 4;

function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function awsStores(): { store: DynamoAccountStore; creditors: DynamoCreditorStore } {
  const db = documentClient();
  const table = requireEnv(ENV.tableName);
  return { store: new DynamoAccountStore(db, table), creditors: new DynamoCreditorStore(db, table) };
}

/**
 * StartExecution is throttled by a regional token bucket: the adaptive retry mode backs off and rate-limits the client
 * on ThrottlingException, so a big placement slows down instead of dropping an account. (Ingest batches are
 * idempotent, and the workflow retries a batch that still fails.)
 */
export function awsWorkflow(): StepFunctionsWorkflow {
  return new StepFunctionsWorkflow(
    tracer.captureAWSv3Client(new SFNClient({ maxAttempts: 10, retryMode: 'adaptive' })),
    requireEnv(ENV.lifecycleStateMachineArn),
  );
}

export function awsFiles(): S3FileStore {
  return new S3FileStore(tracer.captureAWSv3Client(new S3Client({})), requireEnv(ENV.bucketName));
}

export function awsEmail(): SesV2EmailSender {
  return new SesV2EmailSender(
    tracer.captureAWSv3Client(new SESv2Client({ maxAttempts: SEND_ATTEMPTS })),
    requireEnv(ENV.emailConfigurationSet),
  );
}

export function awsSendingIdentities(): SesV2SendingIdentities {
  return new SesV2SendingIdentities(tracer.captureAWSv3Client(new SESv2Client({})));
}

/** Who creditors' email is from; its cache of identity statuses lives as long as the execution environment. */
export function awsSenders(): CreditorSenders {
  return new CreditorSenders({
    identities: awsSendingIdentities(),
    agencyMailDomain: requireEnv(ENV.agencyMailDomain),
    stack: requireEnv(ENV.identityStack),
  });
}

export function awsSms(): SmsV2Sender {
  return new SmsV2Sender(
    tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({ maxAttempts: SEND_ATTEMPTS })),
    requireEnv(ENV.smsConfigurationSet),
  );
}

/** The agency's own identity (after a hand-off it writes, and answers texts, as itself). */
export function awsAgency(): AgencyIdentity {
  const smsOrigination = optionalEnv(ENV.agencySmsOrigination);
  return {
    name: requireEnv(ENV.agencyName),
    email: requireEnv(ENV.agencyEmail),
    ...(smsOrigination ? { smsOrigination } : {}),
    address: requireEnv(ENV.agencyAddress),
  };
}

export function awsLinkSigner(): KmsLinkSigner {
  return new KmsLinkSigner(tracer.captureAWSv3Client(new KMSClient({})), requireEnv(ENV.linkKeyId));
}

/** The key behind reply-address tokens: a key of its own, so that a function that reads mail cannot mint links. */
export function awsReplySigner(): KmsLinkSigner {
  return new KmsLinkSigner(tracer.captureAWSv3Client(new KMSClient({})), requireEnv(ENV.replyKeyId));
}

/**
 * Print and mail (Lob), when the deployment sets it up: the API key is read from Secrets Manager once, when the first
 * letter goes, so a Send that mails nothing never reads it. The Lob SDK (with axios, 250 KB) is loaded then too, not
 * at every cold start of Send.
 */
export function awsLetters(): LetterSender | undefined {
  const secretArn = optionalEnv(ENV.letterApiKeySecretArn);
  const from = optionalEnv(ENV.letterFromAddressId);
  if (!secretArn || !from) return undefined;
  const secrets = tracer.captureAWSv3Client(new SecretsManagerClient({}));
  let loaded: Promise<typeof import('../adapters/lob-letter-sender.ts')> | undefined;
  const adapter = () => (loaded ??= import('../adapters/lob-letter-sender.ts'));
  let client: Promise<LobLetters> | undefined;
  const letters = (): Promise<LobLetters> => {
    client ??= Promise.all([secrets.send(new GetSecretValueCommand({ SecretId: secretArn })), adapter()]).then(
      ([{ SecretString }, { lobLetters }]) => {
        if (!SecretString) throw new Error('the print-and-mail API key secret has no string value');
        return lobLetters(SecretString.trim());
      },
    );
    // A failed read is not kept: the next letter reads again.
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
  let sender: Promise<LetterSender> | undefined;
  return {
    async sendLetter(letter) {
      sender ??= adapter().then(({ LobLetterSender }) => new LobLetterSender(letters, from));
      return (await sender).sendLetter(letter);
    },
  };
}

/** The key behind the debtor's page links and form nonces: a key of its own, so that it can mint nothing else. */
export function awsPortalSigner(): KmsLinkSigner {
  return new KmsLinkSigner(tracer.captureAWSv3Client(new KMSClient({})), requireEnv(ENV.portalKeyId));
}
