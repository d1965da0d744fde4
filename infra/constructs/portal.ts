// The debtor's page: a Lambda behind a Function URL that renders the account's page from a signed link and takes its
// forms. A KMS HMAC key of its own signs the links and the forms' nonces: Send may only sign (to put the link in
// messages), the page signs nonces and fresh links and verifies. Actions record events and wake the workflow.
import { CfnOutput } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../../shared/lambda/environment.ts';
import { DEFAULTS, type DeploySettings } from '../config.ts';
import type { Messaging } from './messaging.ts';
import { TactfulFunction } from './tactful-function.ts';

export interface PortalProps {
  /** Encrypts the function's log group. */
  key: kms.IKey;
  table: dynamodb.ITable;
  /** The Lifecycle state machine, by name: an action wakes a waiting task. */
  lifecycle: sfn.IStateMachine;
  /** A fresh link for an expired one goes by email. */
  messaging: Messaging;
  settings: DeploySettings;
}

export class Portal extends Construct {
  readonly linkKey: kms.Key;
  readonly function: TactfulFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    this.linkKey = new kms.Key(this, 'LinkKey', {
      description: "Tactful: signs and verifies the links to the debtor's page and its forms' nonces (HMAC)",
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
    });
    this.function = new TactfulFunction(this, 'Portal', {
      name: 'portal',
      description: "The debtor's page: shows the account from a signed link and records the debtor's choices",
      key: props.key,
      reservedConcurrentExecutions: DEFAULTS.portalReservedConcurrency,
    })
      .resumesLifecycle(props.lifecycle)
      .speaksAsAgency(props.settings);
    this.function.grantTable(props.table, ['getAccount', 'loadHistory', 'getProfile', 'appendEvent', 'queueForReview']);
    this.linkKey.grant(this.function.fn, 'kms:GenerateMac', 'kms:VerifyMac');
    this.function.addEnvironment(ENV.portalKeyId, this.linkKey.keyArn);
    props.messaging.grantSendEmail(this.function);
    // Debtors follow the link without credentials; the signed token is the authorization.
    this.url = this.function.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'Url', { value: this.url.url, description: "The debtor's page" });
  }

  /** Lets a sender put the page's link in messages: the page's URL and the right to sign with the key, nothing more. */
  grantSignLinks(sender: TactfulFunction): void {
    this.linkKey.grant(sender.fn, 'kms:GenerateMac');
    sender.addEnvironment(ENV.portalKeyId, this.linkKey.keyArn);
    sender.addEnvironment(ENV.portalUrl, this.url.url);
  }
}
