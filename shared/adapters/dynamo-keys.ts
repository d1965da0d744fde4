// The single-table layout. Accounts and their events share a partition, so one query loads an account's history.
import type { Channel } from '../accounts/events.ts';

export const keys = {
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'META' }),
  event: (accountId: string, eventId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `EVENT#${eventId}` }),
  eventPrefix: 'EVENT#',
  contact: (channel: Channel, address: string, accountId: string) => ({
    pk: `CONTACT#${channel}#${address}`,
    sk: `ACCOUNT#${accountId}`,
  }),
  contactPartition: (channel: Channel, address: string) => `CONTACT#${channel}#${address}`,
  review: (item: { creditorId: string; at: string; accountId: string; messageId: string }) => ({
    pk: `REVIEW#${item.creditorId}`,
    sk: `${item.at}#${item.accountId}#${item.messageId}`,
  }),
  reviewPartition: (creditorId: string) => `REVIEW#${creditorId}`,
  profile: (creditorId: string) => ({ pk: `CREDITOR#${creditorId}`, sk: 'PROFILE' }),
  /** Zero-padded so that the versions sort in order. */
  profileVersion: (creditorId: string, version: number) => ({
    pk: `CREDITOR#${creditorId}`,
    sk: `PROFILE#v${String(version).padStart(6, '0')}`,
  }),
  origination: (number: string) => ({ pk: `ORIGINATION#${number}`, sk: 'CREDITOR' }),
};
