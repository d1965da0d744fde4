// Daily creditor reports, from the EventBridge schedule (or an operator's re-run of one day).
import * as z from 'zod';
import { awsFiles, awsStores } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, levelMetric, logger } from '../../shared/lambda/observability.ts';
import { kpiMetrics } from '../../shared/reports/daily.ts';
import { ReportFolds } from '../../shared/reports/report-folds.ts';
import { writeCreditorReports, type CreditorReportsDeps } from '../../shared/usecases/write-creditor-reports.ts';

/**
 * The hourly scheduled event reports each creditor whose day (in its reporting time zone) ended within the hour before
 * its `time`; `{ "day": "YYYY-MM-DD" }` (optionally with `creditorIds`) reports that day of each creditor again, with
 * the same result.
 */
export const creditorReportsInput = z
  .object({
    time: z.iso.datetime({ offset: true }).optional(),
    day: z.iso.date().optional(),
    creditorIds: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((input) => input.time !== undefined || input.day !== undefined, {
    message: 'expected a scheduled event (time) or the day to report (day: YYYY-MM-DD)',
  });

export const createHandler = (ports: Omit<CreditorReportsDeps, 'folds'>) => {
  // Kept while the function is warm: the next day folds only the accounts that moved.
  const deps: CreditorReportsDeps = { ...ports, folds: new ReportFolds() };
  return lambdaHandler(creditorReportsInput, async (input) => {
    const when = input.day !== undefined ? { day: input.day } : { at: new Date(input.time!) };
    const reports = await writeCreditorReports(deps, { ...when, ...(input.creditorIds ? { creditorIds: input.creditorIds } : {}) });
    for (const report of reports) {
      const creditor = { creditor: report.creditorId };
      for (const [stage, count] of Object.entries(report.openByStage)) levelMetric('OpenAccounts', count, { ...creditor, stage });
      for (const kpi of kpiMetrics(report.kpis)) levelMetric(kpi.name, kpi.value, creditor, kpi.unit);
      logger.info('creditor reports written', {
        creditorId: report.creditorId,
        day: report.day,
        statusRows: report.statusRows,
        payments: report.payments,
      });
    }
    countMetric('CreditorReportsWritten', {}, reports.length);
    return { creditors: reports.map((r) => ({ creditorId: r.creditorId, day: r.day, keys: r.keys })) };
  });
};

export const handler = createHandler({ ...awsStores(), files: awsFiles() });
