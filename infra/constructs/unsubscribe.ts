// One-click unsubscribe (RFC 8058): a KMS HMAC key signs each email's link (Send may only sign, the endpoint may only
// verify), and a Lambda Function URL takes the mail client's POST. Opting out records an event and wakes the workflow.
import { CfnOutput } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../../shared/lambda/environment.ts';
import { DEFAULTS } from '../config.ts';
import { TactfulFunction } from './tactful-function.ts';

export interface UnsubscribeProps {
  /** Encrypts the function's log group. */
  key: kms.IKey;
  table: dynamodb.ITable;
  /** The Lifecycle state machine, by name: opting out wakes a waiting task. */
  lifecycle: sfn.IStateMachine;
}

export class Unsubscribe extends Construct {
  readonly linkKey: kms.Key;
  readonly function: TactfulFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: UnsubscribeProps) {
    super(scope, id);
    this.linkKey = new kms.Key(this, 'LinkKey', {
      description: 'Tactful: signs and verifies one-click unsubscribe links (HMAC)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
    });
    this.function = new TactfulFunction(this, 'Unsubscribe', {
      name: 'unsubscribe',
      description: 'One-click unsubscribe: verifies the signed link and opts the account out of email',
      key: props.key,
      reservedConcurrentExecutions: DEFAULTS.unsubscribeReservedConcurrency,
    }).resumesLifecycle(props.lifecycle);
    this.function.grantTable(props.table, ['getAccount', 'appendEvent']);
    this.grantLinkKey(this.function, 'kms:VerifyMac');
    // Mail clients and debtors follow the link without credentials; the signature is the authorization.
    this.url = this.function.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'Url', { value: this.url.url, description: 'One-click unsubscribe endpoint' });
  }

  /** Lets a sender mint links: the endpoint's URL and the right to sign with the key, nothing more. */
  grantSignLinks(sender: TactfulFunction): void {
    this.grantLinkKey(sender, 'kms:GenerateMac');
    sender.addEnvironment(ENV.unsubscribeUrl, this.url.url);
  }

  /** The one use of the link key `fn` may make; the key in LINK_KEY_ID. */
  private grantLinkKey(fn: TactfulFunction, action: 'kms:GenerateMac' | 'kms:VerifyMac'): void {
    this.linkKey.grant(fn.fn, action);
    fn.addEnvironment(ENV.linkKeyId, this.linkKey.keyArn);
  }
}
