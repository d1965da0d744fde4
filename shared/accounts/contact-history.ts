// The contact request the compliance rules judge, built from an account: where the debtor is, what was sent and said,
// and the account's flags. Plan and Send ask the same question this way.
import type { ContactPolicy, ContactRequest } from '../compliance/evaluate.ts';
import type { AccountRecord } from './account.ts';
import type { Channel, InconvenientTime } from './events.ts';
import type { AccountState } from './fold.ts';

/** Where the debtor is, and the times the debtor said do not suit. */
export interface DebtorContact {
  address?: { state?: string; zip?: string };
  phone?: string;
  inconvenientTimes?: InconvenientTime[];
}

export function debtorContactOf(record: AccountRecord): DebtorContact {
  const { address, phone } = record.debtor;
  const where = { ...(address?.state ? { state: address.state } : {}), ...(address?.zip ? { zip: address.zip } : {}) };
  const inconvenient = parseInconvenientTimes(record.attributes.inconvenient_times ?? '');
  return {
    ...(Object.keys(where).length > 0 ? { address: where } : {}),
    ...(phone ? { phone } : {}),
    ...(inconvenient.length > 0 ? { inconvenientTimes: inconvenient } : {}),
  };
}

const minutesOf = (clock: string): number => {
  const [h, m] = clock.split(':').map(Number);
  return m! < 60 ? h! * 60 + m! : Number.POSITIVE_INFINITY;
};
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ENTRY = /^(?:(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\s+)?(\d{2}:\d{2})-(\d{2}:\d{2})$/;

/**
 * Times the debtor told the creditor do not suit, from the placement column `inconvenient_times`: entries such as
 * "mon-fri 09:00-17:00; sun 00:00-24:00", in the debtor's local time. Entries that do not read are ignored here;
 * the rules never widen because of them.
 */
export function parseInconvenientTimes(text: string): InconvenientTime[] {
  return text
    .split(';')
    .map((entry) => ENTRY.exec(entry.trim().toLowerCase()))
    .flatMap((m): InconvenientTime[] => {
      if (!m) return [];
      const [, first, last, from, to] = m;
      if (minutesOf(from!) >= minutesOf(to!) || minutesOf(to!) > 24 * 60) return [];
      if (!first) return [{ from: from!, to: to! }];
      const start = WEEKDAYS.indexOf(first) + 1;
      const end = last ? WEEKDAYS.indexOf(last) + 1 : start;
      const days = Array.from({ length: ((end - start + 7) % 7) + 1 }, (_, i) => ((start - 1 + i) % 7) + 1);
      return [{ daysOfWeek: days, from: from!, to: to! }];
    });
}

export function contactRequestFor(
  state: AccountState,
  debtor: DebtorContact,
  channel: Channel,
  at: Date,
  policy?: ContactPolicy,
): ContactRequest {
  // What the creditor placed and what the debtor said on the page both hold: a narrowing never widens.
  const inconvenientTimes = [...(debtor.inconvenientTimes ?? []), ...state.inconvenientTimes];
  return {
    at: at.toISOString(),
    channel,
    ...debtor,
    ...(inconvenientTimes.length > 0 ? { inconvenientTimes } : {}),
    history: state.contactHistory.map(({ at, channel: c, kind }) => ({ at, channel: c, kind })),
    flags: {
      optedOut: (['email', 'sms'] as const).filter((c) => state.optedOut[c]),
      ceased: state.ceased,
      disputed: state.disputed,
      reviewHold: state.reviewHold,
      recalled: state.recalled,
      ...(state.hardStop === 'bankruptcy' ? { bankrupt: true } : {}),
      ...(state.hardStop === 'attorney' ? { attorney: true } : {}),
      ...(state.hardStop === 'deceased' ? { deceased: true } : {}),
    },
    ...(policy ? { policy } : {}),
  };
}
