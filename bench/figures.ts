// The one shape every benchmark reports in: a figure, the baseline measured in the same run, and their ratio, each a
// median of several runs after a warm-up. bench/results-table.ts gathers them into bench/RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline: { name: string; value: number };
  /** value ÷ baseline. */
  ratio: number;
  runs: number;
  goal?: string;
}

export interface BenchResult {
  bench: string;
  at: string;
  machine: string;
  figures: Figure[];
  details?: unknown;
}

export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A figure from the runs of a measurement and of its baseline: medians, and their ratio. */
export function figureOf(
  name: string,
  unit: string,
  values: readonly number[],
  baseline: { name: string; values: readonly number[] },
  goal?: string,
): Figure {
  const value = median(values);
  const base = median(baseline.values);
  return {
    name,
    unit,
    value: round(value),
    baseline: { name: baseline.name, value: round(base) },
    ratio: +(value / base).toFixed(3),
    runs: Math.min(values.length, baseline.values.length),
    ...(goal ? { goal } : {}),
  };
}

/**
 * Runs each measurement `runs` times after one warm-up round, interleaved (a, b, a, b, ...) so that a slow moment of
 * the machine lands on all of them alike; returns each one's values.
 */
export async function interleaved<K extends string>(
  measurements: Record<K, () => number | Promise<number>>,
  runs = RUNS,
): Promise<Record<K, number[]>> {
  const names = Object.keys(measurements) as K[];
  for (const name of names) await measurements[name]();
  const values = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runs; run++) for (const name of names) values[name].push(await measurements[name]());
  return values;
}

export function machine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

export function writeBenchResult(bench: string, figures: Figure[], details?: unknown): BenchResult {
  const result: BenchResult = { bench, at: new Date().toISOString(), machine: machine(), figures, ...(details ? { details } : {}) };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${bench}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : +value.toPrecision(4);
}
