// A small offline world for workflow tests: the real template and handlers on the local platform, one creditor,
// a placement file, and helpers to act at virtual times and read back what the workflows did.
import { readFileSync } from 'node:fs';
import { accountIdFor } from '../../shared/accounts/account.ts';
import { foldAccount, type AccountState } from '../../shared/accounts/fold.ts';
import { parseCreditorProfile, type CreditorProfileInput } from '../../shared/creditors/profile.ts';
import { toCsv } from '../../shared/reports/csv.ts';
import { LocalPlatform, type LocalPlatformOptions } from '../../local/platform.ts';
import type { Template } from '../../local/intrinsics.ts';
import type { InboundMailEnvelope } from '../../local/event-sources.ts';
import { synthTemplate } from '../../infra/synth.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 2026-03-02, 09:00 in New York. */
export const START = new Date('2026-03-02T14:00:00Z');

export const EXAMPLE_PROFILE = JSON.parse(
  readFileSync(new URL('../../examples/creditor-profile.json', import.meta.url), 'utf8'),
) as CreditorProfileInput;

const HEADER = 'account_ref,debtor_name,balance,currency,delinquency_date,email,phone,address_line1,city,state,zip,customer_tier';

export interface DebtorRow {
  ref: string;
  balance?: string;
  email?: string;
  phone?: string;
  state?: string;
  /** Without one, no letter can go to the debtor (the validation notice by letter needs line 1 and ZIP). */
  zip?: string;
  tier?: string;
}

/** SES's verdicts on an inbound mail. */
export type MailVerdicts = Partial<Pick<InboundMailEnvelope, 'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus'>>;

let cachedTemplate: Template | undefined;
/** One synthesis per test file: the template does not change between tests. */
export function template(): Template {
  cachedTemplate ??= synthTemplate({ validate: false }) as Template;
  return cachedTemplate;
}

export class World {
  readonly platform: LocalPlatform;
  readonly creditorId: string;

  private constructor(platform: LocalPlatform, creditorId: string) {
    this.platform = platform;
    this.creditorId = creditorId;
  }

  static async start(
    debtors: DebtorRow[],
    profile: Partial<CreditorProfileInput> = {},
    options: Pick<LocalPlatformOptions, 'schedules' | 'sendingDomainVerifyAfterMs'> = {},
  ): Promise<World> {
    const platform = await LocalPlatform.start({ start: START, template: template(), ...options });
    const accepted = parseCreditorProfile({ ...EXAMPLE_PROFILE, ...profile });
    await platform.onboardCreditor(accepted);
    const world = new World(platform, accepted.creditorId);
    const rows = debtors.map((d, i) =>
      [
        d.ref,
        `Test Debtor ${i}`,
        d.balance ?? '500.00',
        'USD',
        '2025-06-01',
        d.email ?? '',
        d.phone ?? '',
        '1 Main St',
        'Town',
        d.state ?? 'NY',
        d.zip ?? '',
        d.tier ?? '',
      ].join(','),
    );
    await platform.putObject(`creditors/${accepted.creditorId}/inbox/placements/test.csv`, `${[HEADER, ...rows].join('\n')}\n`);
    return world;
  }

  accountId(ref: string): string {
    return accountIdFor(this.creditorId, ref);
  }

  /** Schedules an action at a virtual offset from the start. */
  at(offsetMs: number, action: () => Promise<unknown>): void {
    setTimeout(() => void this.platform.tracker.track(action), START.getTime() + offsetMs - Date.now());
  }

  async runFor(days: number): Promise<void> {
    await this.platform.clock.runUntil(new Date(START.getTime() + days * DAY));
  }

  async state(ref: string): Promise<AccountState> {
    const history = await this.platform.store.loadHistory(this.accountId(ref));
    if (!history) throw new Error(`${ref} was not placed`);
    return foldAccount(this.accountId(ref), history.events);
  }

  execution(ref: string) {
    const execution = this.platform.stepFunctions.execution('Lifecycle', this.accountId(ref));
    if (!execution) throw new Error(`No Lifecycle execution for ${ref}`);
    return execution;
  }

  /** The states the account's execution entered, in order. */
  statesEntered(ref: string): string[] {
    return this.execution(ref)
      .history.filter((h) => h.type === 'StateEntered')
      .map((h) => (h.state as { name: string }).name);
  }

  /** The action of each Act task the account's execution entered, in order (Act's function is the plan's action). */
  actsTaken(ref: string): string[] {
    return this.execution(ref).history.flatMap((h) => {
      const state = h.state as { name: string; input: { plan: { action: string } } } | undefined;
      return h.type === 'StateEntered' && state?.name === 'Act' ? [state.input.plan.action] : [];
    });
  }

  /** The debtor texts back from the phone the platform texted. */
  async textBack(ref: string, body: string, id = `${ref}-${body}`): Promise<void> {
    const sms = this.platform.sms.sent.find((m) => m.touchId.startsWith(this.accountId(ref)));
    if (!sms) throw new Error(`${ref} was never texted`);
    await this.platform.receiveSms({
      originationNumber: sms.to,
      destinationNumber: sms.originationIdentity,
      messageKeyword: body.trim().split(/\s+/)[0]!.toUpperCase(),
      messageBody: body,
      inboundMessageId: id,
    });
  }

  /** The debtor answers the last email the platform sent them. */
  async emailBack(ref: string, body: string, verdicts: MailVerdicts = {}): Promise<void> {
    const mail = this.platform.email.sent.findLast((m) => m.touchId.startsWith(this.accountId(ref)));
    if (!mail) throw new Error(`${ref} was never emailed`);
    await this.receiveMail({ from: mail.to, to: mail.replyTo, subject: `Re: ${mail.subject}`, body, ...verdicts });
  }

  /** Any mail to the reply domain, with SES's verdicts on it (PASS unless said): a forger's, for instance. */
  async receiveMail(mail: { from: string; to: string; subject: string; body: string } & MailVerdicts): Promise<void> {
    const { from, to, subject, body, ...verdicts } = mail;
    const mime = [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8', '', body, ''];
    await this.platform.receiveEmail(mime.join('\r\n'), { from, to: [to], subject, ...verdicts });
  }

  /** The creditor uploads an instruction file. */
  async instruct(name: string, rows: Array<Record<string, string>>): Promise<void> {
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    await this.platform.putObject(
      `creditors/${this.creditorId}/inbox/instructions/${name}.csv`,
      toCsv(
        header,
        rows.map((r) => header.map((h) => r[h] ?? '')),
      ),
    );
  }

  async close(): Promise<void> {
    await this.platform.close();
  }
}
