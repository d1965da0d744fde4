// Interval arithmetic for the contact engine, on local minutes of a day or on instants (ms since the epoch).

export type Interval = readonly [number, number];

/** Subtract intervals from a sorted, disjoint list of intervals (all in minutes). */
export function subtract(base: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  let result: Interval[] = [...base];
  for (const [cs, ce] of cuts) {
    const next: Interval[] = [];
    for (const [s, e] of result) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (cs > s) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    result = next;
  }
  return result;
}

/**
 * The open intervals, sorted and merged where they overlap; two that only touch stay apart, since neither holds the
 * point they share.
 */
export function mergeOpen(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && lo < last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}
