import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_DOC, costMarkdown, estimateFor } from '../../scripts/cost-doc.ts';

describe('docs/cost.md', () => {
  it('is what the generator writes (regenerate: npm run docs)', () => {
    expect(readFileSync(COST_DOC, 'utf8')).toBe(costMarkdown());
  });

  it('scales with the accounts, and its total is the sum of its parts', () => {
    const small = estimateFor(10_000);
    const large = estimateFor(1_000_000);
    expect(large.total).toBeCloseTo(small.total * 100, 6);
    expect(small.total).toBeCloseTo(small.email + small.sms + small.stepFunctions + small.lambda + small.dynamodb, 9);
    expect(small.emailsSent).toBe(40_000);
  });
});
