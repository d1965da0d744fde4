// Contact-frequency caps: the defaults per channel and the state overrides, in one table that is easy to extend.
//
// A cap of `count` in `days` means: no rolling window of `days` × 24 hours holds more than `count` communications of
// the channels it covers, the new one included. Sends and conversations both count. A creditor policy may add its own
// caps per channel; the defaults and the state caps below still apply (a policy only narrows).
//
// To add a state: one entry under its USPS code, with the channels the rule covers and the source, e.g.
//   NY: [{ channels: ['sms'], count: 2, days: 7, source: '...' }],

export type CapChannel = 'email' | 'sms';

export interface CapRule {
  /** The channels whose communications count toward the cap; it applies to a request on any of them. */
  channels: readonly CapChannel[];
  count: number;
  days: number;
  /** Where the rule comes from. */
  source: string;
}

/** Reg F 1006.14(b)(2) presumes 7 calls in 7 days; Tactful holds SMS and email to the same cap per channel. */
export const DEFAULT_CHANNEL_CAPS: Readonly<Record<CapChannel, { count: number; days: number }>> = {
  email: { count: 7, days: 7 },
  sms: { count: 7, days: 7 },
};

export const STATE_FREQUENCY_CAPS: Readonly<Record<string, readonly CapRule[]>> = {
  // Telephone communications, texts included, at most two in each seven-day period.
  MA: [{ channels: ['sms'], count: 2, days: 7, source: '940 CMR 7.04(1)(f)' }],
  // No more than three communications with the debtor in a single week, whatever the channel.
  WA: [{ channels: ['email', 'sms'], count: 3, days: 7, source: 'RCW 19.16.250(13)(c)' }],
};
