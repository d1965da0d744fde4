// Inbox keys: creditors/{creditorId}/inbox/{kind}/{file}, and the one profile file creditors/{creditorId}/inbox/profile.json.
// The key alone names the creditor and the kind of file.
export type InboxKind = 'placements' | 'instructions' | 'profile';

export interface InboxFile {
  creditorId: string;
  kind: InboxKind;
  fileName: string;
}

/** The S3 key patterns (EventBridge wildcard syntax) of the files Tactful reads: one source for infra and handlers. */
export const INBOX_KEY_PATTERNS: Readonly<Record<InboxKind, string>> = {
  placements: 'creditors/*/inbox/placements/*.csv',
  instructions: 'creditors/*/inbox/instructions/*.csv',
  profile: 'creditors/*/inbox/profile.json',
};
/** Every file dropped in any creditor's inbox. */
export const ANY_INBOX_KEY_PATTERN = 'creditors/*/inbox/*';

/** Whether a value matches an EventBridge wildcard pattern: `*` stands for any run of characters, `/` included. */
export function matchesWildcard(value: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(value);
}

/** The kind of file Tactful reads at this key, or undefined for a file no inbox rule picks up. */
export function inboxKindOf(key: string): InboxKind | undefined {
  return (Object.keys(INBOX_KEY_PATTERNS) as InboxKind[]).find((kind) => matchesWildcard(key, INBOX_KEY_PATTERNS[kind]));
}

/** A creditor id (a regular expression source, unanchored): it names the creditor's folder. */
export const CREDITOR_ID = '[a-z0-9][a-z0-9-]{1,62}';
const INBOX_KEY = new RegExp(`^creditors/(${CREDITOR_ID})/inbox/(?:(placements|instructions)/([^/]+)|(profile\\.json))$`);

export function parseInboxKey(key: string): InboxFile {
  const match = INBOX_KEY.exec(key);
  if (!match) {
    throw new Error(
      `"${key}" is not an inbox file: expected creditors/{creditorId}/inbox/{placements|instructions}/{file} or creditors/{creditorId}/inbox/profile.json`,
    );
  }
  if (match[4]) return { creditorId: match[1]!, kind: 'profile', fileName: match[4] };
  return { creditorId: match[1]!, kind: match[2] as InboxKind, fileName: match[3]! };
}

export function outboxKey(creditorId: string, folder: string, fileName: string): string {
  return `creditors/${creditorId}/outbox/${folder}/${fileName}`;
}

/**
 * Ingest's working files, outside the creditor folders, which expire (infra storage): the Map Run results (batch
 * outcomes; failed batches with their rows) and the copy of a placement file with its over-long cells blanked.
 */
export const INGEST_RESULTS_PREFIX = 'ingest-results/';
/** Where CheckFile writes the copy of a placement file, under its own key, whose over-long cells are blanked. */
export const TRIMMED_PLACEMENTS_PREFIX = `${INGEST_RESULTS_PREFIX}trimmed/`;
