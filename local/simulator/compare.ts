// The what-if comparison: the same portfolio, personas and seed run under several creditor profiles (strategies),
// side by side in compare.json and compare.html.
import { formatMoney } from '../../shared/money.ts';
import { compareRecovery, recoveryCurve, type PortfolioKpis, type RecoveryComparison } from '../../shared/reports/kpis.ts';
import { card, chart, curveSeries, esc, htmlPage, pct, recoveryIntervals, variantTable, verdicts } from './report-html.ts';
import type { SimulationReport } from './report.ts';

export interface ComparedRun {
  /** The run's name: its profile file's name without `.json`; its files are in the folder of that name. */
  name: string;
  profile: string;
  report: SimulationReport;
}

export interface Comparison {
  placements: string;
  seed: number;
  startedAt: string;
  endedAt: string;
  runs: Array<{
    name: string;
    profile: string;
    report: string;
    summary: SimulationReport['summary'];
    kpis: PortfolioKpis;
  }>;
  /** Whether one run's recovery rate is clearly above the others' (see compareRecovery). */
  recovery: RecoveryComparison;
}

export function buildComparison(runs: readonly ComparedRun[], ctx: { placements: string; seed: number }): Comparison {
  const first = runs[0]!.report;
  return {
    placements: ctx.placements,
    seed: ctx.seed,
    startedAt: first.startedAt,
    endedAt: first.endedAt,
    runs: runs.map(({ name, profile, report }) => {
      const { byVariant: _byVariant, variantComparisons: _comparisons, ...kpis } = report.kpis;
      return { name, profile, report: `${name}/report.json`, summary: report.summary, kpis };
    }),
    // The runs place the same accounts, so they are paired samples; comparing their intervals as if independent is
    // conservative: it says "not enough data" more often than a paired test would, never less.
    recovery: compareRecovery(runs.map((r) => ({ label: r.name, ...r.report.kpis.recoveryRate }))),
  };
}

/** Distinct run names from the profile paths: `creditor-profile`, `creditor-profile.challenger`, `x-2` for a repeat. */
export function runNames(profilePaths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return profilePaths.map((path) => {
    const base = (path.split(/[\\/]/).pop() ?? path).replace(/\.json$/i, '') || 'profile';
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

export function renderCompareHtml(runs: readonly ComparedRun[], comparison: Comparison): string {
  const currency = runs[0]!.report.kpis.currency;
  const money = (minor: number): string => formatMoney(minor, currency);
  const outcomes = [...new Set(runs.flatMap((r) => r.report.accounts.map((a) => a.outcome)))].sort();
  const groups = runs.map((r) => ({ label: r.name, kpis: r.report.kpis }));
  const data = {
    placed: runs[0]!.report.kpis.placed.accounts,
    curves: runs.map((r) => curveSeries(r.name, recoveryCurve(r.report.accounts, new Date(r.report.endedAt)))),
    runs: {
      labels: runs.map((r) => `${r.name} (n=${r.report.accounts.length})`),
      outcomes: outcomes.map((o) => ({ outcome: o, counts: runs.map((r) => r.report.accounts.filter((a) => a.outcome === o).length) })),
    },
    recoveryByRun: recoveryIntervals(groups),
  };
  const title = `Tactful what-if: ${comparison.placements}`;
  const meta = `${runs.length} strategies on the same portfolio · seed ${comparison.seed} · simulated ${comparison.startedAt.slice(0, 10)} → ${comparison.endedAt.slice(0, 10)}`;
  const variantSections = runs
    .filter((r) => r.report.kpis.byVariant.length > 1)
    .map(
      (r) => `<h3>${esc(r.name)}: by strategy variant</h3>
  ${variantTable(
    r.report.kpis.byVariant.map((v) => ({ label: v.label, kpis: v.kpis })),
    money,
    'Variant',
  )}
  ${verdicts(r.report.kpis.variantComparisons.map((c) => ({ ...c, title: `${r.name}, segment ${c.segment}` })))}`,
    );
  return htmlPage(
    title,
    meta,
    data,
    `<section class="cards" aria-label="Runs">
  ${runs
    .map((r) => {
      const k = r.report.kpis.recoveryRate;
      const ci = k.ci95 ? `95% interval ${pct(k.ci95[0])}–${pct(k.ci95[1])}` : 'no interval';
      return card(
        r.name,
        `${pct(k.value)} recovered`,
        `${esc(money(k.collectedMinor))} of ${esc(money(k.placedMinor))} · ${ci} · <a href="${esc(r.name)}/report.html">report</a>`,
      );
    })
    .join('\n  ')}
</section>

<section>
  <h2>Strategies compared</h2>
  ${variantTable(groups, money, 'Profile')}
  ${verdicts([{ ...comparison.recovery, title: 'Recovery rate' }])}
  <p class="hint">Every run places the same accounts with the same personas and seed; only the creditor profile differs. ${runs
    .map((r) => `${esc(r.name)}: <code>${esc(r.profile)}</code>`)
    .join(' · ')}</p>
</section>

<section class="charts">
  ${chart('recovery-curve', 'Recovery curves', 'Cumulative amount collected ÷ amount placed, by day since placement, one line per strategy.')}
  ${chart('recovery-by-run', 'Recovery rate by strategy', 'Collected ÷ placed under each profile, with its 95% interval (bar) and n.')}
  ${chart('outcomes-by-run', 'Outcomes by strategy', 'How the same accounts ended under each profile.')}
</section>
${variantSections.length > 0 ? `\n<section>\n  <h2>Variants within each strategy</h2>\n  ${variantSections.join('\n  ')}\n</section>` : ''}`,
  );
}
