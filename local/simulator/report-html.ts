// `report.html`: the simulation report as one self-contained page that works offline. Tables are plain HTML; the charts
// are drawn by Chart.js, whose UMD build is inlined from node_modules together with all the data (no CDN, no fetch, and
// a Content-Security-Policy that forbids loading anything). No PII: account refs, personas, outcomes and events only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { formatMoney } from '../../shared/money.ts';
import { DEFAULT_PRICES } from '../../shared/reports/cost.ts';
import {
  accountFacts,
  KPI_DEFINITIONS,
  MIN_VARIANT_SAMPLE,
  recoveryCurve,
  stageFunnel,
  type Kpis,
  type PortfolioKpis,
  type Rate,
  type RecoveryComparison,
  variantLabel,
} from '../../shared/reports/kpis.ts';
import { PERSONAS } from './personas.ts';
import { DOORS, type AccountReport, type Door, type SimulationReport } from './report.ts';

export interface ReportHtmlOptions {
  /** Shown in the heading, e.g. the placement file's name. */
  source?: string;
  seed?: number;
}

const DAY = 86_400_000;
const OUTCOME_ORDER = [
  'paid',
  'settled',
  'payment-plan',
  'active',
  'hold:dispute',
  'disputed',
  'ceased',
  'recalled',
  'returned-to-creditor',
  'uncollectible',
];

export function renderReportHtml(report: SimulationReport, options: ReportHtmlOptions = {}): string {
  const asOf = new Date(report.endedAt);
  const kpis = report.kpis;
  const currency = kpis.currency;
  const money = (minor: number): string => formatMoney(minor, currency);
  const curve = recoveryCurve(report.accounts, asOf);
  const funnel = stageFunnel(report.accounts, asOf);
  const personas = orderBy([...new Set(report.accounts.map((a) => a.persona as string))], PERSONAS as readonly string[]);
  const outcomes = orderBy([...new Set(report.accounts.map((a) => a.outcome))], OUTCOME_ORDER);
  const count = (accounts: AccountReport[], outcome: string): number => accounts.filter((a) => a.outcome === outcome).length;
  const byPersona = personas.map((p) => report.accounts.filter((a) => a.persona === p));
  const byVariant = kpis.byVariant.map((v) => report.accounts.filter((a) => a.variant === v.label));

  const data = {
    placed: kpis.placed.accounts,
    curves: [curveSeries('collected ÷ placed', curve)],
    funnel: { steps: funnel.map((s) => s.step), accounts: funnel.map((s) => s.accounts) },
    personas: {
      labels: personas.map((p, i) => `${p} (n=${byPersona[i]!.length})`),
      outcomes: outcomes.map((o) => ({ outcome: o, counts: byPersona.map((accounts) => count(accounts, o)) })),
    },
    variants: {
      labels: kpis.byVariant.map((v) => `${v.label} (n=${v.kpis.placed.accounts})`),
      outcomes: outcomes.map((o) => ({ outcome: o, counts: byVariant.map((accounts) => count(accounts, o)) })),
    },
    recoveryByVariant: recoveryIntervals(kpis.byVariant.map((v) => ({ label: v.label, kpis: v.kpis }))),
  };

  const s = report.summary;
  const title = `Tactful simulation${options.source ? `: ${options.source}` : ''}`;
  const meta = `Simulated ${report.startedAt.slice(0, 10)} → ${report.endedAt.slice(0, 10)}${options.seed === undefined ? '' : ` · seed ${options.seed}`} · report as of ${report.endedAt}`;
  return htmlPage(
    title,
    meta,
    data,
    `<section class="cards" aria-label="Summary">
  ${card('Placed', `${s.placed} accounts`, esc(money(kpis.placed.amountMinor)))}
  ${card('Collected', esc(money(kpis.collected.amountMinor)), `recovery rate ${pct(kpis.recoveryRate.value)}`)}
  ${card('Resolved', `${s.resolved}`, `held ${s.held} · still active ${s.active}`)}
  ${card('Messages', `${s.messagesSent} sent`, `${s.messagesSuppressed} suppressed`)}
  ${card('State transitions', `${s.stateTransitions}`, `${s.transitionsPerTouch} per message sent`)}
</section>

<section>
  <h2>KPIs</h2>
  ${kpiTable(kpis, money)}
  <h3>Recovery by placement cohort</h3>
  <table class="kpis" id="cohorts">
    <thead><tr><th>Placed on</th><th class="num">Accounts</th><th class="num">Placed</th><th class="num">Collected</th><th class="num">Recovery rate</th></tr></thead>
    <tbody>${kpis.recoveryRate.byCohort
      .map(
        (c) =>
          `<tr><td>${esc(c.cohort)}</td><td class="num">${c.accounts}</td><td class="num">${esc(money(c.placedMinor))}</td><td class="num">${esc(money(c.collectedMinor))}</td><td class="num">${pct(c.value)}</td></tr>`,
      )
      .join('')}</tbody>
  </table>
  <h3>Actions by door</h3>
  ${doorTable(s.actionsByDoor)}
</section>

<section class="charts">
  ${chart('recovery-curve', 'Recovery curve', 'Cumulative amount collected ÷ amount placed, by day since placement.')}
  ${chart('stage-funnel', 'Stage funnel', 'Accounts that reached each stage, and accounts resolved.')}
  ${chart('outcomes-by-persona', 'Outcomes by persona', 'How the accounts each debtor persona played ended (n = accounts).')}
  ${chart('outcomes-by-variant', 'Outcomes by variant', 'How the accounts of each strategy variant ended (n = accounts).')}
  ${chart('recovery-by-variant', 'Recovery rate by variant', 'Collected ÷ placed for each strategy variant, with its 95% interval (bar) and n.')}
</section>

<section>
  <h2>KPIs by strategy variant</h2>
  ${variantTable(
    kpis.byVariant.map((v) => ({ label: v.label, kpis: v.kpis })),
    money,
    'Variant',
  )}
  ${verdicts(kpis.variantComparisons.map((c) => ({ ...c, title: `Segment ${c.segment}` })))}
</section>

<section>
  <h2>Accounts</h2>
  <p class="hint">One row per account; open a row for its events in order, with the day since placement.</p>
  <div class="filters">
    <label>Persona <select id="filter-persona"><option value="">all</option>${personas.map((p) => `<option>${esc(p)}</option>`).join('')}</select></label>
    <label>Variant <select id="filter-variant"><option value="">all</option>${kpis.byVariant.map((v) => `<option>${esc(v.label)}</option>`).join('')}</select></label>
    <label>Outcome <select id="filter-outcome"><option value="">all</option>${outcomes.map((o) => `<option>${esc(o)}</option>`).join('')}</select></label>
    <span id="filter-count">${report.accounts.length} accounts</span>
  </div>
  <div id="timeline" role="list">
    <div class="row head" aria-hidden="true"><span>Account</span><span>Persona</span><span>Outcome</span><span>Resolved after</span><span>Messages</span><span>Timeline</span></div>
    ${report.accounts.map((a) => accountRow(a, asOf, currency)).join('\n    ')}
  </div>
</section>
`,
  );
}

/** The page around a report's body: offline (CSP forbids loading anything), Chart.js and the data inlined. */
export function htmlPage(title: string, meta: string, data: unknown, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${asset('page.css')}</style>
</head>
<body>
<header>
  <h1>${esc(title)}</h1>
  <p class="meta">${esc(meta)}</p>
</header>
<main>
${body}
</main>
<footer>
  <p>Prices: AWS list prices recorded ${esc(DEFAULT_PRICES.recorded)} (shared/reports/data/prices.json); Lambda and DynamoDB use is estimated per event. Charts: Chart.js (MIT).</p>
</footer>
<script id="report-data" type="application/json">${json(data)}</script>
<script>${chartJs()}</script>
<script>${asset('page.js')}</script>
</body>
</html>
`;
}

function kpiTable(k: Kpis, money: (minor: number) => string): string {
  const rate = (r: Rate): string => pct(r.value);
  const cost = k.costPerDollarCollected;
  const c = cost.cost;
  const values: Record<(typeof KPI_DEFINITIONS)[number]['key'], { value: string; n: string; note?: string }> = {
    recoveryRate: {
      value: pct(k.recoveryRate.value),
      n: `${k.recoveryRate.n}`,
      note: `${money(k.recoveryRate.collectedMinor)} of ${money(k.recoveryRate.placedMinor)}`,
    },
    payerRate: {
      value: rate(k.payerRate),
      n: `${k.payerRate.n}`,
      note: `${k.payerRate.count} paid${k.payerRate.ci95 ? `; 95% CI ${pct(k.payerRate.ci95[0])}–${pct(k.payerRate.ci95[1])}` : ''}`,
    },
    timeToResolution: {
      value:
        k.timeToResolution.medianDays === null
          ? 'n/a'
          : `median ${days(k.timeToResolution.medianDays)}, p90 ${days(k.timeToResolution.p90Days!)}`,
      n: `${k.timeToResolution.n}`,
    },
    contactRate: { value: rate(k.contactRate), n: `${k.contactRate.n}`, note: `${k.contactRate.count} contacted` },
    replyRate: { value: rate(k.replyRate), n: `${k.replyRate.n}`, note: `${k.replyRate.count} replied` },
    promiseKeptRate: {
      value: rate(k.promiseKeptRate),
      n: `${k.promiseKeptRate.n}`,
      note: `${k.promiseKeptRate.count} kept${k.promiseKeptRate.pending ? `; ${k.promiseKeptRate.pending} not yet due` : ''}`,
    },
    planCompletionRate: {
      value: rate(k.planCompletionRate),
      n: `${k.planCompletionRate.n}`,
      note: `${k.planCompletionRate.count} completed`,
    },
    optOutRate: { value: rate(k.optOutRate), n: `${k.optOutRate.n}`, note: `${k.optOutRate.count} opted out` },
    disputeRate: { value: rate(k.disputeRate), n: `${k.disputeRate.n}`, note: `${k.disputeRate.count} disputed` },
    deliveryRate: { value: rate(k.deliveryRate), n: `${k.deliveryRate.n}`, note: `${k.deliveryRate.count} delivered` },
    bounceRate: { value: rate(k.bounceRate), n: `${k.bounceRate.n}`, note: `${k.bounceRate.count} hard bounces` },
    complaintRate: { value: rate(k.complaintRate), n: `${k.complaintRate.n}`, note: `${k.complaintRate.count} complaints` },
    costPerDollarCollected: {
      value: cost.value === null ? 'n/a' : `${usd(cost.value)} per $1 (${usd(cost.value * 1000)} per $1,000)`,
      n: `${cost.n}`,
      note:
        `${usd(c.total)} in all: ${c.textsSent} texts ${usd(c.sms)}, ${c.emailsSent} emails ${usd(c.email)}, ` +
        `${c.stateTransitions} state transitions ${usd(c.stepFunctions)}, ≈${c.lambdaInvocations} Lambda invocations ${usd(c.lambda)}, ` +
        `≈${c.dynamoWriteUnits + c.dynamoReadUnits} DynamoDB request units ${usd(c.dynamodb)}`,
    },
    csat: { value: k.csat.mean === null ? 'n/a' : k.csat.mean.toFixed(2), n: `${k.csat.n}` },
  };
  const rows = KPI_DEFINITIONS.map((d) => {
    const v = values[d.key];
    return `<tr data-kpi="${d.key}"><th scope="row">${esc(d.name)}</th><td class="value">${esc(v.value)}${v.note ? `<div class="note">${esc(v.note)}</div>` : ''}</td><td class="num n">${esc(v.n)}</td><td class="definition">${esc(d.definition)}</td></tr>`;
  });
  return `<table class="kpis" id="kpis">
    <thead><tr><th>KPI</th><th>Value</th><th class="num">n</th><th>Definition</th></tr></thead>
    <tbody>
      <tr data-kpi="placed"><th scope="row">Placed</th><td class="value">${k.placed.accounts}<div class="note">${esc(money(k.placed.amountMinor))}</div></td><td class="num n">${k.placed.accounts}</td><td class="definition">Accounts with a placed event by the report time, and their balances.</td></tr>
      ${rows.join('\n      ')}
    </tbody>
  </table>`;
}

const DOOR_MEANINGS: Record<Door, string> = {
  reply: "The debtor's SMS and email replies (one per message).",
  page: "What the debtor did on the debtor's page: statements, plans and disputes, opt-outs, inconvenient times.",
  instruction: "Rows of the creditor's instruction files: payments, adjustments, dispute answers, recalls, notices, hand-off decisions.",
  processor: "Payments the payment processor reported (those made through the page's checkout come in by its webhook).",
};

function doorTable(counts: Record<Door, number>): string {
  const rows = DOORS.map(
    (d) =>
      `<tr data-door="${d}"><th scope="row">${esc(d)}</th><td class="num n">${counts[d]}</td><td class="definition">${esc(DOOR_MEANINGS[d])}</td></tr>`,
  );
  return `<table class="kpis" id="doors">
    <thead><tr><th>Door</th><th class="num">Actions</th><th>What came through it</th></tr></thead>
    <tbody>${rows.join('')}</tbody>
  </table>`;
}

/** A recovery curve as the page script charts it (percent by day since placement). */
export function curveSeries(
  label: string,
  curve: ReturnType<typeof recoveryCurve>,
): { label: string; days: number[]; percent: Array<number | null>; accounts: number[] } {
  return {
    label,
    days: curve.map((p) => p.day),
    percent: curve.map((p) => (p.value === null ? null : round(p.value * 100, 2))),
    accounts: curve.map((p) => p.accounts),
  };
}

/** The recovery rate of each group with its interval, as the page script charts it (percent). */
export function recoveryIntervals(groups: ReadonlyArray<{ label: string; kpis: PortfolioKpis }>): {
  labels: string[];
  percent: Array<number | null>;
  ci: Array<[number, number] | null>;
} {
  return {
    labels: groups.map((g) => `${g.label} (n=${g.kpis.recoveryRate.n})`),
    percent: groups.map((g) => (g.kpis.recoveryRate.value === null ? null : round(g.kpis.recoveryRate.value * 100, 2))),
    ci: groups.map((g) =>
      g.kpis.recoveryRate.ci95 ? [round(g.kpis.recoveryRate.ci95[0] * 100, 2), round(g.kpis.recoveryRate.ci95[1] * 100, 2)] : null,
    ),
  };
}

/** One row per group (variant, or what-if run): n, the recovery rate with its interval, and the other main KPIs. */
export function variantTable(
  groups: ReadonlyArray<{ label: string; kpis: PortfolioKpis }>,
  money: (minor: number) => string,
  heading: string,
): string {
  const rows = groups.map(({ label, kpis: k }) => {
    const ci = k.recoveryRate.ci95 ? `${pct(k.recoveryRate.ci95[0])}–${pct(k.recoveryRate.ci95[1])}` : 'n/a';
    const ttr = k.timeToResolution.medianDays === null ? 'n/a' : days(k.timeToResolution.medianDays);
    const cost = k.costPerDollarCollected.value === null ? 'n/a' : usd(k.costPerDollarCollected.value);
    return `<tr data-group="${esc(label)}"><th scope="row">${esc(label)}</th><td class="num n">${k.placed.accounts}</td><td class="num">${esc(money(k.collected.amountMinor))} of ${esc(money(k.placed.amountMinor))}</td><td class="num recovery">${pct(k.recoveryRate.value)}</td><td class="num ci">${ci}</td><td class="num">${pct(k.payerRate.value)}</td><td class="num">${pct(k.contactRate.value)}</td><td class="num">${pct(k.replyRate.value)}</td><td class="num">${pct(k.optOutRate.value)}</td><td class="num">${pct(k.disputeRate.value)}</td><td class="num">${esc(ttr)}</td><td class="num">${esc(cost)}</td></tr>`;
  });
  return `<div class="scroll"><table class="kpis by-group">
    <thead><tr><th>${esc(heading)}</th><th class="num">n</th><th class="num">Collected</th><th class="num">Recovery rate</th><th class="num">95% interval</th><th class="num">Payer rate</th><th class="num">Contact rate</th><th class="num">Reply rate</th><th class="num">Opt-out rate</th><th class="num">Dispute rate</th><th class="num">Median time to resolution</th><th class="num">Cost per $1</th></tr></thead>
    <tbody>${rows.join('')}</tbody>
  </table></div>`;
}

/** What the comparisons conclude; "not enough data" unless a leader is clear (see compareRecovery). */
export function verdicts(comparisons: ReadonlyArray<RecoveryComparison & { title: string }>): string {
  if (comparisons.length === 0) {
    return `<p class="hint verdict" data-verdict="none">No segment has two variants: nothing to compare. A comparison names a leader only when every variant has at least ${MIN_VARIANT_SAMPLE} accounts and the best recovery rate's 95% interval lies above all the others.</p>`;
  }
  const items = comparisons.map(
    (c) =>
      `<li class="verdict" data-verdict="${c.verdict}"><strong>${esc(c.title)}:</strong> ${c.verdict === 'leader' ? `${esc(c.leader!)} recovers more` : 'not enough data'} (${esc(c.reason)}).</li>`,
  );
  return `<ul class="verdicts">${items.join('')}</ul>
  <p class="hint">A leader is named only when every group has at least ${MIN_VARIANT_SAMPLE} accounts and the best recovery rate's 95% interval lies above all the others.</p>`;
}

function accountRow(a: AccountReport, asOf: Date, currency: string): string {
  const facts = accountFacts(a, asOf);
  const placedAt = facts?.placedAt ?? Date.parse(a.events[0]?.at ?? asOf.toISOString());
  const day = (at: string): number => (Date.parse(at) - placedAt) / DAY;
  const resolvedAfter = facts?.resolvedAt === undefined ? '—' : days((facts.resolvedAt - placedAt) / DAY);
  const chips = a.events.flatMap((e) => {
    const label = chipOf(e);
    return label ? [`<span class="chip ${esc(e.type)}">d${Math.floor(day(e.at))} ${esc(label)}</span>`] : [];
  });
  const rows = a.events.map(
    (e) =>
      `<tr><td class="num">${day(e.at).toFixed(1)}</td><td>${esc(e.at.slice(0, 16).replace('T', ' '))}</td><td><code>${esc(e.type)}</code></td><td>${esc(describe(e, currency))}</td></tr>`,
  );
  return `<details class="account" role="listitem" data-account="${esc(a.accountRef)}" data-persona="${esc(a.persona)}" data-variant="${esc(a.variant)}" data-outcome="${esc(a.outcome)}">
      <summary class="row"><span class="ref">${esc(a.accountRef)}</span><span>${esc(a.persona)}</span><span><span class="outcome" data-outcome="${esc(a.outcome)}">${esc(a.outcome)}</span></span><span>${esc(resolvedAfter)}</span><span>${a.touches.sent} sent${a.touches.suppressed ? `, ${a.touches.suppressed} suppressed` : ''}</span><span class="chips">${chips.join('')}</span></summary>
      <table class="events"><thead><tr><th class="num">Day</th><th>At (UTC)</th><th>Event</th><th>Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>
    </details>`;
}

function chipOf(e: AccountEvent): string | undefined {
  switch (e.type) {
    case 'touch-sent':
      return e.channel;
    case 'touch-suppressed':
      return `${e.channel} ✗`;
    case 'reply-received':
      return `${e.channel === 'page' ? 'page' : 'reply'}:${e.intent}`;
    case 'payment-received':
      return e.source === 'processor' ? 'paid (processor)' : 'paid';
    case 'stage-entered':
      return e.stage === 'SoftReminder' ? undefined : e.stage;
    case 'resolved':
      return `⇒ ${e.outcome}`;
    case 'placed':
    case 'variant-assigned':
    case 'handoff-requested':
      return undefined;
    default:
      return e.type;
  }
}

/** One line per event: what happened, with ids and amounts only. */
function describe(e: AccountEvent, currency: string): string {
  switch (e.type) {
    case 'placed':
      return `placed with a balance of ${formatMoney(e.balanceMinor, e.currency)}`;
    case 'variant-assigned':
      return `follows the strategy variant ${variantLabel(e.segment, e.variant)}`;
    case 'stage-entered':
      return `entered ${e.stage}`;
    case 'touch-sent':
      return `${e.channel} sent in ${e.stage} (${e.template})`;
    case 'touch-suppressed':
      return `${e.channel} suppressed in ${e.stage}: ${e.reason}`;
    case 'reply-received':
      return `reply by ${e.channel}: ${e.intent}${e.promiseDate ? `, promised for ${e.promiseDate}` : ''}`;
    case 'payment-received':
      return `payment of ${formatMoney(e.amountMinor, currency)} reported by the ${e.source}`;
    case 'promise-broken':
      return `promise for ${e.promiseDate} broken`;
    case 'opted-out':
      return `opted out of ${e.channel} (${e.via})`;
    case 'channel-unreachable':
      return `${e.channel} unreachable: ${e.reason}`;
    case 'handoff-requested':
      return 'hand-off approval requested from the creditor';
    case 'handoff-approved':
      return `hand-off approved by the ${e.by}`;
    case 'handoff-declined':
      return `hand-off declined (${e.by})`;
    case 'resolved':
      return `resolved: ${e.outcome}`;
    default: {
      // Events added to the model later: their own fields, without ids.
      const { type: _type, eventId: _id, accountId: _account, at: _at, seq: _seq, ...rest } = e as AccountEvent & Record<string, unknown>;
      const fields = Object.entries(rest).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      return fields.join(', ');
    }
  }
}

export function card(label: string, value: string, detail: string): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="big">${value}</div><div class="detail">${detail}</div></div>`;
}

export function chart(id: string, title: string, caption: string): string {
  return `<figure class="chart"><figcaption><h2>${esc(title)}</h2><p>${esc(caption)}</p></figcaption><div class="canvas-box"><canvas id="${id}" role="img" aria-label="${esc(title)}"></canvas></div></figure>`;
}

function orderBy(values: string[], order: readonly string[]): string[] {
  const rank = (v: string): number => {
    const i = order.indexOf(v);
    return i === -1 ? order.length : i;
  };
  return [...values].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function usd(value: number): string {
  return `$${value < 0.01 && value > 0 ? value.toPrecision(2) : value.toFixed(2)}`;
}

function days(value: number): string {
  return `${value.toFixed(1)} days`;
}

export function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
export function json(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const assets = new Map<string, string>();

export function asset(name: string): string {
  let text = assets.get(name);
  if (text === undefined) {
    text = inlineSafe(readFileSync(new URL(`./report-html/${name}`, import.meta.url), 'utf8'), name);
    assets.set(name, text);
  }
  return text;
}

/** Chart.js's UMD build (it sets `window.Chart`), read from node_modules. */
export function chartJs(): string {
  let text = assets.get('chart.js');
  if (text === undefined) {
    // The package exports no subpath for its UMD build: resolve the package, then take the file beside its entry.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    text = inlineSafe(readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8'), 'chart.umd.min.js');
    assets.set('chart.js', text);
  }
  return text;
}

function inlineSafe(text: string, name: string): string {
  if (/<\/(script|style)/i.test(text) || text.includes('<!--'))
    throw new Error(`${name} cannot be inlined: it contains a closing tag or "<!--"`);
  return text.replace(/\n\/\/# sourceMappingURL=.*$/m, '');
}
