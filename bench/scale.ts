// How a simulation grows with the portfolio: `tactful simulate --debtors model --accounts N` for 1,000 to 10,000
// accounts, 120 days, in-memory store, each size in a fresh process (one run each: the biggest takes minutes). Wall
// time, CPU time and peak memory are the child's own. Each size's figure is set against the smallest size scaled
// linearly (ratio 1: linear growth). Not in `npm run bench` (it takes longer than the whole of it): `npm run bench:scale`.
//   node bench/scale.ts [ACCOUNTS…]   → bench/results/scale.json (default sizes 1000 2000 5000 10000)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchResult, type Figure } from './figures.ts';

const SIZES = [1000, 2000, 5000, 10_000];
const DAYS = 120;
const example = (file: string): string => fileURLToPath(new URL(`../examples/${file}`, import.meta.url));

interface ScaleRun {
  accounts: number;
  wallSeconds: number;
  cpuSeconds: number;
  accountsPerWallSecond: number;
  peakRssMB: number;
}

/** In the child: one simulation through the command line's own code, then its CPU time and peak memory. */
async function child(dir: string, accounts: number): Promise<void> {
  const { runSimulate } = await import('../local/cli/simulate-command.ts');
  const started = performance.now();
  const code = await runSimulate({
    placements: example('placements.csv'),
    profile: [example('creditor-profile.json')],
    debtors: 'model',
    accounts: String(accounts),
    seed: '7',
    start: '2026-03-02T14:00:00Z',
    days: String(DAYS),
    out: join(dir, 'out'),
    chaos: '0',
    store: 'memory',
  });
  const { user, system } = process.cpuUsage();
  const figures = {
    code,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (user + system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  writeFileSync(join(dir, 'figures.json'), JSON.stringify(figures));
}

function measure(accounts: number): ScaleRun {
  const dir = mkdtempSync(join(tmpdir(), `tactful-scale-${accounts}-`));
  try {
    // The heap cap the command line runs with (bin/tactful.js's first line).
    execFileSync(process.execPath, ['--max-old-space-size=1536', fileURLToPath(import.meta.url), '--child', dir, String(accounts)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const figures = JSON.parse(readFileSync(join(dir, 'figures.json'), 'utf8'));
    if (figures.code !== 0) throw new Error(`the ${accounts}-account simulation exited with ${figures.code}`);
    return {
      accounts,
      wallSeconds: +figures.wallSeconds.toFixed(1),
      cpuSeconds: +figures.cpuSeconds.toFixed(1),
      accountsPerWallSecond: +(accounts / figures.wallSeconds).toFixed(1),
      peakRssMB: Math.round(figures.peakRssMB),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each size against the smallest, scaled to its size: a ratio of 1 is linear growth. Memory has a fixed part, so below 1. */
function scaleFigures(runs: readonly ScaleRun[]): Figure[] {
  const first = runs[0]!;
  return runs.flatMap((run) => {
    const factor = run.accounts / first.accounts;
    const linear = (name: string, unit: string, value: number, base: number, goal?: string): Figure => ({
      name: `${name}, ${run.accounts.toLocaleString('en-US')} accounts`,
      unit,
      value,
      baseline: { name: `${first.accounts.toLocaleString('en-US')} accounts × ${factor}`, value: +(base * factor).toFixed(1) },
      ratio: +(value / (base * factor)).toFixed(3),
      runs: 1,
      ...(goal ? { goal } : {}),
    });
    const wallGoal = run.accounts === 10_000 ? '≤ 300 s (33 accounts/s)' : undefined;
    return [
      linear('wall time', 's', run.wallSeconds, first.wallSeconds, wallGoal),
      linear('CPU time', 's', run.cpuSeconds, first.cpuSeconds),
      linear('peak memory', 'MB', run.peakRssMB, first.peakRssMB, run.accounts === 10_000 ? '< 2,048 MB' : undefined),
    ];
  });
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, Number(process.argv[4]));
} else {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : SIZES;
  const runs: ScaleRun[] = [];
  for (const accounts of sizes) {
    const run = measure(accounts);
    runs.push(run);
    process.stdout.write(`${JSON.stringify(run)}\n`);
  }
  writeBenchResult('scale', scaleFigures(runs), { days: DAYS, store: 'memory', debtors: 'model', runs });
}
