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

/**
 * The object key an S3 event names, as S3 stores it. S3 URL-encodes keys in its events as a form does: "red
 * flower.jpg" arrives as "red+flower.jpg", "é" as "%C3%A9" (docs: "The object key name value is URL encoded", S3 event
 * notification structure). EventBridge's "Object Created" detail carries the same encoded key. A key whose escapes do
 * not decode is kept as it came.
 */
export function decodeS3EventKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll('+', ' '));
  } catch {
    return key;
  }
}

/** The key as S3 writes it into an event (the offline world's events; the inverse of decodeS3EventKey). */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('%20', '+'))
    .join('/');
}

/** A creditor id (a regular expression source, unanchored): it names the creditor's folder. */
export const CREDITOR_ID = '[a-z0-9][a-z0-9-]{1,62}';
const INBOX_KEY = new RegExp(`^creditors/(${CREDITOR_ID})/inbox/(?:(placements|instructions)/([^/]+)|(profile\\.json))$`);

/** Why a key that an inbox rule matches (its `*` spans a `/`) is not read. */
export const NOT_AN_INBOX_FILE = 'files in a subfolder of an inbox folder are not read: put the file directly in the folder';

/** The inbox file a key names, or undefined for a key that names none (a subfolder, a creditor id that cannot be one). */
export function inboxFileOf(key: string): InboxFile | undefined {
  try {
    return parseInboxKey(key);
  } catch {
    return undefined;
  }
}

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
