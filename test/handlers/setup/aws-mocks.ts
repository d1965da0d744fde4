// One aws-sdk-client-mock stub per AWS client class, shared by every suite of a test file. mockClient() replaces any
// earlier stub of the same class, so the stubs are created once, here, reset between tests and never re-created.
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { KMSClient } from '@aws-sdk/client-kms';

export const ddbMock = mockClient(DynamoDBDocumentClient);
export const sfnMock = mockClient(SFNClient);
export const sesMock = mockClient(SESv2Client);
export const smsMock = mockClient(PinpointSMSVoiceV2Client);
export const s3Mock = mockClient(S3Client);
export const kmsMock = mockClient(KMSClient);

export function resetAwsMocks(): void {
  for (const mock of [ddbMock, sfnMock, sesMock, smsMock, s3Mock, kmsMock]) mock.reset();
}
