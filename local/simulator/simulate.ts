// `tactful simulate`: places a file through the real Ingest workflow, runs every account's real Lifecycle workflow
// on the virtual clock, plays each debtor by persona or by the stochastic debtor model, and reports what happened.
import { accountIdFor } from '../../shared/accounts/account.ts';
import { parseTouchId } from '../../shared/accounts/touch-id.ts';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { activePlan, foldAccount, type AccountState } from '../../shared/accounts/fold.ts';
import { instalmentSchedule, owedFor } from '../../shared/strategy/payment-plan.ts';
import { outboxKey } from '../../shared/creditors/inbox.ts';
import { parseCreditorProfile, type CreditorProfile } from '../../shared/creditors/profile.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import { minorToDecimal } from '../../shared/money.ts';
import { toCsv } from '../../shared/reports/csv.ts';
import type { Acknowledgement } from '../../shared/usecases/acknowledge-placements.ts';
import { templateKindFor } from '../../shared/usecases/send-touch.ts';
import { LocalPlatform, type StoreKind } from '../platform.ts';
import type { SesInbox } from '../ses-inbox.ts';
import type { SentEmail, SentSms } from '../outboxes.ts';
import { ModelPlayer } from '../debtor-model/player.ts';
import type { DebtorModel } from '../debtor-model/schema.ts';
import { syntheticPlacements } from '../debtor-model/synthetic-accounts.ts';
import type { DebtorPlayer, PageVisit, Reaction } from './debtor-player.ts';
import { PageVisitor, type PageVisitOutcome } from './page-visitor.ts';
import { PERSONAS, PersonaPlayer, seededRandom, type Persona } from './personas.ts';
import { buildReport, type SimulationReport } from './report.ts';

export interface SimulationInput {
  placementsCsv: string;
  placementsFileName: string;
  profile: unknown;
  behaviour: Record<string, string>;
  /** Debtors played by this stochastic model instead of personas (then `behaviour` must be empty). */
  debtorModel?: DebtorModel;
  /** Places this many synthetic accounts sampled from the file's balances, places and languages instead of its rows. */
  accounts?: number;
  seed: number;
  start: Date;
  horizonDays: number;
  /** Called with one line of progress at a time. */
  progress?: (line: string) => void;
  /** An SES inbox to send through that outlives the run (to browse the emails afterwards). */
  inbox?: SesInbox;
  /** Chaos mode: the share of the handlers' AWS calls that fail, and of sends that crash (`local/chaos.ts`). */
  chaos?: number;
  /** Where accounts and creditors live (LocalPlatformOptions.store): the embedded DynamoDB unless told. */
  store?: StoreKind;
  /** Keep no execution histories and no email bodies (LocalPlatformOptions.lean); unless told, above LEAN_ABOVE_ACCOUNTS. */
  lean?: boolean;
}

export interface SimulationRun {
  report: SimulationReport;
  /** What the Ingest workflow told the creditor about the file: counts and every rejected row. */
  acknowledgement: Acknowledgement;
  replies: SimulatedReply[];
  instructions: SimulatedInstruction[];
  pageVisits: SimulatedPageVisit[];
  platform: LocalPlatform;
  /** Each account's debtor as the reports name it: its persona, or its segment of the debtor model. */
  personas: Map<string, string>;
  /** The placement file placed: the input's, or the synthetic one `accounts` asked for. */
  placementsCsv: string;
  /** A big run keeps no execution histories and no email bodies (LocalPlatformOptions.lean). */
  lean: boolean;
}

/** Above this many accounts a run is lean (no execution histories, no email bodies kept): its memory stays flat. */
export const LEAN_ABOVE_ACCOUNTS = 500;

const MINUTE = 60_000;

/** Ingest placed no row of the file (each was rejected, or the file was refused whole): there is nothing to simulate. */
export class NothingPlacedError extends Error {
  readonly acknowledgement: Acknowledgement;

  constructor(acknowledgement: Acknowledgement) {
    super(`no row of ${acknowledgement.file} was placed, so there is nothing to simulate`);
    this.name = 'NothingPlacedError';
    this.acknowledgement = acknowledgement;
  }
}

const DAY = 86_400_000;

/** Runs the simulation; the caller closes `platform` when it has read what it needs. */
export async function simulate(input: SimulationInput): Promise<SimulationRun> {
  const profile = parseCreditorProfile(input.profile);
  const placementsCsv =
    input.accounts === undefined ? input.placementsCsv : syntheticPlacements(input.placementsCsv, input.accounts, input.seed);
  const placements = parseCsv(placementsCsv);
  const refs = placements.records.map((r) => r.values.account_ref ?? '');
  const player = debtorPlayer(input, placements.records, refs);
  const personas = new Map(refs.map((ref) => [ref, player.label(ref)]));
  const refByAccount = new Map(
    placements.records.map((r) => [accountIdFor(profile.creditorId, r.values.account_ref ?? ''), r.values.account_ref ?? '']),
  );

  const lean = input.lean ?? (input.inbox === undefined && placements.records.length > LEAN_ABOVE_ACCOUNTS);
  const platform = await LocalPlatform.start({
    lean,
    start: input.start,
    seed: input.seed,
    schedules: true,
    ...(input.inbox ? { inbox: input.inbox } : {}),
    ...(input.chaos ? { chaos: input.chaos } : {}),
    ...(input.store ? { store: input.store } : {}),
  });
  try {
    await platform.onboardCreditor(profile);
    const debtors = new SimulatedDebtors(platform, profile, player, refByAccount);
    debtors.listen();

    await platform.putObject(`creditors/${profile.creditorId}/inbox/placements/${input.placementsFileName}`, placementsCsv);
    const horizon = new Date(input.start.getTime() + input.horizonDays * DAY);
    const ackKey = outboxKey(profile.creditorId, 'acknowledgements', `${input.placementsFileName}.ack.json`);
    const acknowledgement = await placementAcknowledgement(platform, ackKey, horizon);
    if (acknowledgement.accepted === 0) throw new NothingPlacedError(acknowledgement);
    let lastDay = -1;
    await platform.clock.runUntil(horizon, (now) => {
      const day = Math.floor((now.getTime() - input.start.getTime()) / DAY);
      if (day === lastDay || day % 7 !== 0) return;
      lastDay = day;
      const lifecycles = platform.stepFunctions.executions().filter((e) => e.machine === 'Lifecycle');
      const done = lifecycles.filter((e) => e.status !== 'RUNNING').length;
      input.progress?.(
        `day ${String(day).padStart(3)}  ${done}/${lifecycles.length} accounts finished, ${platform.email.sent.length} emails and ${platform.sms.sent.length} texts sent`,
      );
    });

    if (debtors.failures.length > 0) {
      throw new Error(`${debtors.failures.length} simulated replies or instructions failed, first: ${debtors.failures[0]}`);
    }
    const [lost] = platform.failedInvocations;
    if (lost) {
      throw new Error(`${platform.failedInvocations.length} deliveries failed every attempt, first: ${lost.function}: ${lost.error}`);
    }
    const report = await buildReport(platform, {
      creditorId: profile.creditorId,
      refByAccount,
      personas,
      start: input.start,
      reachedAt: platform.clock.now(),
    });
    return {
      report,
      acknowledgement,
      platform,
      personas,
      placementsCsv,
      lean,
      replies: debtors.replies,
      instructions: debtors.instructions,
      pageVisits: debtors.pageVisits,
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

/** The acknowledgement Ingest writes when it has read every row: at once, later only while its tasks retry. */
async function placementAcknowledgement(platform: LocalPlatform, key: string, horizon: Date): Promise<Acknowledgement> {
  await platform.clock.settle();
  const ingest = () => platform.stepFunctions.executions().find((e) => e.machine === 'Ingest');
  while (platform.files.keys(key).length === 0 && ingest()?.status === 'RUNNING' && platform.clock.now() < horizon) {
    await platform.clock.runUntil(new Date(platform.clock.now().getTime() + MINUTE));
  }
  if (platform.files.keys(key).length === 0) {
    throw new Error(`Ingest wrote no acknowledgement of the placement file (its workflow: ${ingest()?.status ?? 'never started'})`);
  }
  return JSON.parse(await platform.files.getText(key)) as Acknowledgement;
}

function debtorPlayer(input: SimulationInput, rows: ReturnType<typeof parseCsv>['records'], refs: string[]): DebtorPlayer {
  if (!input.debtorModel) return new PersonaPlayer(assignPersonas(refs, input.behaviour, input.seed), input.seed);
  if (Object.keys(input.behaviour).length > 0) throw new Error('a behaviour file assigns personas; the debtor model plays every debtor');
  return new ModelPlayer(
    input.debtorModel,
    input.seed,
    rows.map((r) => r.values),
  );
}

export function assignPersonas(accountRefs: string[], behaviour: Record<string, string>, seed: number): Map<string, Persona> {
  const random = seededRandom(seed);
  const assigned = new Map<string, Persona>();
  for (const ref of accountRefs) {
    const chosen = behaviour[ref];
    if (chosen !== undefined && !PERSONAS.includes(chosen as Persona)) {
      throw new Error(`Unknown persona "${chosen}" for ${ref}; expected one of ${PERSONAS.join(', ')}`);
    }
    assigned.set(ref, (chosen as Persona | undefined) ?? PERSONAS[Math.floor(random() * PERSONAS.length)]!);
  }
  return assigned;
}

/** What a simulated debtor actually sent: the auditor's independent view of replies. */
export interface SimulatedReply {
  at: string;
  accountRef: string;
  channel: 'email' | 'sms';
  text: string;
}

/** What the simulated creditor instructed: the auditor's view of dispute answers and other creditor facts. */
export interface SimulatedInstruction {
  at: string;
  accountRef: string;
  action: string;
}

/** What a simulated debtor did on the page, and what the page said. */
export interface SimulatedPageVisit {
  at: string;
  accountRef: string;
  visit: PageVisit;
  outcome: PageVisitOutcome;
  /** Every address it opened or posted to, in order (the checkout's included). */
  urls: string[];
}

class SimulatedDebtors {
  readonly failures: string[] = [];
  readonly replies: SimulatedReply[] = [];
  readonly instructions: SimulatedInstruction[] = [];
  readonly pageVisits: SimulatedPageVisit[] = [];
  private readonly page: PageVisitor;
  private readonly instructed = new Map<string, number>();
  private readonly platform: LocalPlatform;
  private readonly profile: CreditorProfile;
  private readonly player: DebtorPlayer;
  private readonly refByAccount: Map<string, string>;

  constructor(platform: LocalPlatform, profile: CreditorProfile, player: DebtorPlayer, refByAccount: Map<string, string>) {
    this.platform = platform;
    this.profile = profile;
    this.player = player;
    this.refByAccount = refByAccount;
    this.page = new PageVisitor(platform);
  }

  listen(): void {
    this.platform.email.onSend((mail) => this.onMessage('email', mail.touchId, mail));
    this.platform.sms.onSend((text) => this.onMessage('sms', text.touchId, text));
    // The creditor answers every hand-off request the next day, approving it.
    this.platform.files.onPut(({ key }) => {
      const match = /^creditors\/[^/]+\/outbox\/handoff-requests\/(acc-[0-9a-f]{24})\.csv$/.exec(key);
      if (match) this.later(DAY, () => this.instruct(match[1]!, 'approve-handoff'));
    });
  }

  /** A debtor reads a message a minute after it arrives: a closing survey gets its score, anything else its reactions. */
  private onMessage(channel: 'email' | 'sms', touchId: string, message: SentEmail | SentSms): void {
    const accountId = parseTouchId(touchId)?.accountId;
    const ref = accountId && this.refByAccount.get(accountId);
    if (!accountId || !ref) return;
    this.later(MINUTE, async () => {
      const history = await this.platform.store.loadHistory(accountId);
      const kind = messageKind(accountId, history?.events ?? [], touchId);
      const received = {
        accountId,
        accountRef: ref,
        channel,
        touchId,
        kind,
        stage: parseTouchId(touchId)?.stage ?? '',
        at: new Date(message.at),
      };
      if (kind === 'survey') {
        const score = this.player.surveyScore(received);
        if (score)
          this.later(2 * 60 * MINUTE, () =>
            this.act(accountId, channel, message, { afterMinutes: 0, reply: { text: score, channel: 'same' } }),
          );
        return;
      }
      if (kind === 'thank-you') return;
      for (const reaction of this.player.react(received)) {
        this.later(Math.max(0, reaction.afterMinutes - 1) * MINUTE, () => this.act(accountId, channel, message, reaction));
      }
    });
  }

  private async act(accountId: string, channel: 'email' | 'sms', message: SentEmail | SentSms, reaction: Reaction): Promise<void> {
    if (reaction.reply) {
      const replyChannel = reaction.reply.channel === 'same' ? channel : reaction.reply.channel;
      const accountRef = this.refByAccount.get(accountId)!;
      this.replies.push({ at: new Date().toISOString(), accountRef, channel: replyChannel, text: reaction.reply.text });
      if (replyChannel === 'sms' && 'originationIdentity' in message) {
        await this.platform.receiveSms({
          originationNumber: message.to,
          destinationNumber: message.originationIdentity,
          messageKeyword: reaction.reply.text.split(/\s+/)[0]!.toUpperCase(),
          messageBody: reaction.reply.text,
          inboundMessageId: `sim-${message.messageId}`,
        });
      } else if ('replyTo' in message) {
        await this.platform.receiveEmail(replyMime(message, reaction.reply.text), {
          from: message.to,
          to: [message.replyTo],
          subject: `Re: ${message.subject}`,
        });
      }
    }
    if (reaction.pay === 'now') await this.instruct(accountId, 'payment');
    if (reaction.pay === 'half') await this.instruct(accountId, 'payment', 'half');
    if (reaction.pay === 'instalment') await this.instruct(accountId, 'payment', 'instalment');
    if (reaction.creditor) await this.instruct(accountId, reaction.creditor);
    if (reaction.page) await this.visitPage(accountId, message, reaction.page);
    if (reaction.pay === 'on-promised-date') {
      const history = await this.platform.store.loadHistory(accountId);
      const promise = history?.events.findLast((e: AccountEvent) => e.type === 'reply-received' && e.promiseDate);
      const promised = promise?.type === 'reply-received' ? promise.promiseDate : undefined;
      if (promised) {
        const due = Date.parse(`${promised}T17:00:00Z`) - Date.now();
        this.later(Math.max(MINUTE, due), () => this.instruct(accountId, 'payment'));
      }
    }
  }

  /** The debtor opens the page from the message's link and acts there, as in a browser. */
  private async visitPage(accountId: string, message: SentEmail | SentSms, visit: PageVisit): Promise<void> {
    const link = this.page.linkIn('text' in message ? message.text : message.body);
    if (!link) throw new Error(`${message.touchId} has no link to the page`);
    let fields: Record<string, string | string[]>;
    switch (visit.action) {
      case 'pay': {
        const history = await this.platform.store.loadHistory(accountId);
        const state = foldAccount(accountId, history?.events ?? []);
        if (state.status === 'resolved') return;
        const minor =
          visit.share === 'half'
            ? Math.floor(state.balanceMinor / 2)
            : visit.share === 'instalment'
              ? nextInstalmentOwed(state)
              : state.balanceMinor;
        fields = { amount: minorToDecimal(minor, state.currency) };
        break;
      }
      case 'plan':
        fields = { option: visit.option };
        break;
      case 'dispute':
        fields = { reason: visit.reason, note: visit.note };
        break;
      case 'contact-times':
        fields = { day: visit.days.map(String), from: visit.from, to: visit.to };
        break;
    }
    const at = new Date().toISOString();
    const { outcome, urls } = await this.page.submit(link, visit.action, fields);
    this.pageVisits.push({ at, accountRef: this.refByAccount.get(accountId)!, visit, outcome, urls });
  }

  /** The creditor uploads a one-row instruction file, as it would after hearing from its customer. */
  private async instruct(
    accountId: string,
    action: 'payment' | 'approve-handoff' | 'dispute-verified' | 'dispute-withdrawn',
    share: 'all' | 'half' | 'instalment' = 'all',
  ): Promise<void> {
    const ref = this.refByAccount.get(accountId)!;
    const history = await this.platform.store.loadHistory(accountId);
    if (!history) return;
    const state = foldAccount(accountId, history.events);
    if (state.status === 'resolved') return;
    // Numbered per account: instructions for different accounts at the same instant may be written in either order.
    const number = (this.instructed.get(accountId) ?? 0) + 1;
    this.instructed.set(accountId, number);
    this.instructions.push({ at: new Date().toISOString(), accountRef: ref, action });
    const minor =
      share === 'half' ? Math.floor(state.balanceMinor / 2) : share === 'instalment' ? nextInstalmentOwed(state) : state.balanceMinor;
    const csv =
      action === 'payment'
        ? toCsv(
            ['action', 'account_ref', 'amount', 'reference'],
            [['payment', ref, minorToDecimal(minor, state.currency), `sim-payment-${ref}-${number}`]],
          )
        : toCsv(['action', 'account_ref'], [[action, ref]]);
    await this.platform.putObject(`creditors/${this.profile.creditorId}/inbox/instructions/${action}-${ref}-${number}.csv`, csv);
  }

  /** Debtor and creditor actions run on the virtual clock; a failure is kept for the report, never swallowed. */
  private later(ms: number, work: () => Promise<void>): void {
    setTimeout(() => {
      this.platform.tracker.track(work).catch((error: Error) => this.failures.push(`${error.name}: ${error.message}`));
    }, ms);
  }
}

/**
 * Which message a touch was, as its debtor reads it: as its record says or, when a crash lost the record after the
 * provider took the message, as Send chose it from the account as it stood at the claim. (The personas tell no final
 * notice from another agency message, so the cap that decides between them does not matter here.)
 */
function messageKind(accountId: string, events: readonly AccountEvent[], touchId: string): string {
  const sent = events.find((e) => e.type === 'touch-sent' && e.touchId === touchId);
  if (sent?.type === 'touch-sent') return sent.template.split('.')[0]!;
  const ordered = [...events].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const claim = ordered.findIndex((e) => e.type === 'touch-sending' && e.touchId === touchId);
  const touch = parseTouchId(touchId);
  if (claim < 0 || !touch) return '';
  return templateKindFor(touch, foldAccount(accountId, ordered.slice(0, claim)), Number.POSITIVE_INFINITY);
}

/** What the plan's next unpaid instalment asks for (the whole balance when there is no plan). */
function nextInstalmentOwed(state: AccountState): number {
  const plan = activePlan(state);
  if (!plan) return state.balanceMinor;
  const owed = instalmentSchedule(plan)
    .map((i) => owedFor(state, plan, i))
    .find((o) => o > 0);
  return Math.min(state.balanceMinor, owed ?? state.balanceMinor);
}

function replyMime(original: SentEmail, text: string): string {
  return [
    `From: ${original.to}`,
    `To: ${original.replyTo}`,
    `Subject: Re: ${original.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <reply-${original.messageId}@debtor.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
    `On ${new Date(original.at).toUTCString()}, ${original.fromName} wrote:`,
    ...original.text.split('\n').map((line) => `> ${line}`),
    '',
  ].join('\r\n');
}
