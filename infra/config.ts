// Deploy settings and infrastructure defaults: the one place they live.
//  - Deploy settings come from the CDK context (cdk.json "context", or `-c key=value`) and are validated here, all at
//    once, with errors that say which setting is wrong and what is expected.
//  - Defaults (retention, sizes, timeouts, alarm thresholds) are constants below; constructs import them from here.
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface DeploySettings {
  /** The SES verified identity (address) that creditor-branded email goes out from, e.g. collections@example.com. */
  senderEmail: string;
  /** The domain that receives debtor replies through SES (MX record to SES inbound), e.g. replies.example.com. */
  replyDomain: string;
  /** The agency's End User Messaging SMS origination number, E.164, e.g. +15555550100. */
  smsOriginationIdentity: string;
  /** The agency's legal name, used after an approved hand-off (third-party stage). */
  agencyName: string;
  /** The agency's own address (SES verified identity), used after an approved hand-off. */
  agencyEmail: string;
  /** The agency's mailing address: Reg F's validation notice names it, and written disputes go there. */
  agencyAddress: string;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

interface SettingRule {
  describe: string;
  valid: (value: string) => boolean;
}

const RULES: Record<keyof DeploySettings, SettingRule> = {
  senderEmail: { describe: 'an email address verified in SES, e.g. collections@example.com', valid: (v) => EMAIL.test(v) },
  replyDomain: {
    describe: 'a lower-case domain name that SES receives mail for, e.g. replies.example.com',
    valid: (v) => DOMAIN.test(v),
  },
  smsOriginationIdentity: {
    describe: 'an E.164 phone number owned in AWS End User Messaging SMS, e.g. +15555550100',
    valid: (v) => E164.test(v),
  },
  agencyName: { describe: 'the agency legal name (1 to 100 characters)', valid: (v) => v.trim().length > 0 && v.length <= 100 },
  agencyEmail: { describe: 'an email address verified in SES, e.g. agency@example.com', valid: (v) => EMAIL.test(v) },
  agencyAddress: {
    describe: 'the agency mailing address on one line (5 to 300 characters), e.g. "100 Main St, Springfield, IL 62701"',
    valid: (v) => v.trim().length >= 5 && v.length <= 300,
  },
};

export const DEPLOY_SETTING_NAMES = Object.keys(RULES) as Array<keyof DeploySettings>;

/** Reads and validates every deploy setting; throws one error that lists every problem. */
export function loadDeploySettings(scope: Construct): DeploySettings {
  const problems: string[] = [];
  const settings: Partial<DeploySettings> = {};
  for (const name of DEPLOY_SETTING_NAMES) {
    const rule = RULES[name];
    const raw: unknown = scope.node.tryGetContext(name);
    if (raw === undefined || raw === null || raw === '') {
      problems.push(`  - "${name}" is missing: expected ${rule.describe}.`);
    } else if (typeof raw !== 'string') {
      problems.push(`  - "${name}" must be a string: expected ${rule.describe}, got ${JSON.stringify(raw)}.`);
    } else if (!rule.valid(raw)) {
      problems.push(`  - "${name}" is invalid: expected ${rule.describe}, got ${JSON.stringify(raw)}.`);
    } else {
      settings[name] = raw;
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid Tactful deploy settings:\n${problems.join('\n')}\n` +
        'Set them in cdk.json under "context", or pass them as `npx cdk synth -c name=value`.',
    );
  }
  return settings as DeploySettings;
}

/** The domain part of an email address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Infrastructure defaults. */
export const DEFAULTS = {
  /** Lambda and state machine log groups. */
  logRetention: RetentionDays.ONE_YEAR,
  /** S3 server access logs of the data bucket. */
  accessLogExpiration: Duration.days(365),
  /** Overwritten or deleted objects in the data bucket (creditor files, reports, raw mail) stay recoverable this long. */
  noncurrentVersionExpiration: Duration.days(365),
  function: {
    memorySize: 512,
    timeout: Duration.seconds(30),
  },
  /** ingest-batch handles up to INGEST_BATCH_SIZE rows; its Step Functions task timeout is 5 minutes. */
  ingestBatchTimeout: Duration.minutes(2),
  /** Placement files larger than this are refused whole (the check reads the file once). */
  maxPlacementBytes: 200 * 1024 * 1024,
  creditorReports: {
    /** Hourly at :15: each run reports the creditors whose own day (reporting.timeZone) ended in the hour before. */
    schedule: 'cron(15 * * * ? *)',
    timeout: Duration.minutes(15),
    memorySize: 1024,
  },
  /** Ingest Map Run results (see workflows/ingest.ts) are deleted after this. */
  ingestResultsExpiration: Duration.days(30),
  /** Profile files larger than this are refused: the versions in force and kept are table items (400 KB at most). */
  maxProfileBytes: 256 * 1024,
  alarm: {
    period: Duration.minutes(5),
    threshold: 1,
    evaluationPeriods: 1,
  },
} as const;
