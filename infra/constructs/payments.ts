// Hosted payments on Stripe: the webhook that records what Stripe reports (a Lambda Function URL without IAM auth:
// Stripe signs each request, and the function checks the signature before reading anything), and the two secrets
// the operator fills in: the secret API key (for Checkout Sessions) and the webhook signing secrets. Processor
// payments on EventBridge (the tactful-payments bus) are in inbound.ts; both go through the same use case.
import { CfnOutput } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../../shared/lambda/environment.ts';
import { DEFAULTS } from '../config.ts';
import { acknowledge } from './nag.ts';
import { TactfulFunction } from './tactful-function.ts';

export interface PaymentsProps {
  /** Encrypts the secrets and the function's log group. */
  key: kms.IKey;
  table: dynamodb.ITable;
  /** The Lifecycle state machine, by name: a payment wakes a waiting task. */
  lifecycle: sfn.IStateMachine;
}

export class Payments extends Construct {
  /** The Stripe secret API key (sk_…): the operator sets its value; until then it is a random string Stripe refuses. */
  readonly stripeApiKey: secretsmanager.Secret;
  /** The webhook endpoints' signing secrets (whsec_…, comma-separated): until set, no request verifies. */
  readonly stripeWebhookSecret: secretsmanager.Secret;
  readonly webhook: TactfulFunction;
  readonly webhookUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    const { key, table, lifecycle } = props;
    this.stripeApiKey = new secretsmanager.Secret(this, 'StripeApiKey', {
      description: 'Tactful: the Stripe secret API key (sk_live_… or sk_test_…) that creates Checkout Sessions',
      encryptionKey: key,
    });
    this.stripeWebhookSecret = new secretsmanager.Secret(this, 'StripeWebhookSecret', {
      description: 'Tactful: the Stripe webhook signing secrets (whsec_…), comma-separated (account and Connect endpoints)',
      encryptionKey: key,
    });
    acknowledge(
      this,
      'Stripe keys and signing secrets are issued and rolled in the Stripe dashboard, not by a rotation Lambda: the ' +
        'operator puts the new value here (the webhook accepts an old and a new signing secret side by side).',
      'AwsSolutions-SMG4',
    );

    this.webhook = new TactfulFunction(this, 'StripeWebhook', {
      name: 'stripe-webhook',
      description: 'Payments: verifies a Stripe webhook and records the payment, refund or lost chargeback it reports',
      key,
      reservedConcurrentExecutions: DEFAULTS.stripeWebhookReservedConcurrency,
    }).resumesLifecycle(lifecycle);
    this.webhook.grantTable(table, ['getProfile', 'getAccount', 'findPaymentRoute', 'putPaymentRoute', 'appendEvent']);
    this.stripeWebhookSecret.grantRead(this.webhook.fn);
    this.webhook.addEnvironment(ENV.stripeWebhookSecretArn, this.stripeWebhookSecret.secretArn);
    // Stripe cannot sign AWS requests; its own signature is the authorization.
    this.webhookUrl = this.webhook.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    new CfnOutput(this, 'StripeWebhookUrl', { value: this.webhookUrl.url, description: 'Stripe webhook endpoint (payments)' });
    new CfnOutput(this, 'StripeApiKeySecretArn', { value: this.stripeApiKey.secretArn, description: 'Put the Stripe secret key here' });
    new CfnOutput(this, 'StripeWebhookSecretArn', {
      value: this.stripeWebhookSecret.secretArn,
      description: "Put the webhook endpoint's signing secret here",
    });
  }

  /** Lets a function start Checkout Sessions: read the API key, and nothing else of Stripe's. */
  grantCheckout(fn: TactfulFunction): void {
    this.stripeApiKey.grantRead(fn.fn);
    fn.addEnvironment(ENV.stripeApiKeySecretArn, this.stripeApiKey.secretArn);
  }
}
