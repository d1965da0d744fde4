// functions/inbox-unread: a file in a creditor inbox that no rule reads gets an acknowledgement saying so; the files
// other rules read are left to them.
import '../setup/env.ts';
import { describe, expect, it } from 'vitest';
import { ParseError } from '@aws-lambda-powertools/parser';
import { MemoryFileStore } from '../../../local/outboxes.ts';
import { lambdaContext } from '../setup/fakes.ts';

const { createHandler } = await import('../../../functions/inbox-unread/handler.ts');

function objectCreated(key: string): never {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-03-02T15:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:s3:::tactful-data'],
    detail: { version: '0', bucket: { name: 'tactful-data' }, object: { key, size: 10 } },
  } as never;
}

describe('functions/inbox-unread', () => {
  it('acknowledges a file no rule reads, with where files go, and leaves the others alone', async () => {
    const files = new MemoryFileStore();
    const handler = createHandler({ files });
    const ctx = lambdaContext('inbox-unread');
    expect(await handler(objectCreated('creditors/acme/inbox/payments.xlsx'), ctx)).toEqual({ outcome: 'acknowledged' });
    expect(await handler(objectCreated('creditors/acme/inbox/placements/march.txt'), ctx)).toEqual({ outcome: 'acknowledged' });
    expect(await handler(objectCreated('creditors/acme/inbox/placements/march.csv'), ctx)).toEqual({ outcome: 'read-elsewhere' });
    expect(await handler(objectCreated('creditors/acme/inbox/profile.json'), ctx)).toEqual({ outcome: 'read-elsewhere' });
    expect(files.keys('creditors/')).toEqual([
      'creditors/acme/outbox/acknowledgements/payments.xlsx.ack.json',
      'creditors/acme/outbox/acknowledgements/placements__march.txt.ack.json',
    ]);
    const ack = JSON.parse(await files.getText('creditors/acme/outbox/acknowledgements/placements__march.txt.ack.json'));
    expect(ack).toMatchObject({ file: 'placements/march.txt', status: 'rejected' });
    expect(ack.reason).toContain('inbox/placements/*.csv');
  });

  it('rejects an event that is not an S3 object event with a ParseError', async () => {
    const handler = createHandler({ files: new MemoryFileStore() });
    await expect(handler({ detail: {} } as never, lambdaContext('inbox-unread'))).rejects.toBeInstanceOf(ParseError);
  });
});
