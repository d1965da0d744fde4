// functions/inbox-unread: a file in a creditor inbox that no rule reads gets an acknowledgement saying so; the files
// other rules read are left to them.
import '../setup/env.ts';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { MemoryFileStore } from '../../../local/outboxes.ts';
import { s3ObjectCreated } from '../setup/events.ts';
import { lambdaContext } from '../setup/fakes.ts';

const { createHandler } = await import('../../../functions/inbox-unread/handler.ts');

describe('functions/inbox-unread', () => {
  it('acknowledges a file no rule reads, with where files go, and leaves the others alone', async () => {
    const files = new MemoryFileStore();
    const handler = createHandler({ files });
    const ctx = lambdaContext('inbox-unread');
    expect(await handler(s3ObjectCreated('creditors/acme/inbox/payments.xlsx'), ctx)).toEqual({ outcome: 'acknowledged' });
    expect(await handler(s3ObjectCreated('creditors/acme/inbox/placements/march.txt'), ctx)).toEqual({ outcome: 'acknowledged' });
    expect(await handler(s3ObjectCreated('creditors/acme/inbox/placements/march.csv'), ctx)).toEqual({ outcome: 'read-elsewhere' });
    expect(await handler(s3ObjectCreated('creditors/acme/inbox/profile.json'), ctx)).toEqual({ outcome: 'read-elsewhere' });
    expect(files.keys('creditors/')).toEqual([
      'creditors/acme/outbox/acknowledgements/payments.xlsx.ack.json',
      'creditors/acme/outbox/acknowledgements/placements__march.txt.ack.json',
    ]);
    const ack = JSON.parse(await files.getText('creditors/acme/outbox/acknowledgements/placements__march.txt.ack.json'));
    expect(ack).toMatchObject({ file: 'placements/march.txt', status: 'rejected' });
    expect(ack.reason).toContain('inbox/placements/*.csv');
  });

  it('rejects an event that is not an S3 object event with an InvalidEventError', async () => {
    const handler = createHandler({ files: new MemoryFileStore() });
    await expect(handler({ detail: {} } as never, lambdaContext('inbox-unread'))).rejects.toBeInstanceOf(InvalidEventError);
  });
});
