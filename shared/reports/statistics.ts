// Interval estimates and order statistics for the KPIs: pure arithmetic, no knowledge of accounts or events.

/** The two-sided 95% normal quantile, for the Wilson score and ratio intervals. */
const Z95 = 1.959963984540054;

/**
 * The 95% interval of a ratio of sums R = Σy ÷ Σx over n accounts (collected ÷ placed), by the delta method (the
 * ratio estimator's linearization, as in survey sampling): Var(R) ≈ Σ(yᵢ − R·xᵢ)² ÷ ((n − 1) · n · x̄²). Each account
 * is one sample, so a few large balances widen the interval as they should; a proportion of accounts (Wilson) would
 * ignore the amounts. Clamped to [0, 1] (or to R when adjustments push it above 1); null below 2 accounts or with
 * nothing placed. When every account's yᵢ = R·xᵢ (e.g. nobody paid) the interval has width 0: with few accounts that
 * says little, which is why no comparison names a leader below MIN_VARIANT_SAMPLE accounts (kpis.ts).
 */
export function ratioInterval(pairs: ReadonlyArray<{ x: number; y: number }>, z = Z95): [number, number] | null {
  const n = pairs.length;
  const totalX = sum(pairs.map((p) => p.x));
  if (n < 2 || totalX <= 0) return null;
  const r = sum(pairs.map((p) => p.y)) / totalX;
  const meanX = totalX / n;
  const residuals = sum(pairs.map((p) => (p.y - r * p.x) ** 2)) / (n - 1);
  const half = (z * Math.sqrt(residuals / n)) / meanX;
  return [Math.max(0, r - half), Math.min(Math.max(1, r), r + half)];
}

/** The 95% Wilson score interval for `count` successes in `n` trials; null when n is 0. */
export function wilson(count: number, n: number, z = Z95): [number, number] | null {
  if (n === 0) return null;
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The p-quantile with linear interpolation between closest ranks; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The sum of the values; 0 for none. */
export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
