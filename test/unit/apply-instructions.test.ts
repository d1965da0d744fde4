// Creditor instruction files at their edges: a second dispute gets its own resolution, and an oversized file is
// refused whole with a reason.
import { describe, expect, it } from 'vitest';
import { eventFromDraft, type EventDraft } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { MAX_INSTRUCTION_FILE_BYTES } from '../../shared/limits.ts';
import { applyInstructionFile } from '../../shared/usecases/apply-instructions.ts';
import { MemoryFileStore } from '../../local/outboxes.ts';
import { INSIDE_HOURS, MemoryAccountStore, RecordingWorkflow, accountRecord } from '../handlers/setup/fakes.ts';

const KEY = 'creditors/acme/inbox/instructions/x.csv';
const record = accountRecord();
const dispute = (n: number): EventDraft => ({
  type: 'reply-received',
  channel: 'email',
  intent: 'dispute',
  messageId: `d${n}`,
  key: `reply:d${n}`,
});

async function apply(store: MemoryAccountStore, body: string | Uint8Array) {
  const files = new MemoryFileStore();
  await files.putBytes(KEY, typeof body === 'string' ? new TextEncoder().encode(body) : body, 'text/csv');
  return applyInstructionFile({ store, workflow: new RecordingWorkflow(), files }, KEY, INSIDE_HOURS);
}

describe('applyInstructionFile', () => {
  it('verifies a second dispute after the first was verified, and a re-sent file changes nothing', async () => {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'), dispute(1));
    const verify = 'action,account_ref\ndispute-verified,ACC-1\n';
    expect(await apply(store, verify)).toMatchObject({ applied: 1, duplicates: 0 });

    await store.appendEvent(eventFromDraft(record.accountId, INSIDE_HOURS, dispute(2)));
    expect(foldAccount(record.accountId, store.events(record.accountId)).disputed).toBe(true);

    expect(await apply(store, verify)).toMatchObject({ applied: 1, duplicates: 0 });
    expect(foldAccount(record.accountId, store.events(record.accountId)).disputed).toBe(false);
    expect(await apply(store, verify)).toMatchObject({ applied: 0, duplicates: 1 });
  });

  it('refuses a file over the size limit whole, without reading past it', async () => {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const row = 'payment,ACC-1,10.00,r1\n';
    const big = `action,account_ref,amount,reference\n${row.repeat(Math.ceil(MAX_INSTRUCTION_FILE_BYTES / row.length) + 1)}`;
    expect(await apply(store, big)).toEqual({
      file: 'x.csv',
      applied: 0,
      duplicates: 0,
      rejected: [{ line: 0, field: '(file)', reason: `the file is larger than the ${MAX_INSTRUCTION_FILE_BYTES}-byte limit` }],
    });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const bytes = new Uint8Array([...new TextEncoder().encode('action,account_ref\npayment,AC'), 0xc3, 0x28, 0x0a]);
    expect((await apply(store, bytes)).rejected).toEqual([{ line: 0, field: '(file)', reason: 'the file is not valid UTF-8' }]);
  });
});

describe('amounts that would overflow a sum', () => {
  it('a payment above the largest amount is rejected on its row, without echoing it', async () => {
    const store = new MemoryAccountStore();
    store.seed(record, new Date('2026-03-01T12:00:00Z'));
    const result = await apply(store, 'action,account_ref,amount,reference\npayment,ACC-1,90071992547409.91,r1\n');
    expect(result.rejected).toEqual([{ line: 2, field: 'amount', reason: 'is larger than 1000000000000 minor units' }]);
  });
});
