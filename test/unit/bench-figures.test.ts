// The benchmark table's arithmetic and format: a figure is the median of its runs beside its baseline's, and
// bench/RESULTS.md shows every figure with its baseline, ratio, runs, machine and date.
import { describe, expect, it } from 'vitest';
import { figureOf, interleaved, median } from '../../bench/figures.ts';
import { resultsMarkdown } from '../../bench/results-table.ts';

describe('bench figures', () => {
  it('takes the median: the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });

  it('gives value, baseline and ratio from the medians of their runs', () => {
    const f = figureOf('decisions', 'per s', [90, 100, 400, 110, 95], { name: 'conversions', values: [200, 210, 190, 205, 800] });
    expect(f).toEqual({
      name: 'decisions',
      unit: 'per s',
      value: 100,
      baseline: { name: 'conversions', value: 205 },
      ratio: 0.488,
      runs: 5,
    });
  });

  it('interleaves the runs after one warm-up of each', async () => {
    const order: string[] = [];
    const measure = (name: string, value: number) => () => {
      order.push(name);
      return value;
    };
    const values = await interleaved({ a: measure('a', 1), b: measure('b', 2) }, 3);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(values).toEqual({ a: [1, 1, 1], b: [2, 2, 2] });
  });

  it('renders one table per bench with its machine and date', () => {
    const markdown = resultsMarkdown([
      {
        bench: 'compliance',
        at: '2026-12-03T10:00:00.000Z',
        machine: '2 × Test CPU, 24 GiB, linux',
        figures: [figureOf('decisions', 'per s', [100], { name: 'conversions', values: [200] }, '≥ 0.3')],
      },
    ]);
    expect(markdown).toContain('## compliance\n\n2026-12-03 on 2 × Test CPU, 24 GiB, linux\n');
    expect(markdown).toContain('| decisions | 100 per s | conversions: 200 per s | 0.5 (goal: ≥ 0.3) | 1 |');
  });
});
