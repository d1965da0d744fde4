// The single-table layout. An account, its state and its events share a partition, so one query loads its history.
import type { Channel } from '../accounts/events.ts';

/**
 * The sparse ByCreditor index: only account items carry its two key attributes, so it lists a creditor's accounts
 * in account_ref order (keys only) and nothing else.
 */
export const BY_CREDITOR = { indexName: 'ByCreditor', partitionKey: 'byCreditorId', sortKey: 'byAccountRef' } as const;

export const keys = {
  /**
   * The placement and its ByCreditor keys. Written without a condition (see createAccounts), so nothing here changes
   * but its expiry, which each event moves.
   */
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'META' }),
  /** The account's mutable state (event version, parked task token): apart, so a re-written placement cannot reset it. */
  accountState: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'STATE' }),
  event: (accountId: string, eventId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `EVENT#${eventId}` }),
  eventPrefix: 'EVENT#',
  contact: (channel: Channel, address: string, accountId: string) => ({
    pk: `CONTACT#${channel}#${address}`,
    sk: `ACCOUNT#${accountId}`,
  }),
  contactPartition: (channel: Channel, address: string) => `CONTACT#${channel}#${address}`,
  /** A processor payment's account, by the processor's id for the payment. */
  paymentRoute: (reference: string) => ({ pk: `PAYMENT#${reference}`, sk: 'ROUTE' }),
  review: (item: { creditorId: string; at: string; accountId: string; messageId: string }) => ({
    pk: `REVIEW#${item.creditorId}`,
    sk: `${item.at}#${item.accountId}#${item.messageId}`,
  }),
  reviewPartition: (creditorId: string) => `REVIEW#${creditorId}`,
  profile: (creditorId: string) => ({ pk: `CREDITOR#${creditorId}`, sk: 'PROFILE' }),
  /** One item per creditor with a profile, in one small partition: how the daily reports find every creditor. */
  creditorEntry: (creditorId: string) => ({ pk: 'CREDITORS', sk: `CREDITOR#${creditorId}` }),
  creditorsPartition: 'CREDITORS',
  /** Zero-padded so that the versions sort in order. */
  profileVersion: (creditorId: string, version: number) => ({
    pk: `CREDITOR#${creditorId}`,
    sk: `PROFILE#v${String(version).padStart(6, '0')}`,
  }),
  origination: (number: string) => ({ pk: `ORIGINATION#${number}`, sk: 'CREDITOR' }),
};
