// The account record: what the creditor placed. It holds the debtor's contact details, so it stays in the
// table and never travels through workflow state, logs or events.
import { createHash } from 'node:crypto';
import type { Itemization } from '../placements/itemization.ts';

export interface PostalAddress {
  line1?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

export interface Debtor {
  name: string;
  email?: string;
  /** E.164 */
  phone?: string;
  address?: PostalAddress;
  language?: string;
  customerTier?: string;
}

export interface AccountRecord {
  accountId: string;
  creditorId: string;
  accountRef: string;
  debtor: Debtor;
  balanceMinor: number;
  currency: string;
  /** ISO date */
  delinquencyDate: string;
  /** The placement's Reg F itemization; absent means the default (placements/itemization.ts, defaultItemization). */
  itemization?: Itemization;
  /** Candidate IANA time zones for the debtor's location; contact only when it is allowed in all of them. */
  timeZones: string[];
  placedAt: string;
  sourceKey: string;
  /** The line of `sourceKey` it came from: tells a repeated row in one file from a retried batch. */
  sourceLine: number;
  /** Extra CSV columns, kept as the creditor sent them. */
  attributes: Record<string, string>;
}

/** The debtor has a postal address a letter can go to (the validation notice, when there is no email). */
export function mailable(record: Pick<AccountRecord, 'debtor'>): boolean {
  const address = record.debtor.address;
  return Boolean(address?.line1 && address.zip);
}

/** Deterministic and free of PII: the same creditor + account_ref always maps to the same account. */
export function accountIdFor(creditorId: string, accountRef: string): string {
  const digest = createHash('sha256').update(`${creditorId}\u0000${accountRef}`).digest('hex');
  return `acc-${digest.slice(0, 24)}`;
}

/** Execution names allow 80 chars of [A-Za-z0-9-_]; the account id already is one. */
export function lifecycleExecutionName(accountId: string): string {
  return accountId;
}
