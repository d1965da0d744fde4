// The smaller CLI commands, run as a user runs them.
import { execFile } from 'node:child_process';
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
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
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
    const mime = ['From: a@example.com', 'To: reply+x@r.example.com', 'Subject: Re: hi', 'Content-Type: text/plain', '', 'Please stop contacting me.', '', 'On Mon, Acme wrote:', '> Reply STOP to opt out', ''].join('\r\n');
    const email = await tactful(['parse-reply', '--channel', 'email'], mime);
    expect(JSON.parse(email.stdout)).toEqual({ intent: 'cease', text: 'Please stop contacting me.' });
  });

  it('says what is missing', async () => {
    expect((await tactful(['parse-reply', '--channel', 'sms'], '')).stderr).toContain('nothing on stdin');
    expect((await tactful(['parse-reply'], 'hi')).stderr).toContain('--channel must be sms or email');
  });
});

describe('tactful validate-placement and schema', () => {
  it('checks the examples, reports bad rows as JSON, and exits 2 for an unusable file', async () => {
    const ok = await tactful(['validate-placement', join(root, 'examples/placements.csv'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ accepted: 40, rejected: 0, errors: [] });
    const unusable = await tactful(['validate-placement', join(root, 'package.json')]);
    expect(unusable.code).toBe(2);
    expect(unusable.stdout).toContain('not usable: Not a readable CSV file');
  });

  it('prints the placement schema', async () => {
    const schema = JSON.parse((await tactful(['schema', 'placement'])).stdout);
    expect(schema.required).toEqual(expect.arrayContaining(['account_ref', 'debtor_name', 'balance', 'currency', 'delinquency_date']));
  });
});

describe('tactful preview', () => {
  it('renders an email as HTML and an SMS as text, in the creditor\'s brand and the asked locale', async () => {
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
