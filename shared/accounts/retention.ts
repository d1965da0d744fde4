// How long an account's records are kept: Regulation F (12 CFR 1006.100) asks a debt collector to keep them for three
// years after its last collection activity on the debt. The table expires them through its TTL attribute, the data
// bucket through lifecycle rules (infra/constructs/storage.ts); nothing of ours deletes.

export const RETENTION_YEARS = 3;

/** The retention period in whole days, for S3 lifecycle rules: three years, a leap day included. */
export const RETENTION_DAYS = RETENTION_YEARS * 365 + 1;

/** The table's TTL attribute: epoch seconds after which DynamoDB deletes the item. */
export const EXPIRES_AT_ATTRIBUTE = 'expiresAt';

/** When a record whose last activity was at `at` (an ISO instant) expires: three years later, in epoch seconds. */
export function expiresAtAfter(at: string): number {
  const expires = new Date(at);
  expires.setUTCFullYear(expires.getUTCFullYear() + RETENTION_YEARS);
  return Math.floor(expires.getTime() / 1000);
}
