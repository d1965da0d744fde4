// Deploy settings and infrastructure defaults: the one place they live.
//  - Deploy settings come from the CDK context (cdk.json "context", or `-c key=value`) and are validated here, all at
//    once, with errors that say which setting is wrong and what is expected.
//  - Defaults (retention, sizes, timeouts, alarm thresholds) are constants below; constructs import them from here.
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { RETENTION_DAYS } from '../shared/accounts/retention.ts';
import { CREDITOR_ID } from '../shared/creditors/inbox.ts';
import { MAX_PLACEMENT_FILE_BYTES, MAX_PROFILE_FILE_BYTES } from '../shared/limits.ts';

/** One creditor's way into its own folder of the data bucket (infra/constructs/creditor-access.ts). */
export interface CreditorAccessSetting {
  /** The creditor id: its folder is creditors/{id}/. */
  id: string;
  /** Who may assume the creditor's role: an AWS account id (its root) or an IAM role or user ARN. */
  principal: string;
  /** The secret the creditor passes when it assumes the role (sts:ExternalId), against the confused deputy. */
  externalId: string;
  /** The creditor's SSH public key for SFTP (required when creditorSftp is on). */
  sshPublicKey?: string;
}

/** A payment processor: the AWS account that puts its events, and the creditors whose payments it may report. */
export interface PaymentProcessorSetting {
  account: string;
  creditors: string[];
}

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
  /** The creditors given a role (and an SFTP user) bound to their own folder; none by default. */
  creditors: CreditorAccessSetting[];
  /** Whether creditors also reach their folder over SFTP (AWS Transfer Family); off by default. */
  creditorSftp: boolean;
  /** The payment processors allowed to put payment events, each with the creditors it may report for; none by default. */
  paymentProcessors: PaymentProcessorSetting[];
  /** An address subscribed to the alarm topic (it confirms the subscription by email); none by default. */
  alarmEmail?: string;
  /**
   * Print and mail (Lob), for the validation notice of debtors without email: the Secrets Manager secret holding the
   * API key (its ARN; the default aws/secretsmanager key) and the id of the agency's return address saved in Lob
   * (adr_…). Both or neither; without them such debtors get no agency text (the suppression says why).
   */
  letters?: { apiKeySecretArn: string; fromAddressId: string };
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

interface SettingRule {
  describe: string;
  valid: (value: string) => boolean;
}

/** The settings that are one required string each. */
type StringSettingName = Exclude<keyof DeploySettings, 'creditors' | 'creditorSftp' | 'paymentProcessors' | 'alarmEmail' | 'letters'>;

const RULES: Record<StringSettingName, SettingRule> = {
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

/**
 * The required settings (each a string); the access settings (creditors, creditorSftp, paymentProcessors), alarmEmail
 * and letters are optional.
 */
export const DEPLOY_SETTING_NAMES = Object.keys(RULES) as StringSettingName[];

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SSH_PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;
const CREDITOR_ID_PATTERN = new RegExp(`^${CREDITOR_ID}$`);
/** Transfer Family user names are 3 to 100 characters. */
const SFTP_USER_NAME = /^[\w][\w@.-]{2,99}$/;

/** A list setting from cdk.json (an array) or from `-c name='[...]'` (its JSON). */
function listSetting(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Validates the creditors list; pushes one problem per wrong field. */
function readCreditors(raw: unknown, sftp: boolean, problems: string[]): CreditorAccessSetting[] {
  const example = '[{ "id": "acme", "principal": "111122223333", "externalId": "a-shared-secret" }]';
  const list = listSetting(raw ?? []);
  if (!Array.isArray(list)) {
    problems.push(`  - "creditors" must be a list, e.g. ${example}, got ${JSON.stringify(raw)}.`);
    return [];
  }
  const seen = new Set<string>();
  return list.flatMap((entry: unknown, index): CreditorAccessSetting[] => {
    const at = `"creditors"[${index}]`;
    const c = (entry ?? {}) as Record<string, unknown>;
    const before = problems.length;
    const field = (name: string, valid: (v: string) => boolean, describe: string, required = true): void => {
      const value = c[name];
      if (value === undefined && !required) return;
      if (typeof value !== 'string' || !valid(value)) {
        problems.push(
          `  - ${at}.${name} is ${value === undefined ? 'missing' : 'invalid'}: expected ${describe}, got ${JSON.stringify(value)}.`,
        );
      }
    };
    field(
      'id',
      (v) => CREDITOR_ID_PATTERN.test(v) && (!sftp || SFTP_USER_NAME.test(v)),
      `a creditor id (lower-case letters, digits and dashes${sftp ? ', at least 3 characters for SFTP' : ''})`,
    );
    field(
      'principal',
      (v) => ACCOUNT_ID.test(v) || PRINCIPAL_ARN.test(v),
      'an AWS account id (12 digits) or an IAM role, user or root ARN',
    );
    field(
      'externalId',
      (v) => EXTERNAL_ID.test(v),
      'the external id the creditor passes to sts:AssumeRole (2 to 1224 of letters, digits and +=,.@:/-)',
    );
    field('sshPublicKey', (v) => SSH_PUBLIC_KEY.test(v), 'an SSH public key such as "ssh-ed25519 AAAA... name"', sftp);
    if (typeof c.id === 'string' && seen.has(c.id)) problems.push(`  - ${at}.id ${JSON.stringify(c.id)} is listed twice.`);
    if (typeof c.id === 'string') seen.add(c.id);
    if (problems.length > before) return [];
    return [
      {
        id: c.id as string,
        principal: c.principal as string,
        externalId: c.externalId as string,
        ...(typeof c.sshPublicKey === 'string' ? { sshPublicKey: c.sshPublicKey } : {}),
      },
    ];
  });
}

function readFlag(name: string, raw: unknown, problems: string[]): boolean {
  if (raw === undefined || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  problems.push(`  - "${name}" must be true or false, got ${JSON.stringify(raw)}.`);
  return false;
}

function readPaymentProcessors(raw: unknown, problems: string[]): PaymentProcessorSetting[] {
  const example = '[{ "account": "444455556666", "creditors": ["acme"] }]';
  const list = listSetting(raw ?? []);
  const valid =
    Array.isArray(list) &&
    list.every((p: unknown) => {
      const { account, creditors } = (p ?? {}) as Record<string, unknown>;
      return (
        typeof account === 'string' &&
        ACCOUNT_ID.test(account) &&
        Array.isArray(creditors) &&
        creditors.length > 0 &&
        creditors.every((c) => typeof c === 'string' && CREDITOR_ID_PATTERN.test(c))
      );
    });
  if (!valid) {
    problems.push(
      `  - "paymentProcessors" must be a list of processors, each an AWS account id (12 digits) and the creditor ids it may report payments for, e.g. ${example}, got ${JSON.stringify(raw)}.`,
    );
    return [];
  }
  const accounts = list.map((p: PaymentProcessorSetting) => p.account);
  if (new Set(accounts).size !== accounts.length) {
    problems.push('  - "paymentProcessors" lists an account more than once: give each processor one entry with all its creditors.');
    return [];
  }
  return list.map((p: PaymentProcessorSetting) => ({ account: p.account, creditors: [...p.creditors] }));
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const LOB_ADDRESS_ID = /^adr_[A-Za-z0-9]+$/;

/** The optional print-and-mail settings: `letterApiKeySecretArn` and `letterFromAddressId`, both or neither. */
function readLetters(scope: Construct, problems: string[]): DeploySettings['letters'] {
  const apiKeySecretArn: unknown = scope.node.tryGetContext('letterApiKeySecretArn');
  const fromAddressId: unknown = scope.node.tryGetContext('letterFromAddressId');
  if (apiKeySecretArn === undefined && fromAddressId === undefined) return undefined;
  const before = problems.length;
  if (typeof apiKeySecretArn !== 'string' || !SECRET_ARN.test(apiKeySecretArn)) {
    problems.push(`  - "letterApiKeySecretArn" must be a Secrets Manager secret ARN, got ${JSON.stringify(apiKeySecretArn)}.`);
  }
  if (typeof fromAddressId !== 'string' || !LOB_ADDRESS_ID.test(fromAddressId)) {
    problems.push(`  - "letterFromAddressId" must be the id of an address saved in Lob (adr_…), got ${JSON.stringify(fromAddressId)}.`);
  }
  return problems.length > before ? undefined : { apiKeySecretArn: apiKeySecretArn as string, fromAddressId: fromAddressId as string };
}

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
  settings.creditorSftp = readFlag('creditorSftp', scope.node.tryGetContext('creditorSftp'), problems);
  settings.creditors = readCreditors(scope.node.tryGetContext('creditors'), settings.creditorSftp, problems);
  settings.paymentProcessors = readPaymentProcessors(scope.node.tryGetContext('paymentProcessors'), problems);
  const alarmEmail: unknown = scope.node.tryGetContext('alarmEmail');
  if (typeof alarmEmail === 'string' && EMAIL.test(alarmEmail)) settings.alarmEmail = alarmEmail;
  else if (alarmEmail !== undefined && alarmEmail !== null && alarmEmail !== '') {
    problems.push(
      `  - "alarmEmail" is invalid: expected an email address for the alarms, e.g. oncall@example.com, got ${JSON.stringify(alarmEmail)}.`,
    );
  }
  const letters = readLetters(scope, problems);
  if (letters) settings.letters = letters;
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
  /** Placement files larger than this are refused whole (shared/limits.ts). */
  maxPlacementBytes: MAX_PLACEMENT_FILE_BYTES,
  creditorReports: {
    /** Hourly at :15: each run reports the creditors whose own day (reporting.timeZone) ended in the hour before. */
    schedule: 'cron(15 * * * ? *)',
    timeout: Duration.minutes(15),
    memorySize: 1024,
  },
  /**
   * Creditor files (inbox and outbox: placements, instructions, profiles, reports) and raw inbound mail expire this
   * long after they were written: the Reg F retention (shared/accounts/retention.ts). An account's own records are
   * in the table, which keeps them three years after its last event.
   */
  creditorFilesExpiration: Duration.days(RETENTION_DAYS),
  inboundMailExpiration: Duration.days(RETENTION_DAYS),
  /** Ingest Map Run results (see workflows/ingest.ts) are deleted after this. */
  ingestResultsExpiration: Duration.days(30),
  /** Profile files larger than this are refused (shared/limits.ts). */
  maxProfileBytes: MAX_PROFILE_FILE_BYTES,
  /**
   * The public unsubscribe URL (no IAM auth) may run this many at once: a flood of requests is throttled there (the
   * mail client retries) instead of taking the account's concurrency from the workflows' functions.
   */
  unsubscribeReservedConcurrency: 5,
  /** The public Stripe webhook likewise: Stripe retries what is throttled (HTTP 429) for up to three days. */
  stripeWebhookReservedConcurrency: 10,
  /** The debtor's page is public too: a flood is throttled there, not taken from the workflows' functions. */
  portalReservedConcurrency: 10,
  /** The SFTP server's TLS/SSH algorithms: the newest Transfer Family policy at the time of writing. */
  sftpSecurityPolicy: 'TransferSecurityPolicy-2024-01',
  alarm: {
    period: Duration.minutes(5),
    threshold: 1,
    evaluationPeriods: 1,
  },
} as const;
