// Every file dropped in a creditor's inbox gets an acknowledgement: one that no rule reads (a wrong folder, a wrong
// extension) is told so, with where its kind of file goes, instead of being ignored in silence.
import { inboxFileOf, inboxKindOf, INBOX_KEY_PATTERNS, NOT_AN_INBOX_FILE, outboxKey } from '../creditors/inbox.ts';
import type { FileStore } from '../ports.ts';

const CREDITOR_INBOX = /^creditors\/([a-z0-9][a-z0-9-]{1,62})\/inbox\/(.+)$/;

export type UnreadFileOutcome = 'read-elsewhere' | 'acknowledged' | 'not-a-creditor-inbox';

export async function acknowledgeUnreadFile(files: FileStore, key: string, now: Date): Promise<UnreadFileOutcome> {
  // Placements, instructions and the profile have their own readers, which acknowledge them; a key their rules match
  // that names no inbox file (in a subfolder) is read by none, and is acknowledged here.
  const matched = inboxKindOf(key) !== undefined;
  if (matched && inboxFileOf(key)) return 'read-elsewhere';
  const match = CREDITOR_INBOX.exec(key);
  if (!match) return 'not-a-creditor-inbox';
  const [, creditorId, path] = match;
  // The same name in another folder could overwrite a real acknowledgement: flatten the path into the name.
  const fileName = path!.replaceAll('/', '__');
  const expected = Object.values(INBOX_KEY_PATTERNS)
    .map((p) => p.replace('creditors/*/', ''))
    .join(', ');
  await files.putText(
    outboxKey(creditorId!, 'acknowledgements', `${fileName}.ack.json`),
    `${JSON.stringify(
      {
        file: path,
        status: 'rejected',
        accepted: 0,
        rejected: 0,
        reason: matched
          ? `${NOT_AN_INBOX_FILE}; it was not read.`
          : `Tactful reads only ${expected}; this file is none of them and was not read.`,
        acknowledgedAt: now.toISOString(),
      },
      null,
      2,
    )}\n`,
    'application/json',
  );
  return 'acknowledged';
}
