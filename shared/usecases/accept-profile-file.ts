// A creditor profile file (creditors/{creditorId}/inbox/profile.json): validated whole (shape, and the template linter
// on the creditor's own templates), then accepted as the next version, which Plan and Send use from then on. Every
// file gets an acknowledgement; a refused one lists each problem with its JSON path and reason, and changes nothing.
import { outboxKey, parseInboxKey } from '../creditors/inbox.ts';
import { creditorProfileSchema, type CreditorProfile } from '../creditors/profile.ts';
import {
  jsonPath,
  OriginationNumberTakenError,
  profileContentHash,
  type AcceptProfileResult,
  type ProfileSource,
} from '../creditors/profile-versions.ts';
import { dkimRecords, identityOwner, identityTags, type DnsRecord } from '../creditors/sending-identity.ts';
import type { CreditorStore, DomainIdentity, FileStore, IdentityStatus, SendingIdentities } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';

export interface ProfileFileDeps {
  files: FileStore;
  creditors: CreditorStore;
  /** Larger files are refused: the profile is stored as one table item (DynamoDB items hold at most 400 KB). */
  maxBytes: number;
  /** The agency's own SMS origination number, if it has one: no creditor may claim it (its texts reach the agency). */
  agencySmsOrigination?: string;
  /** Where a creditor's sending domain becomes an SES identity. */
  identities: SendingIdentities;
  /** The stack's name: the tag on the identities it creates, which Send's IAM requires. */
  identityStack: string;
}

const ORIGINATION_TAKEN: ProfileProblem = { field: '$.smsOriginationNumber', reason: 'already routes inbound texts to another creditor' };

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
  /** The profile's sending domain: whether SES has verified it yet, and the DNS records that verify it. */
  sendingDomain?: { domain: string; status: IdentityStatus; dnsRecords: DnsRecord[] };
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
  const source: ProfileSource = {
    key: object.key,
    ...(object.etag ? { etag: object.etag } : {}),
    ...(object.versionId ? { versionId: object.versionId } : {}),
  };
  const result =
    'problems' in checked
      ? checked
      : await deps.creditors
          .acceptProfile(checked.profile, { acceptedAt: now.toISOString(), source, contentHash: profileContentHash(checked.profile) })
          // The check above read the number's owner; another creditor may have claimed it since (the store's claim is conditional).
          .catch((error: unknown): { problems: ProfileProblem[] } | AcceptProfileResult => {
            if (error instanceof OriginationNumberTakenError) return { problems: [ORIGINATION_TAKEN] };
            throw error;
          });
  let ack: ProfileAcknowledgement;
  if ('problems' in result) {
    ack = { ...base, status: 'rejected', accepted: 0, rejected: 1, rejections: result.problems };
  } else {
    ack = {
      ...base,
      status: 'accepted',
      version: result.version,
      ...(result.status === 'unchanged' ? { unchanged: true } : {}),
      accepted: 1,
      rejected: 0,
      rejections: [],
      ...('identity' in checked && checked.identity
        ? { sendingDomain: { domain: checked.identity.domain, status: checked.identity.status, dnsRecords: dkimRecords(checked.identity) } }
        : {}),
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
): Promise<{ profile: CreditorProfile; identity?: DomainIdentity } | { problems: ProfileProblem[] }> {
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
  const number = parsed.success ? parsed.data.smsOriginationNumber : undefined;
  if (number && number === deps.agencySmsOrigination) {
    problems.push({ field: '$.smsOriginationNumber', reason: "is the agency's own number: texts to it must reach the agency" });
  } else if (number) {
    const owner = await deps.creditors.findCreditorByOriginationNumber(number);
    if (owner && owner !== creditorId) problems.push(ORIGINATION_TAKEN);
  }
  if (!parsed.success || problems.length > 0) return { problems };
  const domain = parsed.data.brand.sendingDomain;
  if (domain === undefined) return { profile: parsed.data };
  // Created before the version is accepted: a refused domain changes nothing, and creating it again only reads it.
  const identity = await deps.identities.createDomainIdentity(domain, identityTags(deps.identityStack, creditorId));
  const owner = identityOwner(identity, deps.identityStack);
  if (owner === creditorId) return { profile: parsed.data, identity };
  const reason = owner
    ? 'is the sending domain of another creditor'
    : "is already an SES identity that this platform did not create (the agency's own, or one made by hand): it cannot send for a creditor";
  return { problems: [{ field: '$.brand.sendingDomain', reason }] };
}
