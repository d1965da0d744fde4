// Runs `tactful simulate` on the example portfolio as a user does (the bin, in a child process) into `out`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = new URL('../../', import.meta.url).pathname;

export async function simulateExamples(out: string): Promise<{ stdout: string }> {
  const example = (file: string) => join(ROOT, 'examples', file);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'bin/tactful.js'),
      'simulate',
      '--placements', example('placements.csv'),
      '--behaviour', example('behaviour.json'),
      '--profile', example('creditor-profile.json'),
      '--seed', '7',
      '--out', out,
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return { stdout };
}
