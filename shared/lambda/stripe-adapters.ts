// The AWS side of the Stripe ports: apart from aws-adapters.ts, so that only the functions that use Stripe bundle
// its SDK. The keys come from Secrets Manager, read once per execution environment.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { StripeCheckout, stripeCheckoutSessions } from '../adapters/stripe-checkout.ts';
import type { CreditorStore } from '../ports.ts';
import { ENV, requireEnv, type EnvName } from './environment.ts';
import { tracer } from './observability.ts';

/**
 * A secret's string, read from Secrets Manager on first use and kept for the life of the execution environment (a
 * failed read is tried again on the next call). The secret's ARN is in the variable `arnVariable`.
 */
export function awsSecretString(arnVariable: EnvName): () => Promise<string> {
  const client = tracer.captureAWSv3Client(new SecretsManagerClient({}));
  const secretId = requireEnv(arnVariable);
  let value: Promise<string> | undefined;
  return () => {
    value ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then(
      ({ SecretString }) => {
        if (!SecretString) throw new Error(`Secret ${secretId} has no string value`);
        return SecretString;
      },
      (error: unknown) => {
        value = undefined;
        throw error;
      },
    );
    return value;
  };
}

/** Hosted payments on Stripe Checkout, with the secret API key from Secrets Manager. */
export function awsStripeCheckout(creditors: Pick<CreditorStore, 'getProfile'>): StripeCheckout {
  return new StripeCheckout(stripeCheckoutSessions(awsSecretString(ENV.stripeApiKeySecretArn)), creditors);
}

/** The Stripe webhook signing secrets, from Secrets Manager. */
export function awsStripeSigningSecrets(): () => Promise<string[]> {
  const secret = awsSecretString(ENV.stripeWebhookSecretArn);
  return async () => signingSecretsOf(await secret());
}

/** The signing secrets held in one secret string: separated by commas or white space. */
function signingSecretsOf(secretString: string): string[] {
  return secretString.split(/[\s,]+/).filter((secret) => secret.length > 0);
}
