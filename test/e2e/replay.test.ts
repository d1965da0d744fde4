// A seed replays a run: the same seed writes the same report and outbox, byte for byte.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onePerPersona, simulateExamples } from '../support/simulate-examples.ts';

const DAYS = 21;
const dir = mkdtempSync(join(tmpdir(), 'tactful-replay-'));
const runDir = (name: string): string => join(dir, name);
const read = (run: string, file: string): string => readFileSync(join(runDir(run), file), 'utf8');

beforeAll(async () => {
  mkdirSync(runDir('portfolio'));
  const portfolio = onePerPersona(runDir('portfolio'));
  // At once: the two runs' handlers interleave differently in real time, which must not show.
  await Promise.all(['first', 'again'].map((run) => simulateExamples(runDir(run), { portfolio, days: DAYS })));
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a seed replays the run', () => {
  it('writes the same report.json and outbox.jsonl, byte for byte', () => {
    expect(read('first', 'outbox.jsonl').split('\n').length).toBeGreaterThan(20);
    expect(read('again', 'report.json')).toBe(read('first', 'report.json'));
    expect(read('again', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
  });
});
