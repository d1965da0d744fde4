// The daily outbox files of each creditor: status (open and recently resolved accounts), remittance (what was
// collected that day) and KPIs (CSV and JSON), for one day in the creditor's reporting time zone. Each file's key names the day and its content depends
// on the events up to the end of that day only: running the same day again rewrites the same files with the same bytes.
//
// Scale: accounts are read a page of ids at a time and their histories a few at a time; each history is folded at
// once into its KPI facts (a few hundred bytes) and let go, so memory holds facts and CSV rows, not events. The files
// are built in memory before one put each.
import { STAGES, type Stage } from '../accounts/events.ts';
import { outboxKey } from '../creditors/inbox.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import type { AccountStore, CreditorStore, FileStore } from '../ports.ts';
import { toCsv } from '../reports/csv.ts';
import {
  DAILY_FOLDER,
  dailyFileName,
  dayEndedWithinHourBefore,
  kpiCsv,
  listedOnStatus,
  nextStepOf,
  paymentsOnDay,
  REMITTANCE_HEADER,
  remittanceRows,
  reportDay,
  type ReportDay,
  STATUS_HEADER,
  statusRow,
  type CsvRow,
} from '../reports/daily.ts';
import { kpisOf, type AccountFacts, type Kpis } from '../reports/kpis.ts';
import { ReportFolds } from '../reports/report-folds.ts';
import { decideNext } from '../strategy/plan.ts';
import { requireProfile } from './load-account.ts';
import { planContextFor } from './plan-next-step.ts';

/** Accounts read at once: enough to overlap the reads, few enough not to spike the table. */
const LOAD_CONCURRENCY = 16;

export interface CreditorReportsDeps {
  store: AccountStore;
  creditors: CreditorStore;
  files: FileStore;
  /** Folds kept from earlier days (a warm function's): only accounts that moved are folded again. */
  folds?: ReportFolds;
}

export interface CreditorDailyReport {
  creditorId: string;
  day: string;
  /** The objects written, under creditors/{creditorId}/outbox/daily/. */
  keys: string[];
  /** Open accounts at the end of the day, by the stage they are in ("none" before their first stage). */
  openByStage: Record<string, number>;
  statusRows: number;
  payments: number;
  collectedTodayMinor: number;
  kpis: Kpis;
}

/**
 * Writes the daily files of every creditor (or the ones named), one creditor after the other: for `day` in each
 * creditor's zone, or, on an hourly schedule (`at`), for each creditor whose day ended within the hour before.
 */
export async function writeCreditorReports(
  deps: CreditorReportsDeps,
  input: ({ day: string } | { at: Date }) & { creditorIds?: readonly string[] },
): Promise<CreditorDailyReport[]> {
  const creditorIds = input.creditorIds ?? (await deps.creditors.listCreditors());
  const reports: CreditorDailyReport[] = [];
  const failed: Array<{ creditorId: string; error: unknown }> = [];
  for (const creditorId of creditorIds) {
    try {
      const profile = await requireProfile(deps.creditors, creditorId);
      const { timeZone } = profile.reporting;
      const day = 'day' in input ? input.day : dayEndedWithinHourBefore(input.at, timeZone);
      if (day !== undefined) reports.push(await writeCreditorReport(deps, profile, reportDay(day, timeZone)));
    } catch (error) {
      // One creditor's bad data or outage never costs another creditor its files.
      failed.push({ creditorId, error });
    }
  }
  if (failed.length > 0) throw new CreditorReportsFailedError(failed, reports);
  return reports;
}

/** Some creditors' files could not be written; the others' were. The run fails so that it alarms and is retried. */
export class CreditorReportsFailedError extends AggregateError {
  readonly creditorIds: string[];
  readonly written: CreditorDailyReport[];

  constructor(failed: Array<{ creditorId: string; error: unknown }>, written: CreditorDailyReport[]) {
    super(
      failed.map((f) => f.error),
      `the daily files of ${failed.length} creditor(s) failed: ${failed.map((f) => f.creditorId).join(', ')}; ${written.length} written`,
    );
    this.name = 'CreditorReportsFailedError';
    this.creditorIds = failed.map((f) => f.creditorId);
    this.written = written;
  }
}

async function writeCreditorReport(deps: CreditorReportsDeps, profile: CreditorProfile, day: ReportDay): Promise<CreditorDailyReport> {
  const { creditorId } = profile;
  const status: CsvRow[] = [];
  const remittance: CsvRow[] = [];
  const kpiFacts: AccountFacts[] = [];
  // Every stage has a count, zero included, so that the dashboard's graph drops to 0 rather than stopping.
  const openByStage: Record<string, number> = Object.fromEntries(STAGES.map((stage) => [stage, 0]));
  let collectedTodayMinor = 0;
  const folds = deps.folds ?? new ReportFolds();

  for await (const page of deps.store.listCreditorAccounts(creditorId)) {
    for (let i = 0; i < page.length; i += LOAD_CONCURRENCY) {
      const histories = await Promise.all(page.slice(i, i + LOAD_CONCURRENCY).map((id) => deps.store.readAccount(id)));
      for (const history of histories) {
        if (!history) continue;
        const { record, events } = history;
        const { account, facts } = folds.foldUntil(record.accountId, events, day.asOf);
        if (!account) continue;
        if (facts) kpiFacts.push(facts);
        const paid = paymentsOnDay(account, day);
        remittance.push(...remittanceRows(record.accountRef, account.state.currency, paid, day));
        collectedTodayMinor += paid.reduce((sum, p) => sum + p.amountMinor, 0);
        if (!listedOnStatus(account, day)) continue;
        if (account.state.status === 'resolved') {
          status.push(statusRow(record.accountRef, account, day));
          continue;
        }
        const stage: Stage = account.state.stage ?? 'SoftReminder';
        const { decision } = decideNext(account.state, planContextFor(record, profile, account.state, stage, day.asOf));
        status.push(statusRow(record.accountRef, account, day, nextStepOf(decision, day.asOf)));
        const stageKey = account.state.stage ?? 'none';
        openByStage[stageKey] = (openByStage[stageKey] ?? 0) + 1;
      }
    }
  }

  const kpis = kpisOf(kpiFacts, day.asOf);
  const key = (name: string): string => outboxKey(creditorId, DAILY_FOLDER, name);
  const files: Array<[string, string, string]> = [
    [key(dailyFileName('status', day.day, 'csv')), toCsv(STATUS_HEADER, status), 'text/csv'],
    [key(dailyFileName('remittance', day.day, 'csv')), toCsv(REMITTANCE_HEADER, remittance), 'text/csv'],
    [key(dailyFileName('kpis', day.day, 'csv')), kpiCsv(kpis), 'text/csv'],
    [key(dailyFileName('kpis', day.day, 'json')), `${JSON.stringify({ creditorId, day: day.day, kpis }, null, 2)}\n`, 'application/json'],
  ];
  for (const [name, body, contentType] of files) await deps.files.putText(name, body, contentType);
  return {
    creditorId,
    day: day.day,
    keys: files.map(([name]) => name),
    openByStage,
    statusRows: status.length,
    payments: remittance.length,
    collectedTodayMinor,
    kpis,
  };
}
