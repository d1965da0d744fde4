// The what-if with debtors who respond to the strategy: `tactful simulate --debtors model --accounts N` with the
// champion and the example challenger, run twice with the same seed as a user runs it (the bin, in child processes).
// Under the scripted personas both profiles end the same; under the model they do not, and the seed replays it all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../local/simulator/compare.ts';
import type { SimulationReport } from '../../local/simulator/report.ts';
import { simulateExamples } from '../support/simulate-examples.ts';

const ACCOUNTS = 12;
const PROFILES = ['creditor-profile', 'creditor-profile.challenger'] as const;
const dir = mkdtempSync(join(tmpdir(), 'tactful-what-if-model-'));
const outputs: Array<{ stdout: string; comparison: Comparison; reports: SimulationReport[]; placements: string[] }> = [];

beforeAll(async () => {
  const runs = await Promise.all(
    ['first', 'again'].map((name) =>
      simulateExamples(join(dir, name), {
        profiles: PROFILES.map((p) => `${p}.json`),
        debtorModel: true,
        // The champion hands an unpaid account to the agency on day 27: 30 days see every stage.
        days: 30,
        args: ['--accounts', String(ACCOUNTS)],
      }),
    ),
  );
  for (const [i, name] of ['first', 'again'].entries()) {
    const read = (file: string) => readFileSync(join(dir, name, file), 'utf8');
    outputs.push({
      stdout: runs[i]!.stdout,
      comparison: JSON.parse(read('compare.json')),
      reports: PROFILES.map((p) => JSON.parse(read(join(p, 'report.json')))),
      placements: PROFILES.map((p) => read(join(p, 'placements.csv'))),
    });
  }
}, 2_400_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What happened to each account: its debtor, outcome, money collected and every message and reply. */
const outcomes = (report: SimulationReport) =>
  report.accounts.map((a) => ({
    ref: a.accountRef,
    debtor: a.persona,
    outcome: a.outcome,
    collected: a.collected,
    events: a.events.map((e) => `${e.at} ${e.type}`),
  }));

describe('tactful simulate --debtors model --accounts N --profile A --profile B', () => {
  it('places the same synthetic accounts and debtors under both profiles', () => {
    const [champion, challenger] = outputs[0]!.reports;
    expect(champion!.accounts).toHaveLength(ACCOUNTS);
    expect(outputs[0]!.placements[1]).toBe(outputs[0]!.placements[0]);
    const debtors = (r: SimulationReport) => r.accounts.map((a) => [a.accountRef, a.persona]);
    expect(debtors(challenger!)).toEqual(debtors(champion!));
    expect(champion!.accounts.every((a) => /^(sms|email)-preferring\/(full|part|plan)$/.test(a.persona))).toBe(true);
  });

  it('acts differently under the champion and the challenger: the debtors answer the strategy', () => {
    // What the debtors did (replies and payments, and when), apart from what the platform sent them.
    const actions = (report: SimulationReport) =>
      report.accounts.map((a) =>
        a.events.filter((e) => e.type === 'reply-received' || e.type === 'payment-received').map((e) => `${e.at} ${e.type}`),
      );
    const [champion, challenger] = outputs[0]!.reports.map(actions);
    const changed = champion!.filter((acts, i) => acts.join() !== challenger![i]!.join());
    expect(changed.length).toBeGreaterThan(0);
  });

  it('gives the same accounts, replies, payments and outcomes again with the same seed', () => {
    const [first, again] = outputs;
    expect(again!.placements).toEqual(first!.placements);
    for (const i of PROFILES.keys()) expect(outcomes(again!.reports[i]!)).toEqual(outcomes(first!.reports[i]!));
    expect(again!.comparison.runs.map((r) => r.kpis)).toEqual(first!.comparison.runs.map((r) => r.kpis));
  });

  it(`names no leader at n=${ACCOUNTS}: too few accounts for the intervals to tell the strategies apart`, () => {
    const { comparison, stdout } = outputs[0]!;
    expect(comparison.runs.map((r) => r.kpis.recoveryRate.n)).toEqual([ACCOUNTS, ACCOUNTS]);
    expect(comparison.recovery.verdict).toBe('not-enough-data');
    expect(stdout).toContain(`Not enough data to name a leader at n=${ACCOUNTS}`);
  });
});
