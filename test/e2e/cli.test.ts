// The smaller CLI commands, run as a user runs them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function tactful(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(root, 'bin/tactful.js'), ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

describe('tactful --help', () => {
  it('lists every command, and each command prints its own usage for --help and -h', async () => {
    const overview = await tactful(['--help']);
    expect(overview.code).toBe(0);
    const commands = [...overview.stdout.matchAll(/^ {2}([a-z-]+) {2,}\S/gm)].map((m) => m[1]!);
    expect(commands).toEqual([
      'simulate',
      'validate-placement',
      'schema',
      'check-contact',
      'preview',
      'parse-reply',
      'review-queue',
      'audit',
      'smoke',
    ]);
    expect((await tactful([])).stdout).toBe(overview.stdout);
    const asked = commands.flatMap((command) => ['--help', '-h'].map((flag) => [command, flag]));
    const helps = await Promise.all(asked.map((args) => tactful(args)));
    for (const [i, help] of helps.entries()) {
      const [command, flag] = asked[i]!;
      expect(help.code, `${command} ${flag}`).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: tactful ${command}\\b`));
      expect(help.stdout).toContain('-h, --help');
    }
  });

  it('shows each option with its value, meaning and default', async () => {
    const { stdout } = await tactful(['parse-reply', '--help']);
    expect(stdout).toContain('--channel sms|email   the channel the message came by (required)');
    expect(stdout).toMatch(/--tz ZONE +the debtor's time zone, for those dates \(default America\/New_York\)/);
    expect((await tactful(['help', 'simulate'])).stdout).toMatch(/--days N +horizon.*\(default 120\)/);
  });

  it("agrees with the README's table of simulate's options and defaults", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `--([a-z]+)` \| (`[^`]+`|none) \|/gm)].map((m) => `${m[1]} ${m[2]!.replaceAll('`', '')}`);
    const { stdout } = await tactful(['simulate', '--help']);
    // An option line, and the continuation lines of its description up to the next option.
    const entries = stdout.split(/\n(?= {2}-)/).filter((e) => e.startsWith('  --'));
    const helped = entries.map((e) => `${/--([a-z]+)/.exec(e)![1]} ${/\(default ([^)]+)\)/.exec(e.replace(/\s+/g, ' '))?.[1] ?? 'none'}`);
    expect(documented).toEqual(helped);
  });

  it('points to the help when an option is unknown or missing', async () => {
    const unknown = await tactful(['simulate', '--dyas', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("tactful simulate: Unknown option '--dyas'");
    expect(unknown.stderr).toContain('Run "tactful simulate --help" for its options.');
    const missing = await tactful(['review-queue', '--creditor', 'acme']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tactful review-queue: needs --table NAME');
  });
});

describe('tactful check-contact', () => {
  it('answers each line, and an error for a line it cannot read, going on with the rest', async () => {
    const lines = [
      '{"at":"2026-03-02T12:30:00Z","channel":"sms","address":{"state":"TX"}}',
      'not json',
      '{"channel":"sms"}',
      '{"at":"2026-03-02T16:00:00Z","channel":"email","address":{"zip":"10001"},"flags":{"disputed":true}}',
    ];
    const { code, stdout } = await tactful(['check-contact'], lines.join('\n'));
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({
      allowed: false,
      reasons: ['outside-hours:America/Chicago', 'outside-hours:America/Denver'],
      nextAllowedAt: '2026-03-02T15:00:00.000Z',
    });
    expect(out[1]).toEqual({ error: 'not valid JSON' });
    expect(out[2].error).toMatch(/at: is required/);
    expect(out[3]).toEqual({ allowed: false, reasons: ['hard-stop:dispute'], nextAllowedAt: null });
  });
});

describe('tactful parse-reply', () => {
  it('reads an SMS and a raw email the way the inbound handlers do', async () => {
    const sms = await tactful(['parse-reply', '--channel', 'sms', '--at', '2026-03-02T15:00:00Z'], "I'll pay on friday");
    expect(JSON.parse(sms.stdout)).toEqual({ intent: 'promise', text: "I'll pay on friday", promiseDate: '2026-03-06' });
    const mime = [
      'From: a@example.com',
      'To: reply+x@r.example.com',
      'Subject: Re: hi',
      'Content-Type: text/plain',
      '',
      'Please stop contacting me.',
      '',
      'On Mon, Acme wrote:',
      '> Reply STOP to opt out',
      '',
    ].join('\r\n');
    const email = await tactful(['parse-reply', '--channel', 'email'], mime);
    expect(JSON.parse(email.stdout)).toEqual({ intent: 'cease', text: 'Please stop contacting me.' });
  });

  it("reads an email's dates from its Date: header when --at is not given", async () => {
    const mime = [
      'From: dana@example.com',
      'To: reply+x@r.example.com',
      'Subject: Re: your balance',
      'Date: Tue, 10 Feb 2026 09:15:00 -0500',
      'Content-Type: text/plain',
      '',
      'I can pay on Friday',
      '',
    ].join('\r\n');
    const dated = await tactful(['parse-reply', '--channel', 'email'], mime);
    expect(JSON.parse(dated.stdout)).toEqual({ intent: 'promise', text: 'I can pay on Friday', promiseDate: '2026-02-13' });
    const asked = await tactful(['parse-reply', '--channel', 'email', '--at', '2026-03-02T15:00:00Z'], mime);
    expect(JSON.parse(asked.stdout).promiseDate).toBe('2026-03-06');
  });

  it('says what is missing', async () => {
    expect((await tactful(['parse-reply', '--channel', 'sms'], '')).stderr).toContain('nothing on stdin');
    expect((await tactful(['parse-reply', '--channel', 'fax'], 'hi')).stderr).toContain('--channel must be sms or email');
    const missing = await tactful(['parse-reply'], 'hi');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tactful parse-reply: needs --channel sms|email');
  });
});

describe('tactful validate-placement and schema', () => {
  it('checks the examples, reports bad rows as JSON, and exits 2 for an unusable file', async () => {
    const ok = await tactful(['validate-placement', join(root, 'examples/placements.csv'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ accepted: 47, rejected: 0, errors: [] });
    const unusable = await tactful(['validate-placement', join(root, 'package.json')]);
    expect(unusable.code).toBe(2);
    expect(unusable.stdout).toContain('not usable: Not a readable CSV file');
  });

  it('prints the placement schema', async () => {
    const schema = JSON.parse((await tactful(['schema', 'placement'])).stdout);
    expect(schema.required).toEqual(expect.arrayContaining(['account_ref', 'debtor_name', 'balance', 'currency', 'delinquency_date']));
  });
});

describe('tactful simulate with rejected rows', () => {
  const header = 'account_ref,debtor_name,balance,currency,delinquency_date,email';
  const badRows = ['BAD1,Ann Lee,12.5O,USD,2025-01-10,ann@example.com', 'BAD2,,40.00,USD,2025-01-10,bo@example.com'];
  const rejectedLines = [
    '  line 2, balance: must be a decimal amount such as 1234.50 (digits and an optional decimal point only)',
    '  line 3, debtor_name: required',
  ];

  it('prints each rejected row as validate-placement does, and exits 2 at once when no row was placed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tactful-cli-'));
    const file = join(dir, 'bad.csv');
    await writeFile(file, [header, ...badRows, ''].join('\n'));
    const out = join(dir, 'out');
    const [simulated, validated] = await Promise.all([
      tactful(['simulate', '--placements', file, '--out', out]),
      tactful(['validate-placement', file]),
    ]);
    expect(simulated.code).toBe(2);
    expect(simulated.stdout).toContain(['Acknowledgement: 0 accepted, 0 already placed, 2 rejected', ...rejectedLines].join('\n'));
    expect(simulated.stderr).toContain('tactful simulate: no row of bad.csv was placed, so there is nothing to simulate');
    // Stopped before simulating any day: no timeline, no summary, no files.
    expect(simulated.stdout).not.toContain('Timeline');
    expect(existsSync(out)).toBe(false);
    expect(validated.stdout.split('\n').filter((l) => l.startsWith('  line '))).toEqual(rejectedLines);
  }, 180_000);

  it('simulates the rows it placed and lists the ones it rejected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tactful-cli-'));
    const file = join(dir, 'mixed.csv');
    await writeFile(file, [header, ...badRows, 'OK1,Cy Park,75.00,USD,2025-01-10,cy@example.com', ''].join('\n'));
    const { code, stdout } = await tactful(['simulate', '--placements', file, '--days', '1', '--out', join(dir, 'out')]);
    expect(code).toBe(0);
    expect(stdout).toContain(['Acknowledgement: 1 accepted, 0 already placed, 2 rejected', ...rejectedLines].join('\n'));
    expect(stdout).toContain('Placed 1 accounts');
  }, 180_000);
});

describe('tactful preview', () => {
  it("renders an email as HTML and an SMS as text, in the creditor's brand and the asked locale", async () => {
    const profile = join(root, 'examples/creditor-profile.json');
    const email = await tactful(['preview', '--creditor', profile, '--template', 'soft-reminder', '--channel', 'email']);
    expect(email.code).toBe(0);
    expect(email.stdout).toMatch(/^<!doctype html>/i);
    expect(email.stdout).toContain('Acme Energy');
    const sms = await tactful(['preview', '--creditor', profile, '--template', 'escalation', '--locale', 'es', '--channel', 'sms']);
    expect(sms.stdout).toMatch(/^Acme Energy: Hola/);
    expect(sms.stdout).toContain('STOP');
  });

  it('says what it expects when the template is unknown', async () => {
    const { code, stderr } = await tactful(['preview', '--template', 'threat']);
    expect(code).toBe(1);
    expect(stderr).toContain('--template must be one of soft-reminder');
  });
});
