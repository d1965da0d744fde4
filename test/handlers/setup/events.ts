// The EventBridge event S3 sends for a new object in the data bucket (Powertools EventBridgeSchema fields), as the
// inbox handlers receive it.
import { TEST_ENV } from './env.ts';

export function s3ObjectCreated(key: string, etag = 'b1946ac92492d2347c6235b4d2611184') {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-03-02T15:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${TEST_ENV.BUCKET_NAME}`],
    detail: {
      version: '0',
      bucket: { name: TEST_ENV.BUCKET_NAME },
      object: { key, size: 100, etag, 'version-id': 'v-1', sequencer: '00617F08299329D189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      reason: 'PutObject',
    },
  };
}
