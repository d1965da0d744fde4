// S3 object keys arrive URL-encoded in S3's events; every handler decodes them once, at its boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, encodeS3EventKey } from '../../shared/creditors/inbox.ts';
import { objectCreatedEvent } from '../../shared/lambda/s3-event-key.ts';

/** The "Object Created" example of the S3 user guide (EventBridge event message structure), with a key of ours. */
const docsSampleEvent = (key: string) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2021-11-12T00:00:00Z',
  region: 'ca-central-1',
  resources: ['arn:aws:s3:::amzn-s3-demo-bucket1'],
  detail: {
    version: '0',
    bucket: { name: 'amzn-s3-demo-bucket1' },
    object: {
      key,
      size: 5,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
      sequencer: '617f08299329d189',
    },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    'source-ip-address': '1.2.3.4',
    reason: 'PutObject',
  },
});

describe('S3 event keys', () => {
  it('decodes the documented example ("red flower.jpg" arrives as "red+flower.jpg") and non-ASCII escapes', () => {
    expect(decodeS3EventKey('red+flower.jpg')).toBe('red flower.jpg');
    expect(decodeS3EventKey('creditors/acme/inbox/placements/M%C3%A4rz+2026%2B.csv')).toBe(
      'creditors/acme/inbox/placements/März 2026+.csv',
    );
    expect(decodeS3EventKey('example-key')).toBe('example-key');
  });

  it('keeps a key whose escapes do not decode as it came', () => {
    expect(decodeS3EventKey('creditors/acme/inbox/placements/100%.csv')).toBe('creditors/acme/inbox/placements/100%.csv');
  });

  it('decodes what S3 encodes, whatever the key', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (key) => decodeS3EventKey(encodeS3EventKey(key)) === key));
  });

  it('hands the use case the key as S3 stores it, from the documented event shape', () => {
    const event = objectCreatedEvent.parse(docsSampleEvent('creditors/acme/inbox/notes/r%C3%A9sum%C3%A9+final.txt'));
    expect(event.detail.object.key).toBe('creditors/acme/inbox/notes/résumé final.txt');
    expect(objectCreatedEvent.parse(docsSampleEvent('example-key')).detail.object.key).toBe('example-key');
  });
});
