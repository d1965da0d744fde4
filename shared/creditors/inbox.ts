// Inbox keys: creditors/{creditorId}/inbox/{kind}/{file}, and the one profile file creditors/{creditorId}/inbox/profile.json.
// The key alone names the creditor and the kind of file.
export type InboxKind = 'placements' | 'instructions' | 'profile';

export interface InboxFile {
  creditorId: string;
  kind: InboxKind;
  fileName: string;
}

const CREDITOR_ID = '[a-z0-9][a-z0-9-]{1,62}';
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
