// The AWS side of every port, built from the function's environment. Each handler calls these once, at module scope.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../adapters/dynamo-creditor-store.ts';
import { KmsLinkSigner } from '../adapters/kms-link-signer.ts';
import { S3FileStore } from '../adapters/s3-file-store.ts';
import { SesV2EmailSender } from '../adapters/sesv2-email-sender.ts';
import { StepFunctionsWorkflow } from '../adapters/sfn-workflow.ts';
import { SmsV2Sender } from '../adapters/sms-v2-sender.ts';
import type { AgencyIdentity } from '../usecases/send-touch.ts';
import { tracer } from './observability.ts';

/** Transient provider errors (throttling, 5xx) are retried with the SDK's exponential backoff and jitter. */
const SEND_ATTEMPTS = 4;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function awsStores(): { store: DynamoAccountStore; creditors: DynamoCreditorStore } {
  const db = documentClient();
  const table = requireEnv('TABLE_NAME');
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
    requireEnv('LIFECYCLE_STATE_MACHINE_ARN'),
  );
}

export function awsFiles(): S3FileStore {
  return new S3FileStore(tracer.captureAWSv3Client(new S3Client({})), requireEnv('BUCKET_NAME'));
}

export function awsEmail(): SesV2EmailSender {
  return new SesV2EmailSender(
    tracer.captureAWSv3Client(new SESv2Client({ maxAttempts: SEND_ATTEMPTS })),
    requireEnv('EMAIL_CONFIGURATION_SET'),
  );
}

export function awsSms(): SmsV2Sender {
  return new SmsV2Sender(
    tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({ maxAttempts: SEND_ATTEMPTS })),
    requireEnv('SMS_CONFIGURATION_SET'),
  );
}

/** The agency's own identity (after a hand-off it writes, and answers texts, as itself). */
export function awsAgency(): AgencyIdentity {
  return {
    name: requireEnv('AGENCY_NAME'),
    email: requireEnv('AGENCY_EMAIL'),
    ...(process.env.AGENCY_SMS_ORIGINATION ? { smsOrigination: process.env.AGENCY_SMS_ORIGINATION } : {}),
    address: requireEnv('AGENCY_ADDRESS'),
  };
}

export function awsLinkSigner(): KmsLinkSigner {
  return new KmsLinkSigner(tracer.captureAWSv3Client(new KMSClient({})), requireEnv('LINK_KEY_ID'));
}

/** The key behind reply-address tokens: a key of its own, so that a function that reads mail cannot mint links. */
export function awsReplySigner(): KmsLinkSigner {
  return new KmsLinkSigner(tracer.captureAWSv3Client(new KMSClient({})), requireEnv('REPLY_KEY_ID'));
}
