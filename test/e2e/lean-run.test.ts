// A big simulation runs lean (no execution histories, no email bodies, no SES endpoint): it must report exactly what
// a full run of the same portfolio and seed reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationRun } from '../../local/simulator/simulate.ts';
import { onePerPersona, simulatePortfolio } from '../support/simulate-examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'tactful-lean-'));
const runs: Record<'full' | 'lean', SimulationRun | undefined> = { full: undefined, lean: undefined };

beforeAll(async () => {
  const portfolio = onePerPersona(dir);
  for (const kind of ['full', 'lean'] as const) {
    const run = await simulatePortfolio(portfolio, { horizonDays: 14, store: 'memory', lean: kind === 'lean' });
    // Each run fakes the global clock: the next starts only once this one has let it go.
    await run.platform.close();
    runs[kind] = run;
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a lean run', () => {
  it('reports what the full run reports: outcomes, messages, events and transitions', () => {
    const { full, lean } = runs as Record<'full' | 'lean', SimulationRun>;
    expect(full.report.summary.stateTransitions).toBeGreaterThan(100);
    expect(lean.report).toEqual(full.report);
  });

  it('keeps no history, no email body and no SES endpoint; the full run keeps them', () => {
    const { full, lean } = runs as Record<'full' | 'lean', SimulationRun>;
    const histories = (run: SimulationRun) => run.platform.stepFunctions.executions().map((e) => e.history.length);
    expect(histories(full).every((n) => n > 0)).toBe(true);
    expect(histories(lean).every((n) => n === 0)).toBe(true);
    expect(full.platform.email.sent.every((m) => m.html.length > 0)).toBe(true);
    expect(lean.platform.email.sent.length).toBe(full.platform.email.sent.length);
    expect(lean.platform.email.sent.every((m) => m.html === '' && m.text === '')).toBe(true);
    expect([full.lean, lean.lean, full.platform.inbox !== undefined, lean.platform.inbox]).toEqual([false, true, true, undefined]);
  });
});
