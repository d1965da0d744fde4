// The what-if: `tactful simulate` with two profiles runs the example portfolio under each with the same seed, as a
// user does (the bin, in a child process), and compare.html opens offline in headless Chromium.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdFor } from '../../shared/accounts/account.ts';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import { variantLabel } from '../../shared/reports/kpis.ts';
import { assignVariant } from '../../shared/strategy/segments.ts';
import type { Comparison } from '../../local/simulator/compare.ts';
import type { SimulationReport } from '../../local/simulator/report.ts';
import { ROOT, simulateExamples } from '../support/simulate-examples.ts';

const example = (file: string): string => join(ROOT, 'examples', file);
const out = mkdtempSync(join(tmpdir(), 'tactful-compare-'));
let stdout: string;
let comparison: Comparison;
let champion: SimulationReport;
let challenger: SimulationReport;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ stdout } = await simulateExamples(out, {
    profiles: ['creditor-profile.json', 'creditor-profile.challenger.json'],
    // Every example account is resolved or held by day 60; a shorter horizon keeps two runs quick.
    days: 60,
  }));
  comparison = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
  champion = JSON.parse(readFileSync(join(out, 'creditor-profile', 'report.json'), 'utf8'));
  challenger = JSON.parse(readFileSync(join(out, 'creditor-profile.challenger', 'report.json'), 'utf8'));
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('tactful simulate --profile A --profile B', () => {
  it('runs the same portfolio and personas under each profile, each into its own folder', () => {
    expect(comparison.runs.map((r) => [r.name, r.report])).toEqual([
      ['creditor-profile', 'creditor-profile/report.json'],
      ['creditor-profile.challenger', 'creditor-profile.challenger/report.json'],
    ]);
    expect(comparison.seed).toBe(7);
    const accounts = (r: SimulationReport) => r.accounts.map((a) => [a.accountRef, a.persona]);
    expect(accounts(challenger)).toEqual(accounts(champion));
    expect(comparison.runs.map((r) => r.kpis.placed)).toEqual([champion.kpis.placed, champion.kpis.placed]);
  });

  it("assigns each account the variant its segment's rules and weights say, and breaks the KPIs down by it", () => {
    const profile = parseCreditorProfile(JSON.parse(readFileSync(example('creditor-profile.challenger.json'), 'utf8')));
    const rows = new Map(parseCsv(readFileSync(example('placements.csv'), 'utf8')).records.map((r) => [r.values.account_ref!, r.values]));
    for (const account of challenger.accounts) {
      const row = rows.get(account.accountRef)!;
      const expected = assignVariant(profile, {
        accountId: accountIdFor(profile.creditorId, account.accountRef),
        balance: Number(row.balance),
        daysDelinquent: Math.floor((Date.parse(challenger.startedAt) - Date.parse(`${row.delinquency_date}T00:00:00Z`)) / 86_400_000),
        ...(row.customer_tier ? { customerTier: row.customer_tier } : {}),
        ...(row.language ? { language: row.language } : {}),
      });
      expect(account.variant, account.accountRef).toBe(variantLabel(expected.segment, expected.variant));
    }
    expect(champion.accounts.every((a) => a.variant === 'default')).toBe(true);
    const byVariant = challenger.summary.byVariant;
    expect(byVariant.reduce((n, v) => n + v.accounts, 0)).toBe(challenger.summary.placed);
    for (const v of byVariant) expect(v.accounts).toBe(challenger.accounts.filter((a) => a.variant === v.variant).length);
    // 34 accounts cannot crown a variant or a strategy.
    expect(challenger.kpis.variantComparisons.map((c) => c.verdict)).toEqual(['not-enough-data', 'not-enough-data']);
    expect(comparison.recovery.verdict).toBe('not-enough-data');
    expect(stdout).toContain('Not enough data to name a leader');
  });

  it('writes compare.html: charts per strategy, the KPI table with n and intervals, offline and without errors', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(join(out, 'compare.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.charts === 'rendered',
    );
    const charts = await page.evaluate(() => {
      const { Chart } = globalThis as unknown as {
        Chart: { getChart(id: string): { data: { labels?: string[]; datasets: Array<{ label: string }> } } | undefined };
      };
      return ['recovery-curve', 'recovery-by-run', 'outcomes-by-run'].map((id) => {
        const chart = Chart.getChart(id);
        return { id, labels: chart?.data.labels, datasets: chart?.data.datasets.map((d) => d.label) };
      });
    });
    expect(charts[0]!.datasets).toEqual(['creditor-profile', 'creditor-profile.challenger']);
    expect(charts[1]!.labels).toEqual(['creditor-profile (n=47)', 'creditor-profile.challenger (n=47)']);
    expect(charts[2]!.labels).toEqual(['creditor-profile (n=47)', 'creditor-profile.challenger (n=47)']);
    expect(await page.locator('table.by-group').first().locator('tbody tr').count()).toBe(2);
    expect(await page.locator('[data-verdict="not-enough-data"]').count()).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
  });

  it('refuses --inbox with more than one profile', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'bin/tactful.js'),
        'simulate',
        '--profile',
        example('creditor-profile.json'),
        '--profile',
        example('creditor-profile.challenger.json'),
        '--inbox',
        '8005',
        '--out',
        join(out, 'refused'),
      ],
      { cwd: ROOT },
    );
    await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining('--inbox works with one --profile only') });
  });
});
