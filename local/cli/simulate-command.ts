// `tactful simulate`: reads the inputs, runs the simulation, prints the timeline and summary, writes the files.
import { mkdir, open, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadDebtorModel, type DebtorModel } from '../debtor-model/schema.ts';
import { buildComparison, renderCompareHtml, runNames, type ComparedRun } from '../simulator/compare.ts';
import type { AccountReport, SimulationReport } from '../simulator/report.ts';
import { renderReportHtml } from '../simulator/report-html.ts';
import { LEAN_ABOVE_ACCOUNTS, NothingPlacedError, simulate } from '../simulator/simulate.ts';
import type { LocalPlatform, StoreKind } from '../platform.ts';
import { startPortalServer } from '../portal-server.ts';
import { startSesInbox } from '../ses-inbox.ts';
import type { SentLetter } from '../letter-outbox.ts';
import type { Acknowledgement } from '../../shared/usecases/acknowledge-placements.ts';
import { rejectedRowLines, unusableFileLine } from './placement-commands.ts';
import { readInput } from './read-input.ts';

export interface SimulateOptions {
  placements: string;
  behaviour?: string;
  /** One profile, or several for a what-if comparison on the same portfolio and seed. */
  profile: string[];
  seed: string;
  start: string;
  days: string;
  out: string;
  /** Keep the SES web inbox open on this port after the run, until Ctrl-C. */
  inbox?: string;
  /** Keep the debtor's page of every simulated account open on this port after the run, until Ctrl-C. */
  portal?: string;
  /** Chaos mode: the share of the handlers' AWS calls that fail, and of sends that crash. */
  chaos: string;
  /** `personas` or `model`. */
  debtors?: string;
  /** The creditor's own debtor model (implies `--debtors model`). */
  model?: string;
  /** Synthetic accounts to sample from the placement file. */
  accounts?: string;
  /** memory or dynamo; unset: memory, or dynamo in chaos mode (its faults are injected into DynamoDB calls). */
  store?: string;
}

/** Exit codes: 0 when the simulation ran, 2 when no row of the placement file could be placed. */
export async function runSimulate(options: SimulateOptions): Promise<number> {
  try {
    return await simulateProfiles(options);
  } catch (error) {
    if (!(error instanceof NothingPlacedError)) throw error;
    for (const line of acknowledgementLines(error.acknowledgement)) process.stdout.write(`${line}\n`);
    process.stderr.write(`tactful simulate: ${error.message}\n`);
    return 2;
  }
}

async function simulateProfiles(options: SimulateOptions): Promise<number> {
  const seed = Number(options.seed);
  const days = Number(options.days);
  const start = new Date(options.start);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${options.seed}"`);
  if (!(days > 0)) throw new Error(`--days must be a positive number, got "${options.days}"`);
  if (Number.isNaN(start.getTime())) throw new Error(`--start must be an ISO time, got "${options.start}"`);
  const chaos = Number(options.chaos);
  if (!(chaos >= 0 && chaos < 1)) throw new Error(`--chaos must be a share from 0 to below 1, got "${options.chaos}"`);
  const store = options.store ?? (chaos ? 'dynamo' : 'memory');
  if (!isStoreKind(store)) throw new Error(`--store must be memory or dynamo, got "${store}"`);
  if (chaos && store === 'memory') throw new Error('--chaos injects its faults into DynamoDB calls: use it with --store dynamo');

  if (options.profile.length === 0) throw new Error('--profile needs a creditor profile file');
  const debtorModel = await debtorModelOf(options);
  const accounts = options.accounts === undefined ? undefined : Number(options.accounts);
  if (accounts !== undefined && !(Number.isInteger(accounts) && accounts > 0)) {
    throw new Error(`--accounts must be a whole number above 0, got "${options.accounts}"`);
  }
  const placementsCsv = await readInput(options.placements, 'placements');
  const behaviour = options.behaviour ? JSON.parse(await readInput(options.behaviour, 'behaviour')) : {};
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const run = { placementsCsv, behaviour, seed, start, days, chaos, store, print, debtorModel, accounts };

  if (options.profile.length > 1) {
    if (options.inbox !== undefined) throw new Error('--inbox works with one --profile only');
    if (options.portal !== undefined) throw new Error('--portal works with one --profile only');
    const names = runNames(options.profile);
    const runs: ComparedRun[] = [];
    for (const [i, profilePath] of options.profile.entries()) {
      print(`\nWhat-if ${i + 1}/${options.profile.length}: ${profilePath} → ${join(options.out, names[i]!)}`);
      const report = await simulateOnce(options, { ...run, profilePath, out: join(options.out, names[i]!) });
      runs.push({ name: names[i]!, profile: profilePath, report });
    }
    const comparison = buildComparison(runs, { placements: basename(options.placements), seed });
    await writeFile(join(options.out, 'compare.json'), `${JSON.stringify(comparison, null, 2)}\n`);
    await writeFile(join(options.out, 'compare.html'), renderCompareHtml(runs, comparison));
    print(`\n${compareSummary(comparison)}`);
    print(
      `\nWrote ${join(options.out, 'compare.json')} and compare.html, and each run's files in ${names.map((n) => join(options.out, n)).join(', ')}`,
    );
    return 0;
  }

  const inboxPort = portOf(options.inbox, '--inbox', DEFAULT_INBOX_PORT);
  const portalPort = portOf(options.portal, '--portal', DEFAULT_PORTAL_PORT);
  const inbox = inboxPort === undefined ? undefined : await startSesInbox(inboxPort);
  // Served until Ctrl-C while the run's platform is still open: the page needs its store and its workflows.
  const holdOpen = async (platform: LocalPlatform): Promise<void> => {
    if (inbox) print(`\nEvery email is in the SES inbox at ${inbox.url}`);
    if (portalPort !== undefined) {
      // The page's links and actions run on the wall clock from here, as a person would use them.
      platform.clock.switchToRealTime();
      const portal = await startPortalServer(platform, portalPort);
      print(`\nEvery account's page is linked from ${portal.url}accounts`);
      await untilInterrupted(print);
      await portal.close();
      // The workflows the page's actions woke finish before the platform closes.
      await platform.clock.settle();
    } else if (inbox) await untilInterrupted(print);
  };
  try {
    await simulateOnce(options, { ...run, profilePath: options.profile[0]!, out: options.out, ...(inbox ? { inbox } : {}), holdOpen });
  } finally {
    // An open inbox would keep the process alive after an error.
    await inbox?.close();
  }
  return 0;
}

/** A port number for `flag`: undefined when the option is absent, the default when it is given empty. */
function portOf(value: string | undefined, flag: string, fallback: number): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value || fallback);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`${flag} takes a port number, got "${value}"`);
  return port;
}

async function untilInterrupted(print: (line: string) => void): Promise<void> {
  print('Ctrl-C to stop.');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
}

/** The debtor model the options ask for, or undefined for the personas. */
async function debtorModelOf(options: SimulateOptions): Promise<DebtorModel | undefined> {
  const debtors = options.debtors ?? (options.model === undefined ? 'personas' : 'model');
  if (debtors !== 'personas' && debtors !== 'model') throw new Error(`--debtors is "personas" or "model", got "${debtors}"`);
  if (debtors === 'personas') {
    if (options.model !== undefined) throw new Error('--model FILE works with --debtors model');
    return undefined;
  }
  if (options.behaviour !== undefined) throw new Error('--behaviour assigns personas; with --debtors model the model plays every debtor');
  return loadDebtorModel(options.model);
}

interface RunInputs {
  placementsCsv: string;
  behaviour: Record<string, string>;
  debtorModel: DebtorModel | undefined;
  accounts: number | undefined;
  seed: number;
  start: Date;
  days: number;
  chaos: number;
  store: StoreKind;
  print: (line: string) => void;
  profilePath: string;
  out: string;
  inbox?: Awaited<ReturnType<typeof startSesInbox>>;
  /** Runs after the files are written, before the platform closes (to keep serving the run's inbox or pages). */
  holdOpen?: (platform: LocalPlatform) => Promise<void>;
}

/** One simulation under one profile: runs it, prints the timeline and summary, writes its files into `out`. */
async function simulateOnce(options: SimulateOptions, run: RunInputs): Promise<SimulationReport> {
  const { seed, start, days, print, inbox } = run;
  const profile = JSON.parse(await readInput(run.profilePath, 'profile'));
  const wallStart = performance.now();
  const chaos = run.chaos ? `, chaos ${run.chaos}` : '';
  const portfolio =
    run.accounts === undefined ? basename(options.placements) : `${run.accounts} accounts sampled from ${basename(options.placements)}`;
  const debtors = run.debtorModel ? ', debtors played by the model' : '';
  print(`Simulating ${portfolio} from ${start.toISOString()} for ${days} days (seed ${seed}${chaos}${debtors})…`);
  const progress = progressReporter(days, print);
  const { report, acknowledgement, platform, replies, instructions, pageVisits, placementsCsv, lean } = await simulate({
    placementsCsv: run.placementsCsv,
    placementsFileName: basename(options.placements),
    profile,
    behaviour: run.behaviour,
    ...(run.debtorModel ? { debtorModel: run.debtorModel } : {}),
    ...(run.accounts !== undefined ? { accounts: run.accounts } : {}),
    seed,
    start,
    horizonDays: days,
    chaos: run.chaos,
    store: run.store,
    progress: progress.line,
    ...(inbox ? { inbox } : {}),
  }).finally(progress.done);
  const out = run.out;
  try {
    await mkdir(out, { recursive: true });
    await writeReportJson(join(out, 'report.json'), report);
    if (run.accounts !== undefined) await writeFile(join(out, 'placements.csv'), placementsCsv);
    await writeJsonLines(join(out, 'outbox.jsonl'), report.outbox);
    await writeLetters(out, report, platform.letters.sent);
    await writeJsonLines(join(out, 'replies.jsonl'), replies);
    await writeJsonLines(join(out, 'instructions.jsonl'), instructions);
    // The links opened are left out: each is a working link to the account's page.
    const pageActions = pageVisits.map(({ urls: _opened, ...action }) => JSON.stringify(action));
    await writeFile(join(out, 'page-actions.jsonl'), pageActions.length > 0 ? `${pageActions.join('\n')}\n` : '');
    await writeJsonLines(join(out, 'executions.jsonl'), platform.stepFunctions.executions());
    await writeJsonLines(join(out, 'lambda-logs.jsonl'), platform.logs);
    // What ops would read with `tactful review-queue` against the deployed table.
    const reviews = await platform.store.listForReview(String(profile.creditorId));
    await writeFile(join(out, 'review-queue.jsonl'), reviews.map((r) => JSON.stringify(r)).join('\n') + (reviews.length ? '\n' : ''));
    await writeFile(join(out, 'report.html'), renderReportHtml(report, { source: basename(options.placements), seed }));
    // The creditor's outbox as the bucket holds it: acknowledgements, hand-off requests, returns and the daily files.
    const outboxKeys = platform.files.keys('creditors/').filter((k) => k.split('/')[2] === 'outbox');
    for (const key of outboxKeys) {
      await mkdir(dirname(join(out, key)), { recursive: true });
      await writeFile(join(out, key), await platform.files.getBytes(key));
    }
    print('');
    print(
      report.accounts.length <= MAX_TIMELINE ? timeline(report) : `(${report.accounts.length} accounts: each timeline is in report.html)`,
    );
    for (const line of acknowledgementLines(acknowledgement)) print(line);
    print(summary(report, (performance.now() - wallStart) / 1000));
    if (lean) {
      print(
        `(Over ${LEAN_ABOVE_ACCOUNTS} accounts the run is lean: executions.jsonl has each execution's status and transitions but no history, and emails are not kept in full.)`,
      );
    }
    if (platform.chaos) {
      const { faults, crashes } = platform.chaos.injected;
      print(`Chaos ${platform.chaos.rate}: ${faults} AWS call attempts failed and ${crashes} sends crashed after delivery`);
    }
    print(
      `\nWrote ${join(out, 'report.json')}, report.html, outbox.jsonl, letters.jsonl (and letters/), replies.jsonl, instructions.jsonl, page-actions.jsonl, executions.jsonl, lambda-logs.jsonl and review-queue.jsonl`,
    );
    print(
      `and the creditor's outbox (${outboxKeys.length} files, daily status, remittance and KPIs included) under ${join(out, 'creditors')}/`,
    );
    await run.holdOpen?.(platform);
  } finally {
    await platform.close();
  }
  return report;
}

/**
 * report.json, the same bytes as `JSON.stringify(report, null, 2)`, written an account at a time: a big run's report
 * is over 100 MB, too much to build as one string beside the run.
 */
async function writeReportJson(path: string, report: SimulationReport): Promise<void> {
  const file = await open(path, 'w');
  const indented = (value: unknown, depth: number): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`);
  try {
    // As JSON.stringify does: a key whose value is undefined is left out.
    const entries = Object.entries(report).filter(([, value]) => value !== undefined);
    await file.write('{\n');
    for (const [i, [key, value]] of entries.entries()) {
      const comma = i < entries.length - 1 ? ',' : '';
      if (!Array.isArray(value) || value.length === 0) {
        await file.write(`  ${JSON.stringify(key)}: ${indented(value, 2)}${comma}\n`);
        continue;
      }
      await file.write(`  ${JSON.stringify(key)}: [\n`);
      for (let j = 0; j < value.length; j += 100) {
        const lines = value.slice(j, j + 100).map((item, k) => `    ${indented(item, 4)}${j + k < value.length - 1 ? ',' : ''}\n`);
        await file.write(lines.join(''));
      }
      await file.write(`  ]${comma}\n`);
    }
    await file.write('}\n');
  } finally {
    await file.close();
  }
}

/** One JSON line per item (and a final newline), written as it goes: a big run's lists are too long for one string. */
async function writeJsonLines(path: string, items: readonly unknown[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let i = 0; i < items.length; i += 1000) {
      await file.write(
        `${items
          .slice(i, i + 1000)
          .map((item) => JSON.stringify(item))
          .join('\n')}\n`,
      );
    }
    if (items.length === 0) await file.write('\n');
  } finally {
    await file.close();
  }
}

/** letters.jsonl, one line per validation letter, and each letter as printed: letters/{accountRef}.html. */
async function writeLetters(out: string, report: SimulationReport, sent: readonly SentLetter[]): Promise<void> {
  await writeFile(
    join(out, 'letters.jsonl'),
    report.letters.map((l) => `${JSON.stringify({ ...l, file: `letters/${l.accountRef}.html` })}\n`).join(''),
  );
  if (report.letters.length > 0) await mkdir(join(out, 'letters'), { recursive: true });
  for (const line of report.letters) {
    const letter = sent.find((l) => l.letterId === line.letterId);
    if (letter) await writeFile(join(out, 'letters', `${line.accountRef}.html`), letter.html);
  }
}

const DEFAULT_INBOX_PORT = 8005;
const DEFAULT_PORTAL_PORT = 8006;
/** Beyond this many accounts the timeline stays in report.html: a line per account would flood the terminal. */
const MAX_TIMELINE = 200;

function isStoreKind(value: string): value is StoreKind {
  return value === 'memory' || value === 'dynamo';
}

/** The placement file's acknowledgement: the counts, then each rejected row, or why the whole file was refused. */
function acknowledgementLines(ack: Acknowledgement): string[] {
  if (ack.refused) return [unusableFileLine(ack.file, ack.refused)];
  const counts = `Acknowledgement: ${ack.accepted} accepted, ${ack.alreadyPlaced} already placed, ${ack.rejected} rejected`;
  return [counts, ...rejectedRowLines(ack.rejections)];
}

/** Progress: on a terminal one bar line that updates in place, otherwise the simulator's lines as they come. */
function progressReporter(days: number, print: (line: string) => void): { line: (text: string) => void; done: () => void } {
  if (!process.stdout.isTTY) return { line: (text) => print(`  ${text}`), done: () => {} };
  let drawn = false;
  return {
    line: (text) => {
      const width = 24;
      const day = Number(/day\s+(\d+)/.exec(text)?.[1] ?? 0);
      const filled = Math.max(0, Math.min(width, Math.round((day / days) * width)));
      const line = `  [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text}`;
      process.stdout.write(`\r\x1b[2K${line.slice(0, Math.max(20, (process.stdout.columns || 120) - 1))}`);
      drawn = true;
    },
    done: () => void (drawn && process.stdout.write('\n')),
  };
}

function timeline(report: SimulationReport): string {
  const start = Date.parse(report.startedAt);
  const day = (at: string): string => `d${Math.floor((Date.parse(at) - start) / 86_400_000)}`;
  const lines = report.accounts.map((a: AccountReport) => {
    const steps = a.events.flatMap((e) => {
      switch (e.type) {
        case 'touch-sent':
          return [`${day(e.at)} ${e.channel}`];
        case 'touch-suppressed':
          return [`${day(e.at)} ${e.channel}✗(${e.reason})`];
        case 'reply-received':
          return [`${day(e.at)} ${e.channel === 'page' ? 'page' : 'reply'}:${e.intent}${e.promiseDate ? `→${e.promiseDate}` : ''}`];
        case 'inconvenient-times-set':
          return [`${day(e.at)} page:inconvenient-times`];
        case 'payment-received':
          return [`${day(e.at)} paid${e.source === 'processor' ? '(processor)' : ''}`];
        case 'stage-entered':
          return e.stage === 'SoftReminder' ? [] : [`${day(e.at)} [${e.stage}]`];
        case 'handoff-approved':
          return [`${day(e.at)} handoff-approved(${e.by})`];
        // The providers' reports that change the account (deliveries are only counted).
        case 'delivery-bounced':
          return e.bounceType === 'permanent' ? [`${day(e.at)} email:bounced`] : [];
        case 'delivery-complained':
          return [`${day(e.at)} email:complaint`];
        case 'delivery-failed':
          return e.permanent ? [`${day(e.at)} ${e.channel}:failed(${e.status})`] : [];
        case 'sms-carrier-opt-out':
          return [`${day(e.at)} sms:carrier-opt-out`];
        case 'resolved':
          return [`${day(e.at)} ⇒ ${e.outcome}`];
        default:
          return [];
      }
    });
    return `${a.accountRef.padEnd(10)} ${a.persona.padEnd(22)} ${a.outcome.padEnd(14)} ${String(a.transitions).padStart(3)} transitions  ${steps.join(' · ')}`;
  });
  return ['Account    Persona                Outcome        Timeline', ...lines].join('\n');
}

function compareSummary(comparison: ReturnType<typeof buildComparison>): string {
  const width = Math.max(...comparison.runs.map((r) => r.name.length));
  const percent = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const lines = comparison.runs.map((r) => {
    const k = r.kpis.recoveryRate;
    const ci = k.ci95 ? `95% interval ${percent(k.ci95[0])}–${percent(k.ci95[1])}` : 'no interval';
    return `${r.name.padEnd(width)}  recovery ${percent(k.value).padStart(6)}  (${ci}, n=${k.n})  outcomes: ${Object.entries(
      r.summary.outcomes,
    )
      .map(([o, n]) => `${o} ${n}`)
      .join(', ')}`;
  });
  const c = comparison.recovery;
  const n = [...new Set(comparison.runs.map((r) => r.kpis.recoveryRate.n))].join('/');
  return [
    ...lines,
    c.verdict === 'leader' ? `Leader: ${c.leader} (${c.reason})` : `Not enough data to name a leader at n=${n}: ${c.reason}`,
  ].join('\n');
}

function summary(report: SimulationReport, wallSeconds: number): string {
  const s = report.summary;
  const outcomes = Object.entries(s.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    '',
    `Placed ${s.placed} accounts (${s.placedAmount}); resolved ${s.resolved}, held ${s.held}, still active ${s.active}`,
    `Outcomes: ${outcomes}`,
    `Collected ${s.collected}: recovery rate ${(s.recoveryRate * 100).toFixed(1)}%`,
    `Messages: ${s.messagesSent} sent, ${s.messagesSuppressed} suppressed; ${s.stateTransitions} state transitions (${s.transitionsPerTouch} per message sent)`,
    `Simulated ${report.startedAt.slice(0, 10)} → ${report.endedAt.slice(0, 10)} in ${wallSeconds.toFixed(1)} s of wall time`,
  ].join('\n');
}
