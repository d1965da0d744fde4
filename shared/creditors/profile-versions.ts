// Versions of a creditor profile: each accepted profile is a new, immutable version; the newest is the one in force.
import { createHash } from 'node:crypto';
import type { CreditorProfile } from './profile.ts';

/** Where an accepted profile came from. */
export interface ProfileSource {
  /** The inbox object key, or "operator" for a profile put in place by the operator. */
  key: string;
  etag?: string;
  versionId?: string;
}

export interface ProfileAcceptance {
  acceptedAt: string;
  source: ProfileSource;
  /** profileContentHash of the profile: an identical profile is not a new version. */
  contentHash: string;
}

export interface ProfileVersion extends ProfileAcceptance {
  version: number;
  profile: CreditorProfile;
}

export type AcceptProfileResult = { status: 'accepted' | 'unchanged'; version: number };

/**
 * The profile's SMS origination number is already claimed by another creditor: the store refuses the claim (a
 * conditional write), so two profiles racing for one number cannot both route its texts.
 */
export class OriginationNumberTakenError extends Error {
  constructor(creditorId: string) {
    super(`The SMS origination number of ${creditorId}'s profile routes inbound texts to another creditor`);
    this.name = 'OriginationNumberTakenError';
  }
}

/** How a profile the operator puts in place (no inbox file: `CreditorStore.putProfile`) is accepted, now. */
export function operatorAcceptance(profile: CreditorProfile): ProfileAcceptance {
  return { acceptedAt: new Date().toISOString(), source: { key: 'operator' }, contentHash: profileContentHash(profile) };
}

/** SHA-256 of the validated profile with its keys sorted: formatting and key order do not make a new version. */
export function profileContentHash(profile: CreditorProfile): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(profile)))
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A zod issue path as a JSON path: `$.brand.senderEmail`, `$.strategy.SoftReminder.channels[0]`, `$["odd key"]`. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    const name = String(part);
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, '$');
}
