// The frequency caps that apply to a request (the channel's default, the creditor's own, the debtor's states'), each
// as the instants it blocks: judged on instants, not local time, so the same in every zone.
import { DAY_MS } from './calendar.ts';
import { DEFAULT_CHANNEL_CAPS, STATE_FREQUENCY_CAPS, type CapChannel } from './data/frequency-caps.ts';
import type { Interval } from './intervals.ts';

export interface Cap {
  reason: string;
  /** Open intervals (lo, hi) of instants at which one more communication would break the cap. */
  blocked: Interval[];
  /** A cap of zero: never. */
  never: boolean;
}

function mergeSorted(lists: ReadonlyArray<readonly number[]>): number[] {
  return lists.flat().sort((a, b) => a - b);
}

/**
 * A cap of `count` per `days` × 24 h over the instants `times` (sorted): t is blocked when some `count` of them and t
 * fit in one window, i.e. t ∈ (s[i+count-1] − D, s[i] + D) with s[i+count-1] − s[i] < D. Exact for histories on both
 * sides of t; for a history entirely before t it is "at least `count` in (t − D, t]".
 */
function capIntervals(times: readonly number[], count: number, days: number): Interval[] {
  const span = days * DAY_MS;
  const blocked: Interval[] = [];
  for (let i = 0; i + count - 1 < times.length; i++) {
    const first = times[i]!;
    const last = times[i + count - 1]!;
    if (last - first < span) blocked.push([last - span, first + span]);
  }
  return blocked;
}

/**
 * The caps on a communication over `channel`, given the instants of the past ones on each channel (ascending), the
 * debtor's states and the creditor's own cap for the channel, if any.
 */
export function frequencyCaps(
  channel: CapChannel,
  times: Readonly<Record<CapChannel, readonly number[]>>,
  states: readonly string[],
  own: { count: number; days: number } | undefined,
): Cap[] {
  const caps: Cap[] = [];
  const addCap = (reason: string, channels: readonly CapChannel[], count: number, days: number): void => {
    const over = channels.length === 1 ? times[channels[0]!] : mergeSorted(channels.map((c) => times[c]));
    if (count <= 0) caps.push({ reason, blocked: [], never: true });
    else caps.push({ reason, blocked: capIntervals(over, count, days), never: false });
  };
  const byDefault = DEFAULT_CHANNEL_CAPS[channel];
  addCap(`frequency:${channel}:${byDefault.days}d`, [channel], byDefault.count, byDefault.days);
  if (own !== undefined) addCap(`frequency:${channel}:${own.days}d`, [channel], own.count, own.days);
  for (const state of states) {
    for (const rule of STATE_FREQUENCY_CAPS[state] ?? []) {
      if (rule.channels.includes(channel)) addCap(`frequency:state:${state}`, rule.channels, rule.count, rule.days);
    }
  }
  return caps;
}
