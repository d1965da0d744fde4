// Runs `tactful simulate` on the example portfolio as a user does (the bin, in a child process) into `out`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** `profiles` (file names in examples/) more than one make a what-if comparison; `days` shortens the horizon. */
export async function simulateExamples(out: string, options: { profiles?: string[]; days?: number } = {}): Promise<{ stdout: string }> {
  const example = (file: string) => join(ROOT, 'examples', file);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'bin/tactful.js'),
      'simulate',
      '--placements',
      example('placements.csv'),
      '--behaviour',
      example('behaviour.json'),
      ...(options.profiles ?? ['creditor-profile.json']).flatMap((profile) => ['--profile', example(profile)]),
      '--seed',
      '7',
      ...(options.days !== undefined ? ['--days', String(options.days)] : []),
      '--out',
      out,
    ],
    { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
  );
  return { stdout };
}
