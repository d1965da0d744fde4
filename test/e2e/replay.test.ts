// A seed replays a run: the same seed writes the same report and outbox, byte for byte, however fast the store answers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_LATENCY_ENV } from '../../local/platform.ts';
import { onePerPersona, simulateExamples } from '../support/simulate-examples.ts';

const DAYS = 21;
const dir = mkdtempSync(join(tmpdir(), 'tactful-replay-'));
const runDir = (name: string): string => join(dir, name);
const read = (run: string, file: string): string => readFileSync(join(runDir(run), file), 'utf8');

beforeAll(async () => {
  mkdirSync(runDir('portfolio'));
  const portfolio = onePerPersona(runDir('portfolio'));
  // At once: the runs' handlers interleave differently in real time, which must not show. The slow run's store
  // answers up to 30 ms late, in a different order each time, as DynamoDB Local or a network would.
  await Promise.all([
    simulateExamples(runDir('first'), { portfolio, days: DAYS }),
    simulateExamples(runDir('again'), { portfolio, days: DAYS }),
    simulateExamples(runDir('slow-store'), { portfolio, days: DAYS, env: { [STORE_LATENCY_ENV]: '30' } }),
  ]);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a seed replays the run', () => {
  it('writes the same report.json and outbox.jsonl, byte for byte', () => {
    expect(read('first', 'outbox.jsonl').split('\n').length).toBeGreaterThan(20);
    expect(read('again', 'report.json')).toBe(read('first', 'report.json'));
    expect(read('again', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
  });

  it('sends every message at the same virtual time when the store answers slowly', () => {
    expect(read('slow-store', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
    expect(read('slow-store', 'report.json')).toBe(read('first', 'report.json'));
  });
});
