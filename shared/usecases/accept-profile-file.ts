// A creditor profile file (creditors/{creditorId}/inbox/profile.json): validated whole (shape, and the template linter
// on the creditor's own templates), then accepted as the next version, which Plan and Send use from then on. Every
// file gets an acknowledgement; a refused one lists each problem with its JSON path and reason, and changes nothing.
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import { creditorProfileSchema, type CreditorProfile } from '../creditors/profile.ts';
import { jsonPath, profileContentHash, type ProfileSource } from '../creditors/profile-versions.ts';
import type { CreditorStore, FileStore } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';

export interface ProfileFileDeps {
  files: FileStore;
  creditors: CreditorStore;
  /** Larger files are refused: the profile is stored as one table item (DynamoDB items hold at most 400 KB). */
  maxBytes: number;
}

export interface ProfileProblem {
  /** JSON path of the offending value, or "(file)" when the file as a whole is unusable. */
  field: string;
  reason: string;
}

export interface ProfileAcknowledgement {
  file: string;
  acknowledgedAt: string;
  status: 'accepted' | 'rejected';
  /** The version in force after this file. */
  version?: number;
  /** Identical to the version already in force: no new version. */
  unchanged?: boolean;
  accepted: 0 | 1;
  rejected: 0 | 1;
  rejections: ProfileProblem[];
}

export async function acceptProfileFile(
  deps: ProfileFileDeps,
  object: { key: string; etag?: string; versionId?: string },
  now: Date,
): Promise<ProfileAcknowledgement> {
  const { creditorId, kind, fileName } = parseInboxKey(object.key);
  if (kind !== 'profile') throw new Error(`${object.key} is not a profile file`);
  const checked = await readProfile(deps, object.key, creditorId);
  const base = { file: fileName, acknowledgedAt: now.toISOString() };
  let ack: ProfileAcknowledgement;
  if ('problems' in checked) {
    ack = { ...base, status: 'rejected', accepted: 0, rejected: 1, rejections: checked.problems };
  } else {
    const source: ProfileSource = {
      key: object.key,
      ...(object.etag ? { etag: object.etag } : {}),
      ...(object.versionId ? { versionId: object.versionId } : {}),
    };
    const result = await deps.creditors.acceptProfile(checked.profile, {
      acceptedAt: now.toISOString(),
      source,
      contentHash: profileContentHash(checked.profile),
    });
    ack = {
      ...base,
      status: 'accepted',
      version: result.version,
      ...(result.status === 'unchanged' ? { unchanged: true } : {}),
      accepted: 1,
      rejected: 0,
      rejections: [],
    };
  }
  await deps.files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.ack.json`),
    `${JSON.stringify(ack, null, 2)}\n`,
    'application/json',
  );
  await deps.files.putText(
    outboxKey(creditorId, 'acknowledgements', `${fileName}.rejections.csv`),
    toCsv(
      ['field', 'reason'],
      ack.rejections.map((r) => [r.field, r.reason]),
    ),
    'text/csv',
  );
  return ack;
}

async function readProfile(
  deps: ProfileFileDeps,
  key: string,
  creditorId: string,
): Promise<{ profile: CreditorProfile } | { problems: ProfileProblem[] }> {
  const file = (reason: string) => ({ problems: [{ field: '(file)', reason }] });
  const bytes = await deps.files.getBytes(key);
  if (bytes.byteLength > deps.maxBytes) return file(`the file is ${bytes.byteLength} bytes, over the ${deps.maxBytes}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return file(error instanceof SyntaxError ? `not valid JSON: ${error.message}` : 'the file is not valid UTF-8');
  }
  const parsed = creditorProfileSchema.safeParse(json);
  const problems: ProfileProblem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: jsonPath(i.path), reason: i.message }));
  const claimed = json && typeof json === 'object' ? (json as Record<string, unknown>).creditorId : undefined;
  if (typeof claimed === 'string' && claimed !== creditorId) {
    problems.push({ field: '$.creditorId', reason: `must be "${creditorId}", the creditor whose inbox holds the file` });
  }
  if (parsed.success && parsed.data.smsOriginationNumber) {
    const owner = await deps.creditors.findCreditorByOriginationNumber(parsed.data.smsOriginationNumber);
    if (owner && owner !== creditorId) {
      problems.push({ field: '$.smsOriginationNumber', reason: 'already routes inbound texts to another creditor' });
    }
  }
  return parsed.success && problems.length === 0 ? { profile: parsed.data } : { problems };
}
