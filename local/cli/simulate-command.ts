// `tactful simulate`: reads the inputs, runs the simulation, prints the timeline and summary, writes the files.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AccountReport, SimulationReport } from '../simulator/report.ts';
import { renderReportHtml } from '../simulator/report-html.ts';
import { simulate } from '../simulator/simulate.ts';
import { startSesInbox } from '../ses-inbox.ts';
import { readInput } from './read-input.ts';

export interface SimulateOptions {
  placements: string;
  behaviour?: string;
  profile: string;
  seed: string;
  start: string;
  days: string;
  out: string;
  /** Keep the SES web inbox open on this port after the run, until Ctrl-C. */
  inbox?: string;
}

export async function runSimulate(options: SimulateOptions): Promise<number> {
  const seed = Number(options.seed);
  const days = Number(options.days);
  const start = new Date(options.start);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${options.seed}"`);
  if (!(days > 0)) throw new Error(`--days must be a positive number, got "${options.days}"`);
  if (Number.isNaN(start.getTime())) throw new Error(`--start must be an ISO time, got "${options.start}"`);

  const placementsCsv = await readInput(options.placements, 'placements');
  const profile = JSON.parse(await readInput(options.profile, 'profile'));
  const behaviour = options.behaviour ? JSON.parse(await readInput(options.behaviour, 'behaviour')) : {};
  const print = (line: string): void => void process.stdout.write(`${line}\n`);

  const inboxPort = options.inbox === undefined ? undefined : Number(options.inbox || DEFAULT_INBOX_PORT);
  if (inboxPort !== undefined && !(Number.isInteger(inboxPort) && inboxPort > 0 && inboxPort < 65536)) {
    throw new Error(`--inbox takes a port number, got "${options.inbox}"`);
  }
  const inbox = inboxPort === undefined ? undefined : await startSesInbox(inboxPort);
  const wallStart = performance.now();
  print(`Simulating ${basename(options.placements)} from ${start.toISOString()} for ${days} days (seed ${seed})…`);
  const progress = progressReporter(days, print);
  const { report, platform, replies, instructions } = await simulate({
    placementsCsv,
    placementsFileName: basename(options.placements),
    profile,
    behaviour,
    seed,
    start,
    horizonDays: days,
    progress: progress.line,
    ...(inbox ? { inbox } : {}),
  }).finally(progress.done);
  try {
    await mkdir(options.out, { recursive: true });
    await writeFile(join(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(options.out, 'outbox.jsonl'), report.outbox.map((line) => JSON.stringify(line)).join('\n') + '\n');
    await writeFile(join(options.out, 'replies.jsonl'), replies.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await writeFile(join(options.out, 'instructions.jsonl'), instructions.map((i) => JSON.stringify(i)).join('\n') + '\n');
    await writeFile(
      join(options.out, 'executions.jsonl'),
      platform.stepFunctions.executions().map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
    await writeFile(join(options.out, 'lambda-logs.jsonl'), platform.logs.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await writeFile(join(options.out, 'report.html'), renderReportHtml(report, { source: basename(options.placements), seed }));
    // The creditor's outbox as the bucket holds it: acknowledgements, hand-off requests, returns and the daily files.
    const outboxKeys = platform.files.keys('creditors/').filter((k) => k.split('/')[2] === 'outbox');
    for (const key of outboxKeys) {
      await mkdir(dirname(join(options.out, key)), { recursive: true });
      await writeFile(join(options.out, key), await platform.files.getBytes(key));
    }
    const acknowledgements = platform.files.keys('creditors/').filter((k) => k.includes('/outbox/acknowledgements/') && k.endsWith('.ack.json'));
    const placementAck = acknowledgements.find((k) => k.endsWith(`${basename(options.placements)}.ack.json`));
    print('');
    print(timeline(report));
    if (placementAck) {
      const ack = JSON.parse(await platform.files.getText(placementAck));
      print(`Acknowledgement: ${ack.accepted} accepted, ${ack.alreadyPlaced} already placed, ${ack.rejected} rejected`);
    }
    print(summary(report, (performance.now() - wallStart) / 1000));
    print(`\nWrote ${join(options.out, 'report.json')}, report.html, outbox.jsonl, replies.jsonl, instructions.jsonl, executions.jsonl, lambda-logs.jsonl`);
    print(`and the creditor's outbox (${outboxKeys.length} files, daily status, remittance and KPIs included) under ${join(options.out, 'creditors')}/`);
  } finally {
    await platform.close();
  }
  if (inbox) {
    print(`\nEvery email is in the SES inbox at ${inbox.url} — Ctrl-C to stop.`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await inbox.close();
  }
  return 0;
}

const DEFAULT_INBOX_PORT = 8005;

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
          return [`${day(e.at)} reply:${e.intent}${e.promiseDate ? `→${e.promiseDate}` : ''}`];
        case 'payment-received':
          return [`${day(e.at)} paid`];
        case 'stage-entered':
          return e.stage === 'SoftReminder' ? [] : [`${day(e.at)} [${e.stage}]`];
        case 'handoff-approved':
          return [`${day(e.at)} handoff-approved(${e.by})`];
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

function summary(report: SimulationReport, wallSeconds: number): string {
  const s = report.summary;
  const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    '',
    `Placed ${s.placed} accounts (${s.placedAmount}); resolved ${s.resolved}, held ${s.held}, still active ${s.active}`,
    `Outcomes: ${outcomes}`,
    `Collected ${s.collected}: recovery rate ${(s.recoveryRate * 100).toFixed(1)}%`,
    `Messages: ${s.messagesSent} sent, ${s.messagesSuppressed} suppressed; ${s.stateTransitions} state transitions (${s.transitionsPerTouch} per message sent)`,
    `Simulated ${report.startedAt.slice(0, 10)} → ${report.endedAt.slice(0, 10)} in ${wallSeconds.toFixed(1)} s of wall time`,
  ].join('\n');
}
