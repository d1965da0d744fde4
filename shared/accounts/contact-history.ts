// The contact request the compliance rules judge, built from an account: where the debtor is, what was sent and said,
// and the account's flags. Plan and Send ask the same question this way.
import type { ContactPolicy, ContactRequest } from '../compliance/evaluate.ts';
import type { AccountRecord } from './account.ts';
import type { Channel } from './events.ts';
import type { AccountState } from './fold.ts';

export interface DebtorLocation {
  address?: { state?: string; zip?: string };
  phone?: string;
}

export function locationOf(record: AccountRecord): DebtorLocation {
  const { address, phone } = record.debtor;
  const where = { ...(address?.state ? { state: address.state } : {}), ...(address?.zip ? { zip: address.zip } : {}) };
  return { ...(Object.keys(where).length > 0 ? { address: where } : {}), ...(phone ? { phone } : {}) };
}

export function contactRequestFor(
  state: AccountState,
  location: DebtorLocation,
  channel: Channel,
  at: Date,
  policy?: ContactPolicy,
): ContactRequest {
  return {
    at: at.toISOString(),
    channel,
    ...location,
    history: state.contactHistory,
    flags: {
      optedOut: (['email', 'sms'] as const).filter((c) => state.optedOut[c]),
      ceased: state.ceased,
      disputed: state.disputed,
      recalled: state.recalled,
      ...(state.hardStop === 'bankruptcy' ? { bankrupt: true } : {}),
      ...(state.hardStop === 'attorney' ? { attorney: true } : {}),
      ...(state.hardStop === 'deceased' ? { deceased: true } : {}),
    },
    ...(policy ? { policy } : {}),
  };
}
