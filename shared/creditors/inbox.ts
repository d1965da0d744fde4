// Inbox keys: creditors/{creditorId}/inbox/{kind}/{file}. The key alone names the creditor and the kind of file.
export type InboxKind = 'placements' | 'instructions';

export interface InboxFile {
  creditorId: string;
  kind: InboxKind;
  fileName: string;
}

const INBOX_KEY = /^creditors\/([a-z0-9][a-z0-9-]{1,62})\/inbox\/(placements|instructions)\/([^/]+)$/;

export function parseInboxKey(key: string): InboxFile {
  const match = INBOX_KEY.exec(key);
  if (!match) {
    throw new Error(`"${key}" is not an inbox file: expected creditors/{creditorId}/inbox/{placements|instructions}/{file}`);
  }
  return { creditorId: match[1]!, kind: match[2] as InboxKind, fileName: match[3]! };
}

export function outboxKey(creditorId: string, folder: string, fileName: string): string {
  return `creditors/${creditorId}/outbox/${folder}/${fileName}`;
}
