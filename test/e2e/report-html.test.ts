// `report.html` in a real browser: the simulator writes it, headless Chromium opens it from disk with every network
// request watched, and the charts, the KPI table and the account timeline must all be there, with no error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { simulateExamples } from '../support/simulate-examples.ts';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/placements/csv.ts';
import { DOORS, type SimulationReport } from '../../local/simulator/report.ts';

const CHART_IDS = ['recovery-curve', 'stage-funnel', 'outcomes-by-persona', 'outcomes-by-variant'];

/** The few browser objects the checks touch, typed here: the project compiles without the DOM library. */
interface PageGlobals {
  document: { getElementById(id: string): Canvas | null; body: { dataset: Record<string, string | undefined> } };
  Chart: { getChart(canvasOrId: Canvas | string): ChartInstance | undefined };
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
interface ChartInstance {
  data: { labels?: string[]; datasets: Array<{ data: Array<number | null> }> };
}

const root = new URL('../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'tactful-report-html-'));
let report: SimulationReport;
let html: string;
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];
const failedRequests: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  await simulateExamples(out);
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  html = readFileSync(join(out, 'report.html'), 'utf8');

  // chromium.launch gives every launch a fresh, temporary user-data-dir of its own.
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.charts === 'rendered', undefined, {
    timeout: 10_000,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('report.html', () => {
  it('renders every chart with data, on a canvas that is not blank', async () => {
    const charts = await page.evaluate((ids) => {
      const { Chart, document } = globalThis as unknown as PageGlobals;
      return ids.map((id) => {
        const canvas = document.getElementById(id);
        if (!canvas) return { id, found: false, points: 0, total: 0, inked: 0, colours: 0 };
        const values = Chart.getChart(canvas)?.data.datasets.flatMap((d) => d.data) ?? [];
        const context = canvas.getContext('2d')!;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        const colours = new Set<string>();
        for (let i = 0; i < data.length; i += 4 * 7) {
          if (data[i + 3]! > 0) {
            inked += 1;
            colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
          }
        }
        return {
          id,
          found: true,
          points: values.length,
          total: values.reduce<number>((a, v) => a + (v ?? 0), 0),
          inked,
          colours: colours.size,
          width: canvas.width,
        };
      });
    }, CHART_IDS);
    for (const chart of charts) {
      expect(chart, chart.id).toMatchObject({ found: true });
      expect(chart.points, `${chart.id} has data`).toBeGreaterThan(0);
      expect(chart.total, `${chart.id} has non-zero data`).toBeGreaterThan(0);
      expect(chart.inked, `${chart.id} drew something`).toBeGreaterThan(500);
      expect(chart.colours, `${chart.id} drew in colour`).toBeGreaterThan(3);
    }
  });

  it('plots what the report says: the curve ends at the recovery rate, the funnel starts with every account', async () => {
    const { curveEnd, funnel, variant } = await page.evaluate(() => {
      const { Chart } = globalThis as unknown as PageGlobals;
      const curve = Chart.getChart('recovery-curve')!.data.datasets[0]!.data;
      const variants = Chart.getChart('outcomes-by-variant')!.data;
      return {
        curveEnd: curve[curve.length - 1],
        funnel: Chart.getChart('stage-funnel')!.data.datasets[0]!.data,
        variant: { labels: variants.labels, total: variants.datasets.reduce((n, d) => n + (d.data[0] ?? 0), 0) },
      };
    });
    expect(curveEnd).toBeCloseTo(report.summary.recoveryRate * 100, 1);
    expect(funnel[0]).toBe(report.summary.placed);
    expect(funnel[funnel.length - 1]).toBe(report.summary.resolved);
    expect(variant).toEqual({ labels: [`default (n=${report.summary.placed})`], total: report.summary.placed });
  });

  it('charts the recovery rate by variant with its 95% interval, and tables the KPIs by variant with n', async () => {
    const chart = await page.evaluate(() => {
      const { Chart } = globalThis as unknown as PageGlobals;
      return Chart.getChart('recovery-by-variant')!.data;
    });
    const kpis = report.kpis.byVariant[0]!.kpis.recoveryRate;
    expect(chart.labels).toEqual([`default (n=${report.summary.placed})`]);
    expect(chart.datasets[0]!.data[0]).toBeCloseTo(kpis.value! * 100, 1);
    const [lo, hi] = chart.datasets[1]!.data[0] as unknown as [number, number];
    expect(lo).toBeCloseTo(kpis.ci95![0] * 100, 1);
    expect(hi).toBeCloseTo(kpis.ci95![1] * 100, 1);
    const row = page.locator('table.by-group tr[data-group="default"]');
    expect(await row.locator('td.n').innerText()).toBe(String(report.summary.placed));
    expect(await row.locator('td.ci').innerText()).toMatch(/^\d+\.\d%–\d+\.\d%$/);
    expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe('none');
  });

  it('shows the KPI table with the placed count and every KPI with its definition', async () => {
    expect(await page.locator('#kpis [data-kpi="placed"] td.n').innerText()).toBe(String(report.summary.placed));
    expect(await page.locator('#kpis [data-kpi="placed"] td.value').innerText()).toMatch(new RegExp(`^${report.summary.placed}\\b`));
    expect(await page.locator('#kpis [data-kpi="recoveryRate"] td.value').innerText()).toContain(
      `${(report.summary.recoveryRate * 100).toFixed(1)}%`,
    );
    for (const kpi of [
      'recoveryRate',
      'payerRate',
      'timeToResolution',
      'contactRate',
      'replyRate',
      'promiseKeptRate',
      'planCompletionRate',
      'optOutRate',
      'disputeRate',
      'deliveryRate',
      'bounceRate',
      'complaintRate',
      'costPerDollarCollected',
      'csat',
    ]) {
      const row = page.locator(`#kpis [data-kpi="${kpi}"]`);
      expect(await row.count(), kpi).toBe(1);
      expect((await row.locator('td.definition').innerText()).length, kpi).toBeGreaterThan(20);
    }
  });

  it('tables the actions by door, as report.json counts them', async () => {
    expect(await page.locator('#doors tbody tr').count()).toBe(DOORS.length);
    for (const door of DOORS) {
      expect(await page.locator(`#doors [data-door="${door}"] td.n`).innerText(), door).toBe(String(report.summary.actionsByDoor[door]));
    }
    // The demo's debtors reply, and its creditor pays and answers disputes by instruction. On the page, one picks a
    // plan, one disputes and one sets inconvenient times; the page's checkout brings five payments by Stripe's webhook.
    expect(report.summary.actionsByDoor.reply).toBeGreaterThan(0);
    expect(report.summary.actionsByDoor.instruction).toBeGreaterThan(0);
    expect(report.summary.actionsByDoor.page).toBe(3);
    expect(report.summary.actionsByDoor.processor).toBe(5);
  });

  it('lists every account, with its events in order behind a collapsible row, and filters by persona', async () => {
    expect(await page.locator('details.account').count()).toBe(report.accounts.length);
    const account = report.accounts.find((a) => a.persona === 'promises-then-pays') ?? report.accounts[0]!;
    const row = page.locator(`details.account[data-account="${account.accountRef}"]`);
    await row.locator('summary').click();
    expect(await row.getAttribute('open')).not.toBeNull();
    const types = await row.locator('table.events tbody tr td:nth-child(3)').allInnerTexts();
    expect(types).toEqual(account.events.map((e) => e.type));

    await page.selectOption('#filter-persona', account.persona);
    const shown = await page.locator('details.account:not([hidden])').count();
    expect(shown).toBe(report.accounts.filter((a) => a.persona === account.persona).length);
    expect(await page.locator('#filter-count').innerText()).toBe(`${shown} accounts`);
    await page.selectOption('#filter-persona', '');
    expect(await page.locator('details.account:not([hidden])').count()).toBe(report.accounts.length);
  });

  it('logs no error and loads nothing: the page is the only request', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(join(out, 'report.html')).href]);
  });

  it('is self-contained and carries no PII', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+rel="stylesheet"|https?:\/\/[^"'\s]*\.(js|css)\b/i);
    const placements = parseCsv(readFileSync(join(root, 'examples/placements.csv'), 'utf8'));
    const pii = placements.records.flatMap(({ values }) => {
      const digits = values.phone?.replace(/\D/g, '');
      return [values.debtor_name, values.email, values.address_line1, values.city, digits && `+1${digits}`, digits].filter(
        (v): v is string => Boolean(v && v.length > 3),
      );
    });
    expect(pii.length).toBeGreaterThan(60);
    expect(pii.filter((value) => html.includes(value))).toEqual([]);
  });
});
