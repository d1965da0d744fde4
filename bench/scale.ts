// How a simulation grows with the portfolio: `tactful simulate` on the even persona mix of 1,000 to 10,000 accounts,
// 120 days, in-memory store, each size in a fresh process. Wall time, CPU time and peak memory are the child's own.
//   node bench/scale.ts [ACCOUNTS…]   → bench/results/scale.json (default sizes 1000 2000 5000 10000)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evenMix } from './even-mix.ts';

const SIZES = [1000, 2000, 5000, 10_000];
const DAYS = 120;

interface ScaleRun {
  accounts: number;
  wallSeconds: number;
  cpuSeconds: number;
  accountsPerWallSecond: number;
  accountsPerCpuSecond: number;
  peakRssMB: number;
}

/** In the child: one simulation through the command line's own code, then its CPU time and peak memory. */
async function child(dir: string): Promise<void> {
  const { runSimulate } = await import('../local/cli/simulate-command.ts');
  const started = performance.now();
  const code = await runSimulate({
    placements: join(dir, 'placements.csv'),
    behaviour: join(dir, 'behaviour.json'),
    profile: [fileURLToPath(new URL('../examples/creditor-profile.json', import.meta.url))],
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
    const { placementsCsv, behaviour } = evenMix(accounts);
    writeFileSync(join(dir, 'placements.csv'), placementsCsv);
    writeFileSync(join(dir, 'behaviour.json'), JSON.stringify(behaviour));
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    const figures = JSON.parse(readFileSync(join(dir, 'figures.json'), 'utf8'));
    if (figures.code !== 0) throw new Error(`the ${accounts}-account simulation exited with ${figures.code}`);
    return {
      accounts,
      wallSeconds: +figures.wallSeconds.toFixed(1),
      cpuSeconds: +figures.cpuSeconds.toFixed(1),
      accountsPerWallSecond: +(accounts / figures.wallSeconds).toFixed(1),
      accountsPerCpuSecond: +(accounts / figures.cpuSeconds).toFixed(1),
      peakRssMB: Math.round(figures.peakRssMB),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!);
} else {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : SIZES;
  const runs: ScaleRun[] = [];
  for (const accounts of sizes) {
    const run = measure(accounts);
    runs.push(run);
    process.stdout.write(`${JSON.stringify(run)}\n`);
  }
  // Linear growth: CPU seconds and peak memory per account stay flat from the smallest size to the largest.
  const [first, last] = [runs[0]!, runs.at(-1)!];
  const results = {
    at: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
    days: DAYS,
    store: 'memory',
    runs,
    growth: {
      accounts: +(last.accounts / first.accounts).toFixed(2),
      cpuSeconds: +(last.cpuSeconds / first.cpuSeconds).toFixed(2),
      wallSeconds: +(last.wallSeconds / first.wallSeconds).toFixed(2),
      peakRss: +(last.peakRssMB / first.peakRssMB).toFixed(2),
    },
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/scale.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}
