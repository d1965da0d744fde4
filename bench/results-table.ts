// Gathers every bench's figures (bench/results/*.json) into bench/RESULTS.md: one table per bench.
//   npm run bench            → runs every bench, then this
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchResult } from './figures.ts';

export function resultsMarkdown(results: readonly BenchResult[]): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/results-table.ts). Every figure is the median of its runs after a warm-up, beside a',
    'baseline measured in the same run on the same machine; the ratio is figure ÷ baseline. Compare ratios across',
    'machines and runs, not the raw figures: no test asserts a timing.',
  ];
  for (const result of results) {
    lines.push('', `## ${result.bench}`, '', `${result.at.slice(0, 10)} on ${result.machine}`, '');
    lines.push('| figure | value | baseline | ratio | runs |', '| --- | --- | --- | --- | --- |');
    for (const f of result.figures) {
      const goal = f.goal ? ` (goal: ${f.goal})` : '';
      lines.push(
        `| ${f.name} | ${f.value} ${f.unit} | ${f.baseline.name}: ${f.baseline.value} ${f.unit} | ${f.ratio}${goal} | ${f.runs} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.main) {
  const dir = new URL('./results/', import.meta.url);
  const results = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Partial<BenchResult>)
    .filter((r): r is BenchResult => Array.isArray(r.figures));
  writeFileSync(new URL('./RESULTS.md', import.meta.url), resultsMarkdown(results));
  process.stdout.write(`wrote bench/RESULTS.md: ${results.length} benches, ${results.reduce((n, r) => n + r.figures.length, 0)} figures\n`);
}
