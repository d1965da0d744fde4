// Where a simulation's CPU time goes: a V8 CPU profile's samples charged to the parts of the offline platform.
//   node --cpu-prof --cpu-prof-dir=out/prof bin/tactful.js simulate --debtors model --accounts 1000 --out out/p
//   node bench/profile-breakdown.ts out/prof/*.cpuprofile
// A sample goes to the first part (in the order below) that its function or one of its callers belongs to; a
// built-in (JSON, RegExp, Intl) goes to its nearest caller with a source file.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
type Frame = { name: string; url: string };

const PARTS: Array<[string, (frame: Frame, callers: readonly Frame[]) => boolean]> = [
  [
    'start-up: module loading, type stripping, CDK synth',
    (f, callers) =>
      /node:internal\/modules|^wasm:|aws-cdk-lib|\/constructs\//.test(f.url) || callers.some((c) => c.name === 'synthTemplate'),
  ],
  ['daily creditor reports', (_, callers) => callers.some((c) => c.name === 'writeCreditorReport')],
  [
    'report and files at the end',
    (_, callers) => callers.some((c) => /^(buildReport|renderReportHtml|writeJsonLines|writeLetters)$/.test(c.name)),
  ],
  [
    'Step Functions interpreter (aws-local-stepfunctions, jsonpath-plus)',
    (f) => /aws-local-stepfunctions|jsonpath-plus|wildcard-match|p-limit/.test(f.url),
  ],
  ['store (in-memory adapters)', (f) => /local\/(memory-stores|dynamo)\.ts/.test(f.url)],
  ['clock (fake timers, work tracker)', (f) => /fake-timers|local\/(virtual-clock|work-tracker|schedule)\.ts/.test(f.url)],
  ['simulated debtors', (f) => /local\/(simulator|debtor-model)\//.test(f.url)],
  ['offline AWS stand-ins (platform, outboxes, event sources)', (f) => /\/local\//.test(f.url)],
  ['handlers: Powertools, middy, zod', (f) => /powertools|@middy|\/zod\//.test(f.url)],
  ['handlers: use cases and domain (shared/, functions/)', (f) => /\/(shared|functions)\//.test(f.url)],
  ['AWS SDK', (f) => /@smithy|@aws-sdk/.test(f.url)],
  ['Node (crypto, streams, buffers)', (f) => f.url.startsWith('node:')],
  ['garbage collector', (f) => f.name === '(garbage collector)'],
  ['idle', (f) => f.name === '(idle)' || f.name === '(program)'],
];

export function breakdown(profile: CpuProfile): Array<{ part: string; seconds: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfTime = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const spent = new Map<string, number>();
  for (const [id, micros] of selfTime) {
    const callers: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      callers.push({ name: functionName, url });
    }
    const own = callers[0]!;
    const frame = own.url ? own : { name: own.name, url: callers.find((c) => c.url)?.url ?? '' };
    const part = PARTS.find(([, belongs]) => belongs(frame, callers))?.[0] ?? 'other';
    spent.set(part, (spent.get(part) ?? 0) + micros);
  }
  return [...spent]
    .map(([part, micros]) => ({ part, seconds: +(micros / 1e6).toFixed(1), share: +((100 * micros) / total).toFixed(1) }))
    .sort((a, b) => b.seconds - a.seconds);
}

if (import.meta.main) {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: node bench/profile-breakdown.ts PROFILE.cpuprofile');
  for (const file of files) {
    const rows = breakdown(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    process.stdout.write(`${file}\n| part | CPU seconds | share |\n| --- | --- | --- |\n`);
    for (const row of rows) process.stdout.write(`| ${row.part} | ${row.seconds} | ${row.share}% |\n`);
  }
}
