// The whole platform offline, as a user runs it: `tactful simulate` on the example portfolio.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simulateExamples } from '../support/simulate-examples.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/placements/csv.ts';
import { EXPECTED_OUTCOME, PERSONAS, type Persona } from '../../local/simulator/personas.ts';
import type { SimulationReport } from '../../local/simulator/report.ts';

const root = new URL('../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'tactful-e2e-'));
let stdout = '';
let report: SimulationReport;

beforeAll(async () => {
  ({ stdout } = await simulateExamples(out));
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('tactful simulate on the examples', () => {
  it('covers every persona, and each ends as its persona should', () => {
    const behaviour = JSON.parse(readFileSync(join(root, 'examples/behaviour.json'), 'utf8')) as Record<string, Persona>;
    expect(new Set(Object.values(behaviour))).toEqual(new Set(PERSONAS));
    expect(report.accounts).toHaveLength(Object.keys(behaviour).length);
    for (const account of report.accounts) {
      expect({ ref: account.accountRef, outcome: account.outcome }).toEqual({
        ref: account.accountRef,
        outcome: EXPECTED_OUTCOME[behaviour[account.accountRef]!],
      });
    }
  });

  it('leaves every account resolved or parked at a stated hold', () => {
    for (const account of report.accounts) {
      const resolved = account.execution.status === 'SUCCEEDED';
      expect(resolved || account.outcome.startsWith('hold:')).toBe(true);
    }
    expect(report.summary.placed).toBe(report.summary.resolved + report.summary.held);
  });

  it('writes the report and the outbox in the documented shape', () => {
    // Written an account at a time, report.json still reads as JSON.stringify(report, null, 2) writes it.
    const text = readFileSync(join(out, 'report.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const account = report.accounts[0]!;
    for (const field of ['accountRef', 'outcome', 'stage', 'transitions', 'events']) expect(account).toHaveProperty(field);
    for (const field of ['placed', 'resolved', 'collected', 'recoveryRate']) expect(report.summary).toHaveProperty(field);
    expect(report.summary.recoveryRate).toBeGreaterThan(0);
    const lines = readFileSync(join(out, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(report.summary.messagesSent + report.summary.messagesSuppressed);
    for (const line of lines) {
      expect(Number.isNaN(Date.parse(line.at))).toBe(false);
      expect(['email', 'sms']).toContain(line.channel);
      expect(['sent', 'suppressed']).toContain(line.status);
      expect(typeof line.stage).toBe('string');
      expect(typeof line.accountRef).toBe('string');
      if (line.status === 'suppressed') expect(line.reason).toMatch(/\S/);
    }
    // Suppressed for a reason: a text the debtor opted out of, or an email after a spam complaint (ACC-1042). (Phone-only
    // debtors get the validation notice by letter.)
    const reasons = new Set(lines.filter((l) => l.status === 'suppressed').map((l) => l.reason));
    expect([...reasons].sort()).toEqual(['opted-out:email', 'opted-out:sms']);
  });

  it("changes the accounts at AWS's simulator addresses and number as their delivery events say", () => {
    const account = (ref: string) => report.accounts.find((a) => a.accountRef === ref)!;
    const types = (ref: string) => account(ref).events.map((e) => e.type);
    const sentAfter = (ref: string, type: string, channel: string) => {
      const at = account(ref).events.find((e) => e.type === type)!.at;
      return account(ref).events.filter((e) => e.type === 'touch-sent' && e.channel === channel && e.at > at);
    };
    // bounce@simulator.amazonses.com: a hard bounce; the address is never mailed again, texts go on.
    expect(types('ACC-1041')).toContain('delivery-bounced');
    expect(sentAfter('ACC-1041', 'delivery-bounced', 'email')).toEqual([]);
    expect(sentAfter('ACC-1041', 'delivery-bounced', 'sms').length).toBeGreaterThan(0);
    // complaint@simulator.amazonses.com: delivered, then a complaint; opted out of email.
    expect(types('ACC-1042')).toEqual(expect.arrayContaining(['delivery-delivered', 'delivery-complained']));
    expect(sentAfter('ACC-1042', 'delivery-complained', 'email')).toEqual([]);
    // The failure simulator number, and no email: unreachable, nothing left to try.
    expect(types('ACC-1043')).toContain('delivery-failed');
    expect(account('ACC-1043').touches.sent).toBe(1);
    expect(stdout).toMatch(/ACC-1041 .*email:bounced/);
    expect(stdout).toMatch(/ACC-1042 .*email:complaint/);
    expect(stdout).toMatch(/ACC-1043 .*sms:failed\(TEXT_UNREACHABLE\)/);
    expect(report.kpis.bounceRate.count).toBe(1);
    expect(report.kpis.complaintRate.count).toBe(1);
    expect(report.kpis.deliveryRate.n).toBe(3);
  });

  it('mails the validation notice to every phone-only debtor the agency takes over, before its first text to them', () => {
    const placements = parseCsv(readFileSync(join(root, 'examples/placements.csv'), 'utf8')).records.map((r) => r.values);
    const phoneOnly = new Set(placements.filter((p) => !p.email).map((p) => p.account_ref!));
    const outbox = readFileSync(join(out, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: string; accountRef: string; channel: string; status: string; stage: string });
    const letters = readFileSync(join(out, 'letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { at: string; accountRef: string; expectedDeliveryDate: string; validationEndsOn: string; file: string },
      );
    const agencyTexts = outbox.filter((o) => o.stage === 'ThirdParty' && o.status === 'sent');
    const takenOver = new Set(
      report.accounts.filter((a) => a.events.some((e) => e.type === 'stage-entered' && e.stage === 'ThirdParty')).map((a) => a.accountRef),
    );
    // No usable email: none in the placement, or a hard bounce or a complaint took it away (ACC-1041, ACC-1042).
    const emailLost = new Set(
      report.accounts
        .filter((a) =>
          a.events.some((e) => e.type === 'delivery-complained' || (e.type === 'delivery-bounced' && e.bounceType === 'permanent')),
        )
        .map((a) => a.accountRef),
    );
    const expected = [...phoneOnly, ...emailLost].filter((ref) => takenOver.has(ref)).sort();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(letters.map((l) => l.accountRef).sort()).toEqual(expected);
    for (const letter of letters) {
      const texts = agencyTexts.filter((o) => o.accountRef === letter.accountRef);
      // Agency texts follow the letter; none went before it.
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text.at >= letter.at).toBe(true);
      // Delivery assumed five business days after mailing at the earliest; the period ends 30 days after it.
      expect(Date.parse(letter.expectedDeliveryDate) - Date.parse(letter.at.slice(0, 10))).toBeGreaterThanOrEqual(5 * 86_400_000);
      expect(Date.parse(letter.validationEndsOn) - Date.parse(letter.expectedDeliveryDate)).toBe(30 * 86_400_000);
      const html = readFileSync(join(out, letter.file), 'utf8');
      const placed = placements.find((p) => p.account_ref === letter.accountRef)!;
      expect(html).toContain(placed.address_line1);
      expect(html).toMatch(/is a debt collector/);
    }
  });

  it('prints progress, a timeline per account and the summary', () => {
    expect(stdout).toMatch(/day +7 /);
    for (const account of report.accounts) expect(stdout).toContain(account.accountRef);
    expect(stdout).toMatch(new RegExp(`Placed ${report.accounts.length} accounts`));
    expect(stdout).toMatch(/recovery rate/);
  });

  it('sent nothing the auditor finds against the contact rules', async () => {
    const audit = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/tactful.js'), 'audit', '--placements', join(root, 'examples/placements.csv'), '--outbox', join(out, 'outbox.jsonl')],
      { cwd: root },
    );
    const replies = readFileSync(join(out, 'replies.jsonl'), 'utf8').trim().split('\n');
    expect(replies.length).toBeGreaterThan(10);
    const instructions = readFileSync(join(out, 'instructions.jsonl'), 'utf8').trim().split('\n');
    const pageActions = readFileSync(join(out, 'page-actions.jsonl'), 'utf8').trim().split('\n');
    expect(pageActions).toHaveLength(8);
    expect(audit.stdout.trim()).toBe(
      `${report.summary.messagesSent} messages sent checked against the contact rules (${replies.length} debtor replies, ${pageActions.length} page actions and ${instructions.length} creditor instructions considered): 0 violations`,
    );
  });

  it("keeps every debtor's PII out of execution names, inputs, outputs, histories and logs (the page's and the webhook's too)", () => {
    const placements = parseCsv(readFileSync(join(root, 'examples/placements.csv'), 'utf8'));
    const pii = placements.records.flatMap(({ values }) => {
      const digits = values.phone?.replace(/\D/g, '');
      return [values.debtor_name, values.email, values.address_line1, digits && `+1${digits}`, digits].filter((v): v is string =>
        Boolean(v && v.length > 3),
      );
    });
    // And what a debtor wrote on the page: the dispute's note (it goes to the review queue only).
    const note = 'Pagué una parte en marzo';
    expect(readFileSync(join(out, 'review-queue.jsonl'), 'utf8')).toContain(note);
    pii.push(note);
    expect(pii.length).toBeGreaterThan(60);
    const executions = readFileSync(join(out, 'executions.jsonl'), 'utf8');
    const logs = readFileSync(join(out, 'lambda-logs.jsonl'), 'utf8');
    expect(executions.length).toBeGreaterThan(10_000);
    expect(logs.length).toBeGreaterThan(1_000);
    // The scan covers the debtor's page and the Stripe webhook, which the page personas used.
    const logged = new Set(
      logs
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { function: string }).function),
    );
    for (const fn of ['portal', 'stripe-webhook']) expect(logged).toContain(fn);
    const leaks = pii.filter((value) => executions.includes(value) || logs.includes(value));
    expect(leaks).toEqual([]);
    const daily = join(out, 'creditors/acme-energy/outbox/daily');
    const dailyText = readdirSync(daily)
      .map((file) => readFileSync(join(daily, file), 'utf8'))
      .join('\n');
    expect(pii.filter((value) => dailyText.includes(value))).toEqual([]);
  });

  it("writes the creditor's daily files for every simulated day, the last status listing only the held accounts", () => {
    const daily = join(out, 'creditors/acme-energy/outbox/daily');
    const statusFiles = readdirSync(daily)
      .filter((f) => f.startsWith('status-'))
      .sort();
    expect(statusFiles[0]).toBe('status-2026-03-02.csv');
    expect(statusFiles).toHaveLength(120);
    const last = parseCsv(readFileSync(join(daily, statusFiles.at(-1)!), 'utf8')).records.map((r) => r.values);
    const held = report.accounts
      .filter((a) => a.outcome.startsWith('hold:'))
      .map((a) => a.accountRef)
      .sort();
    expect(last.map((r) => r.account_ref)).toEqual(held);
    expect(last.every((r) => r.status === 'open' && r.next_step_reason === 'hold:dispute')).toBe(true);
    const remitted = readdirSync(daily)
      .filter((f) => f.startsWith('remittance-'))
      .flatMap((f) => parseCsv(readFileSync(join(daily, f), 'utf8')).records);
    const kpis = JSON.parse(readFileSync(join(daily, statusFiles.at(-1)!.replace('status-', 'kpis-').replace('.csv', '.json')), 'utf8'));
    const collectedMinor = remitted.reduce((sum, r) => sum + Math.round(Number(r.values.amount) * 100), 0);
    expect(kpis.kpis.collected.amountMinor).toBe(collectedMinor);
  });
});
