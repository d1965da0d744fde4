// Cost per 1,000 accounts in AWS for a 60-day and a 120-day lifecycle, from the offline simulation of the default
// strategy (examples/creditor-profile.json) over the stochastic portfolio (the debtor model's defaults, COST_ACCOUNTS
// synthetic accounts sampled from examples/placements.csv), against the naive design that wakes every account daily
// (bench/cost-model.ts). The simulation is deterministic by seed, so the runs are seeds 1…RUNS and figures are medians.
//   node bench/cost.ts        (COST_ACCOUNTS=100 by default; EVEN_MIX_ACCOUNTS=200, 0 skips the even-mix run)
import { readFileSync } from 'node:fs';
import { DEFAULT_DEBTOR_MODEL } from '../local/debtor-model/schema.ts';
import { simulate, type SimulationInput } from '../local/simulator/simulate.ts';
import { DEFAULT_PRICES } from '../shared/reports/cost.ts';
import {
  gbSecondsOf,
  naiveUsage,
  openDaysOf,
  perThousand,
  priceUsage,
  requestUnitsOf,
  type MeasuredUsage,
  type PricedUsage,
} from './cost-model.ts';
import { evenMix } from './even-mix.ts';
import { figureOf, median, RUNS, writeBenchResult, type Figure } from './figures.ts';

const ACCOUNTS = Number(process.env.COST_ACCOUNTS ?? 100);
const EVEN_MIX_ACCOUNTS = Number(process.env.EVEN_MIX_ACCOUNTS ?? 200);
const START = new Date('2026-03-02T14:00:00Z');
const profile = JSON.parse(readFileSync(new URL('../examples/creditor-profile.json', import.meta.url), 'utf8'));
const examples = readFileSync(new URL('../examples/placements.csv', import.meta.url), 'utf8');

interface Run {
  accounts: number;
  touches: number;
  measured: MeasuredUsage;
  naive: MeasuredUsage;
  priced: PricedUsage;
  naivePriced: PricedUsage;
  wallSeconds: number;
  invocationsByFunction: Record<string, number>;
  storeCallsByMethod: Record<string, number>;
}

async function run(input: Omit<SimulationInput, 'placementsFileName' | 'profile' | 'start' | 'store'>): Promise<Run> {
  const started = performance.now();
  const { report, platform } = await simulate({ ...input, placementsFileName: 'cost.csv', profile, start: START, store: 'memory' });
  try {
    const memoryMb = new Map(platform.topology.functions.map((f) => [f.name, f.memoryMb]));
    const units = requestUnitsOf(platform.storeCallCounts);
    const sends = { emailsSent: platform.email.sent.length, textsSent: platform.sms.sent.length };
    const measured: MeasuredUsage = {
      // Every execution's, Ingest's as well as each account's Lifecycle.
      stateTransitions: platform.stepFunctions.executions().reduce((n, e) => n + e.transitions, 0),
      lambdaRequests: [...platform.invocations.values()].reduce((n, c) => n + c, 0),
      lambdaGbSeconds: gbSecondsOf(platform.invocations, memoryMb, DEFAULT_PRICES),
      dynamoReadUnits: units.read,
      dynamoWriteUnits: units.write,
      ...sends,
    };
    const horizon = platform.clock.now().getTime();
    const openDays = report.accounts.map((a) => {
      const placedAt = Date.parse(a.events.find((e) => e.type === 'placed')?.at ?? START.toISOString());
      const endedAt = a.execution.status === 'RUNNING' ? horizon : Date.parse(a.events.at(-1)?.at ?? START.toISOString());
      return openDaysOf(placedAt, endedAt);
    });
    // The naive design's scheduled function would get the stack's default memory, as the Lifecycle tasks do.
    const naive = naiveUsage(openDays, sends, memoryMb.get('plan') ?? 512, DEFAULT_PRICES);
    return {
      accounts: report.summary.placed,
      touches: report.accounts.reduce((n, a) => n + a.touches.sent + a.touches.suppressed, 0),
      measured,
      naive,
      priced: priceUsage(measured, DEFAULT_PRICES),
      naivePriced: priceUsage(naive, DEFAULT_PRICES),
      wallSeconds: (performance.now() - started) / 1000,
      invocationsByFunction: Object.fromEntries(platform.invocations),
      storeCallsByMethod: Object.fromEntries(platform.storeCallCounts),
    };
  } finally {
    await platform.close();
  }
}

const seeds = Array.from({ length: RUNS }, (_, i) => i + 1);
const figures: Figure[] = [];
const details: Record<string, unknown> = {
  accounts: ACCOUNTS,
  seeds,
  method:
    'Transitions: StateEntered events of every execution (Ingest and Lifecycle). Lambda requests: handler invocations counted by the local platform. GB-seconds: invocations × the function MemorySize in the template × prices.json averageDurationMs (an estimate, not measured). DynamoDB units: store calls by method × their table actions, 1 unit per action (an estimate; reads are a lower bound). Naive baseline: each account open d days costs d × (1 Lambda request, 3 transitions, 1 RRU), sends excluded (a lower bound). Prices: shared/reports/data/prices.json.',
};

for (const days of [60, 120]) {
  const runs: Run[] = [];
  for (const seed of seeds) {
    runs.push(
      await run({ placementsCsv: examples, behaviour: {}, debtorModel: DEFAULT_DEBTOR_MODEL, accounts: ACCOUNTS, seed, horizonDays: days }),
    );
    console.error(`cost: ${days} days, seed ${seed}: ${runs.at(-1)!.wallSeconds.toFixed(1)} s`);
  }
  const per = (pick: (r: Run) => number) => runs.map((r) => perThousand(pick(r), r.accounts));
  figures.push(
    figureOf(
      `infrastructure $ per 1,000 accounts, ${days} days`,
      'USD',
      per((r) => r.priced.infrastructure),
      { name: 'naive daily wake of every account', values: per((r) => r.naivePriced.infrastructure) },
      days === 120 ? 'under $1.00 per 1,000 accounts' : undefined,
    ),
    figureOf(
      `messaging $ per 1,000 accounts, ${days} days`,
      'USD',
      per((r) => r.priced.messaging),
      {
        name: 'the naive design (same sends)',
        values: per((r) => r.naivePriced.messaging),
      },
    ),
  );
  const touchRatio = (usage: (r: Run) => MeasuredUsage) => runs.map((r) => usage(r).stateTransitions / Math.max(1, r.touches));
  figures.push(
    figureOf(
      `state transitions per touch, stochastic portfolio, ${days} days`,
      'transitions',
      touchRatio((r) => r.measured),
      {
        name: 'naive daily wake',
        values: touchRatio((r) => r.naive),
      },
    ),
  );
  const medianOf = (pick: (r: Run) => number) => +median(runs.map(pick)).toFixed(4);
  details[`${days} days`] = {
    perThousandMedians: {
      stateTransitions: medianOf((r) => perThousand(r.measured.stateTransitions, r.accounts)),
      lambdaRequests: medianOf((r) => perThousand(r.measured.lambdaRequests, r.accounts)),
      lambdaGbSeconds: medianOf((r) => perThousand(r.measured.lambdaGbSeconds, r.accounts)),
      dynamoReadUnits: medianOf((r) => perThousand(r.measured.dynamoReadUnits, r.accounts)),
      dynamoWriteUnits: medianOf((r) => perThousand(r.measured.dynamoWriteUnits, r.accounts)),
      emailsSent: medianOf((r) => perThousand(r.measured.emailsSent, r.accounts)),
      textsSent: medianOf((r) => perThousand(r.measured.textsSent, r.accounts)),
      stepFunctionsUsd: medianOf((r) => perThousand(r.priced.stepFunctions, r.accounts)),
      lambdaUsd: medianOf((r) => perThousand(r.priced.lambda, r.accounts)),
      dynamodbUsd: medianOf((r) => perThousand(r.priced.dynamodb, r.accounts)),
      emailUsd: medianOf((r) => perThousand(r.priced.email, r.accounts)),
      smsUsd: medianOf((r) => perThousand(r.priced.sms, r.accounts)),
      naiveStateTransitions: medianOf((r) => perThousand(r.naive.stateTransitions, r.accounts)),
      naiveLambdaRequests: medianOf((r) => perThousand(r.naive.lambdaRequests, r.accounts)),
    },
    wallSeconds: runs.map((r) => +r.wallSeconds.toFixed(1)),
    firstRun: { invocationsByFunction: runs[0]!.invocationsByFunction, storeCallsByMethod: runs[0]!.storeCallsByMethod },
  };
}

// The goal for transitions per touch is on the even persona mix: one run (personas are deterministic too).
if (EVEN_MIX_ACCOUNTS > 0) {
  const { placementsCsv, behaviour } = evenMix(EVEN_MIX_ACCOUNTS);
  const even = await run({ placementsCsv, behaviour, seed: 7, horizonDays: 120 });
  figures.push({
    name: `state transitions per touch, even persona mix (${EVEN_MIX_ACCOUNTS} accounts, 120 days)`,
    unit: 'transitions',
    value: +(even.measured.stateTransitions / Math.max(1, even.touches)).toFixed(3),
    baseline: { name: 'naive daily wake', value: +(even.naive.stateTransitions / Math.max(1, even.touches)).toFixed(3) },
    ratio: +(even.measured.stateTransitions / even.naive.stateTransitions).toFixed(3),
    runs: 1,
    goal: 'at most 5',
  });
  details.evenMix = { accounts: even.accounts, touches: even.touches, wallSeconds: +even.wallSeconds.toFixed(1) };
}

const result = writeBenchResult('cost', figures, details);
for (const f of result.figures) console.log(`${f.name}: ${f.value} ${f.unit} (baseline ${f.baseline.value}, ratio ${f.ratio})`);
