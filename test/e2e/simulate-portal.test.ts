// `tactful simulate --portal PORT` as a user runs it: after the run the debtor's page of every simulated account stays
// open, linked from /accounts, until Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** A port nothing listens on now: the OS picks it, and the probe lets it go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

it("keeps every account's page open on --portal PORT until Ctrl-C", async () => {
  const port = await freePort();
  const out = await mkdtemp(join(tmpdir(), 'tactful-portal-'));
  const child = spawn(process.execPath, [join(root, 'bin/tactful.js'), 'simulate', '--days', '2', '--out', out, '--portal', String(port)], {
    cwd: root,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (stdout.includes('Ctrl-C to stop.')) resolve();
      });
      void exited.then((code) => reject(new Error(`simulate exited (${code}) before serving: ${stderr}`)));
    });
    const index = `http://127.0.0.1:${port}/accounts`;
    expect(stdout).toContain(`Every account's page is linked from ${index}`);
    const accounts = await fetch(index);
    expect(accounts.status).toBe(200);
    const links = [...(await accounts.text()).matchAll(/<a href="([^"]+)">acme[^<]*<\/a>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    // Every account the run placed has its link.
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { accounts: unknown[] };
    expect(links).toHaveLength(report.accounts.length);
    expect(links[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?t=`));
    const page = await fetch(links[0]!);
    expect(page.status).toBe(200);
    // The account's own page, in its language, with its balance.
    expect(await page.text()).toMatch(/<h1>[^<]*Acme Energy<\/h1>[\s\S]*class="balance">\$/);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  await expect(fetch(`http://127.0.0.1:${port}/accounts`)).rejects.toThrow();
}, 300_000);

it('refuses --portal with more than one profile, and a --portal that is not a port', async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(root, 'bin/tactful.js'), 'simulate', ...args], { cwd: root });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk;
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  const profiles = ['--profile', 'examples/creditor-profile.json', '--profile', 'examples/creditor-profile.challenger.json'];
  const twoProfiles = await run([...profiles, '--portal', '8006']);
  expect(twoProfiles.code).not.toBe(0);
  expect(twoProfiles.stderr).toContain('--portal works with one --profile only');
  const notAPort = await run(['--portal', '70000']);
  expect(notAPort.code).not.toBe(0);
  expect(notAPort.stderr).toContain('--portal takes a port number, got "70000"');
});
