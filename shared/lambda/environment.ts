// The functions' environment variables, named once: infra sets them (infra/constructs/tactful-function.ts), the
// handlers read them (aws-adapters.ts and functions/*/handler.ts), and the local platform reads the synthesized ones.

export const ENV = {
  /** Which function this is (its folder under functions/). */
  functionName: 'TACTFUL_FUNCTION',
  /** Powertools: the service dimension of logs, metrics and traces. */
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  /** Powertools: the CloudWatch namespace of the metrics. */
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** The DynamoDB table of accounts, their events and the creditor profiles. */
  tableName: 'TABLE_NAME',
  /** The data bucket: creditor inboxes and outboxes, raw inbound mail. */
  bucketName: 'BUCKET_NAME',
  /** The Lifecycle state machine, started by ingest and resumed by callbacks. */
  lifecycleStateMachineArn: 'LIFECYCLE_STATE_MACHINE_ARN',
  /** The SES v2 configuration set every email goes through. */
  emailConfigurationSet: 'EMAIL_CONFIGURATION_SET',
  /** The End User Messaging SMS configuration set every text goes through. */
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  /** The agency's verified mail domain: a creditor without a verified domain of its own sends from creditorId@it. */
  agencyMailDomain: 'AGENCY_MAIL_DOMAIN',
  /** The stack's name, the tag on the SES identities it creates for creditors (shared/creditors/sending-identity.ts). */
  identityStack: 'SENDING_IDENTITY_STACK',
  /** The domain of the per-touch reply addresses. */
  replyDomain: 'REPLY_DOMAIN',
  /** The agency's identity, used once an account is handed off to it. */
  agencyName: 'AGENCY_NAME',
  agencyEmail: 'AGENCY_EMAIL',
  /** Optional: the agency's own SMS origination number. */
  agencySmsOrigination: 'AGENCY_SMS_ORIGINATION',
  agencyAddress: 'AGENCY_ADDRESS',
  /** Optional, together: the Secrets Manager secret with the print-and-mail (Lob) API key, and the return address id. */
  letterApiKeySecretArn: 'LETTER_API_KEY_SECRET_ARN',
  letterFromAddressId: 'LETTER_FROM_ADDRESS_ID',
  /** The one-click unsubscribe endpoint the email links point at. */
  unsubscribeUrl: 'UNSUBSCRIBE_URL',
  /** The KMS HMAC key that signs and verifies unsubscribe links. */
  linkKeyId: 'LINK_KEY_ID',
  /** The KMS HMAC key that makes and checks the tokens of reply addresses (a key of its own). */
  replyKeyId: 'REPLY_KEY_ID',
  /** The Secrets Manager secret holding the Stripe secret API key (sk_…), for Checkout Sessions. */
  stripeApiKeySecretArn: 'STRIPE_API_KEY_SECRET_ARN',
  /** The Secrets Manager secret holding the Stripe webhook signing secrets (whsec_…, comma-separated). */
  stripeWebhookSecretArn: 'STRIPE_WEBHOOK_SECRET_ARN',
  /** The debtor's page (a Function URL): every message links to it with the account's signed token. */
  portalUrl: 'PORTAL_URL',
  /** The KMS HMAC key that signs and verifies the page links and its forms' nonces (a key of its own). */
  portalKeyId: 'PORTAL_KEY_ID',
  /** The largest placement file ingest accepts, in bytes. */
  maxPlacementBytes: 'MAX_PLACEMENT_BYTES',
  /** The largest creditor profile file accepted, in bytes. */
  maxProfileBytes: 'MAX_PROFILE_BYTES',
  /** JSON: which creditors each payment processor account may report payments for, and this deployment's account. */
  paymentProcessors: 'PAYMENT_PROCESSORS',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** A function's variables as infra sets them. */
export type FunctionEnvironment = Partial<Record<EnvName, string>>;

/** The variable's value; a missing one is a deployment fault, so the function fails at start rather than later. */
export function requireEnv(name: EnvName): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/** The variable's value, or undefined when it is unset or empty. */
export function optionalEnv(name: EnvName): string | undefined {
  return process.env[name] || undefined;
}
