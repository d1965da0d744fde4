// Runs `tactful simulate` on the example portfolio as a user does (the bin, in a child process) into `out`.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simulate, type SimulationInput, type SimulationRun } from '../../local/simulator/simulate.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;

const example = (file: string) => join(ROOT, 'examples', file);

export interface SimulateOptions {
  /** Profiles (file names in examples/); more than one make a what-if comparison. */
  profiles?: string[];
  /** Shortens the horizon. */
  days?: number;
  /** The debtor model plays the debtors (`--debtors model`, no behaviour file) instead of the personas. */
  debtorModel?: boolean;
  /** Another portfolio: its placement CSV and behaviour JSON (default: the examples'). */
  portfolio?: { placements: string; behaviour: string };
  /** More options, e.g. ['--chaos', '0.1']. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

export async function simulateExamples(out: string, options: SimulateOptions = {}): Promise<{ stdout: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'bin/tactful.js'),
      'simulate',
      '--placements',
      options.portfolio?.placements ?? example('placements.csv'),
      ...(options.debtorModel ? ['--debtors', 'model'] : ['--behaviour', options.portfolio?.behaviour ?? example('behaviour.json')]),
      ...(options.profiles ?? ['creditor-profile.json']).flatMap((profile) => ['--profile', example(profile)]),
      '--seed',
      '7',
      ...(options.days !== undefined ? ['--days', String(options.days)] : []),
      '--out',
      out,
      ...(options.args ?? []),
    ],
    { cwd: ROOT, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...options.env } },
  );
  return { stdout };
}

/** A smaller portfolio for runs that must be quick: the examples' first account of each persona, written into `dir`. */
export function onePerPersona(dir: string): { placements: string; behaviour: string } {
  const behaviour = JSON.parse(readFileSync(example('behaviour.json'), 'utf8')) as Record<string, string>;
  const firsts = new Map<string, string>();
  for (const [ref, persona] of Object.entries(behaviour)) if (!firsts.has(persona)) firsts.set(persona, ref);
  const refs = new Set(firsts.values());
  const [header, ...rows] = readFileSync(example('placements.csv'), 'utf8').trim().split('\n');
  const placements = join(dir, 'placements.csv');
  writeFileSync(placements, `${[header, ...rows.filter((row) => refs.has(row.split(',')[0]!))].join('\n')}\n`);
  const chosen = join(dir, 'behaviour.json');
  writeFileSync(chosen, JSON.stringify(Object.fromEntries([...refs].map((ref) => [ref, behaviour[ref]]))));
  return { placements, behaviour: chosen };
}

/** A portfolio's simulation in this process, under the example profile, seed 7, from the examples' start. */
export function simulatePortfolio(
  portfolio: { placements: string; behaviour: string },
  options: Pick<SimulationInput, 'horizonDays'> & Partial<SimulationInput>,
): Promise<SimulationRun> {
  return simulate({
    placementsCsv: readFileSync(portfolio.placements, 'utf8'),
    placementsFileName: 'placements.csv',
    profile: JSON.parse(readFileSync(example('creditor-profile.json'), 'utf8')),
    behaviour: JSON.parse(readFileSync(portfolio.behaviour, 'utf8')),
    seed: 7,
    start: new Date('2026-03-02T14:00:00Z'),
    ...options,
  });
}
