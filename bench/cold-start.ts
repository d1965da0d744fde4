// Cold start: each function bundled exactly as `cdk synth` bundles it (BUNDLING in infra/constructs/tactful-function.ts),
// then its module initialisation timed in a fresh Node process with the function's own environment (from the
// synthesized template, NODE_OPTIONS included if it sets any), against a baseline bundled and started the same way: the smallest middy +
// Powertools handler with one DynamoDB client (bench/fixtures/minimal-handler.ts). Figures are medians of RUNS fresh
// processes after one warm-up (which fills the file cache); each function's ratio is to the baseline of the same run.
// The table also gives the CPU time of the same span, which a machine busy with other work disturbs less.
//   npm run bench            → prints the table and writes bench/results/cold-start.json
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLING, FUNCTION_NAMES } from '../infra/constructs/tactful-function.ts';
import { synthTemplate } from '../infra/synth.ts';
import type { Template } from '../local/intrinsics.ts';
import { figureOf, median, RUNS as BENCH_RUNS, writeBenchResult, type Figure } from './figures.ts';
import { readTopology } from '../local/topology.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'out', 'bench', 'cold-start');
const RUNS = Math.max(BENCH_RUNS, 7);
/** What the Lambda runtime sets that Powertools reads at start (the tracer is on in Lambda only). */
const LAMBDA_ENV = { AWS_REGION: 'us-east-1', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512' };

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  mapBytes: number;
  environment: Record<string, string>;
}

async function bundle(name: string, entry: string, environment: Record<string, string>): Promise<Bundle> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    minify: BUNDLING.minify,
    keepNames: BUNDLING.keepNames,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    logLevel: 'error',
  });
  const mapBytes = BUNDLING.sourceMap ? statSync(`${file}.map`).size : 0;
  return { name, file, bytes: statSync(file).size, mapBytes, environment };
}

interface Init {
  /** Milliseconds from import() to its resolution: the module's own initialisation. */
  ms: number;
  /** The process's CPU milliseconds (all threads) over the same span: less sensitive than `ms` to a busy machine. */
  cpuMs: number;
}

/** One initialisation of the bundle, in a fresh process. */
function init(bundle: Bundle): Init {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle.file).href)}); const ms = performance.now() - t; const { user, system } = process.cpuUsage(c); process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000 }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV, AWS_LAMBDA_FUNCTION_NAME: bundle.name, ...bundle.environment },
    encoding: 'utf8',
  });
  return JSON.parse(output) as Init;
}

const topology = readTopology(synthTemplate() as Template);
const environmentOf = (name: string): Record<string, string> => {
  const fn = topology.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`The template has no function ${name}`);
  return Object.fromEntries(Object.entries(fn.environment).map(([k, v]) => [k, String(v)]));
};

const baselineEnv = { POWERTOOLS_SERVICE_NAME: 'tactful', TABLE_NAME: 'bench' };
const bundles = [
  await bundle('baseline', join(ROOT, 'bench', 'fixtures', 'minimal-handler.ts'), baselineEnv),
  ...(await Promise.all(FUNCTION_NAMES.map((name) => bundle(name, join(ROOT, 'functions', name, 'handler.ts'), environmentOf(name))))),
];
for (const b of bundles) init(b); // warm-up: the file cache, not the process (each run is a fresh process)
// Interleaved rounds: a slow moment of the machine lands on every bundle alike instead of on one.
const samples = new Map(bundles.map((b) => [b.name, [] as number[]]));
const cpuSamples = new Map(bundles.map((b) => [b.name, [] as number[]]));
for (let run = 0; run < RUNS; run++) {
  for (const b of bundles) {
    const { ms, cpuMs } = init(b);
    samples.get(b.name)!.push(ms);
    cpuSamples.get(b.name)!.push(cpuMs);
  }
}

const baseline = bundles[0]!;
const baselineMs = median(samples.get('baseline')!);
const baselineCpuMs = median(cpuSamples.get('baseline')!);
const rows = bundles.map((b) => {
  const ms = median(samples.get(b.name)!);
  const cpuMs = median(cpuSamples.get(b.name)!);
  return {
    function: b.name,
    bundleKB: Math.round(b.bytes / 1024),
    sourceMapKB: Math.round(b.mapBytes / 1024),
    sizeRatio: +(b.bytes / baseline.bytes).toFixed(2),
    initMs: +ms.toFixed(1),
    initRatio: +(ms / baselineMs).toFixed(2),
    initCpuMs: +cpuMs.toFixed(1),
    initCpuRatio: +(cpuMs / baselineCpuMs).toFixed(2),
  };
});
const BASELINE = 'minimal middy + Powertools handler';
const figures: Figure[] = bundles
  .slice(1)
  .flatMap((b) => [
    figureOf(`${b.name}: module init`, 'ms', samples.get(b.name)!, { name: BASELINE, values: samples.get('baseline')! }, '≤ 1.5'),
    figureOf(`${b.name}: bundle size`, 'KB', [b.bytes / 1024], { name: BASELINE, values: [baseline.bytes / 1024] }),
  ]);
writeBenchResult('cold-start', figures, { runs: RUNS, rows });
console.table(rows);
const worst = rows.slice(1).reduce((a, b) => (b.initRatio > a.initRatio ? b : a));
console.log(
  `Cold start: the slowest init is ${worst.function} at ${worst.initRatio}× the baseline (${baselineMs.toFixed(1)} ms); goal ≤ 1.5×.`,
);
