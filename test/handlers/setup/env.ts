// Shared set-up for test/handlers: the environment every handler module reads at import time, and the
// aws-sdk-client-mock matchers. Import it FIRST in each test file, then import handler modules dynamically.
import { expect } from 'vitest';
import { allCustomMatcher, type BaseMatcher } from 'aws-sdk-client-mock-vitest';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R, T> extends BaseMatcher<R, T> {}
}

export const TEST_ENV = {
  TABLE_NAME: 'tactful-test-table',
  BUCKET_NAME: 'tactful-test-bucket',
  LIFECYCLE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:Lifecycle',
  EMAIL_CONFIGURATION_SET: 'tactful-email-events',
  SMS_CONFIGURATION_SET: 'tactful-sms-events',
  REPLY_DOMAIN: 'reply.tactful.test',
  AGENCY_MAIL_DOMAIN: 'mail.tactful.test',
  SENDING_IDENTITY_STACK: 'tactful-test',
  AGENCY_NAME: 'Tactful Recoveries',
  AGENCY_EMAIL: 'collections@tactful.test',
  AGENCY_ADDRESS: '1 Test Plaza, Springfield, IL 62701',
  UNSUBSCRIBE_URL: 'https://unsubscribe.tactful.test/',
  MAX_PROFILE_BYTES: '262144',
  MAX_PLACEMENT_BYTES: '65536',
  PAYMENT_PROCESSORS: JSON.stringify({ operatorAccount: '123456789012', creditorsOf: { '444455556666': ['acme'] } }),
  LINK_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/link-key',
  REPLY_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/reply-key',
  STRIPE_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-webhook',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_SERVICE_NAME: 'tactful-tests',
} as const;

Object.assign(process.env, TEST_ENV);
// A stray real SMS origination for the agency would change the ThirdParty behaviour under test.
delete process.env.AGENCY_SMS_ORIGINATION;

expect.extend(allCustomMatcher);

// Powertools Metrics warns "No application metrics to publish" on every invocation whose metrics all went out as
// single (dimensioned) metrics, which is every successful plan/send/inbound-sms call. Keep that one known line out of
// the test output; every other warning still shows.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
  warn(...args);
};
