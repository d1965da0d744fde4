// Reporting: each creditor's status, remittance and KPI files for its own day (in its reporting time zone), written
// to creditors/{creditorId}/outbox/daily/ by the creditor-reports function on an hourly EventBridge schedule.
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DAILY_FOLDER } from '../../shared/reports/daily.ts';
import { DEFAULTS } from '../config.ts';
import { PREFIXES } from './storage.ts';
import { TactfulFunction } from './tactful-function.ts';

export interface ReportingProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  /** Where a run that failed after Lambda's own retries goes, so that a person re-runs its day. */
  deadLetterQueue: sqs.IQueue;
}

export class Reporting extends Construct {
  readonly function: TactfulFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    const { key, table, bucket, deadLetterQueue } = props;
    this.function = new TactfulFunction(this, 'CreditorReports', {
      name: 'creditor-reports',
      description: "Reporting: each creditor's daily status, remittance and KPI files in its outbox",
      key,
      timeout: DEFAULTS.creditorReports.timeout,
      memorySize: DEFAULTS.creditorReports.memorySize,
      deadLetterQueue,
    });
    this.function
      .grantTable(table, ['listCreditors', 'getProfile', 'listCreditorAccounts', 'readAccount'])
      .grantObjectsPut(bucket, `${PREFIXES.outbox}${DAILY_FOLDER}/`);

    this.schedule = new events.Rule(this, 'Daily', {
      description: 'Runs creditor-reports hourly: each creditor whose own day (reporting.timeZone) just ended gets its files',
      schedule: events.Schedule.expression(DEFAULTS.creditorReports.schedule),
      targets: [new targets.LambdaFunction(this.function.fn, { retryAttempts: 2, deadLetterQueue })],
    });
  }
}
