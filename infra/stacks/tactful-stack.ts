// The Tactful stack: storage, messaging, the Lifecycle and Ingest workflows, the inbound paths, the daily creditor
// reports and the alarms.
import { CfnOutput, Stack, type App, type StackProps } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { loadDeploySettings } from '../config.ts';
import { CreditorAccess } from '../constructs/creditor-access.ts';
import { DeliveryEvents } from '../constructs/delivery-events.ts';
import { Inbound } from '../constructs/inbound.ts';
import { Ingest } from '../constructs/ingest.ts';
import { Lifecycle } from '../constructs/lifecycle.ts';
import { Messaging } from '../constructs/messaging.ts';
import { Observability } from '../constructs/observability.ts';
import { Portal } from '../constructs/portal.ts';
import { Reporting } from '../constructs/reporting.ts';
import { Storage } from '../constructs/storage.ts';
import { Payments } from '../constructs/payments.ts';
import { Unsubscribe } from '../constructs/unsubscribe.ts';
import type { TactfulFunction } from '../constructs/tactful-function.ts';

export const DEFAULT_STACK_ID = 'Tactful';

export class TactfulStack extends Stack {
  readonly storage: Storage;
  readonly creditorAccess: CreditorAccess;
  readonly lifecycle: Lifecycle;
  readonly ingest: Ingest;
  readonly inbound: Inbound;
  readonly deliveryEvents: DeliveryEvents;
  readonly unsubscribe: Unsubscribe;
  readonly payments: Payments;
  readonly portal: Portal;
  readonly reporting: Reporting;
  readonly observability: Observability;
  readonly functions: TactfulFunction[];

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'Tactful: serverless, compliant, auditable debt collection',
      ...props,
    });
    const settings = loadDeploySettings(this);

    this.storage = new Storage(this, 'Storage');
    const { key, bucket, table } = this.storage;
    this.creditorAccess = new CreditorAccess(this, 'CreditorAccess', {
      bucket,
      key,
      creditors: settings.creditors,
      sftp: settings.creditorSftp,
    });
    const messaging = new Messaging(this, 'Messaging', settings);

    // Lifecycle has an explicit name so that the functions that complete its callback tasks can be granted, and told,
    // its ARN without a reference to the state machine resource (which references them: a cycle).
    const lifecycleName = `${this.stackName}-Lifecycle`;
    const lifecycleByName = sfn.StateMachine.fromStateMachineName(this, 'LifecycleByName', lifecycleName);

    this.unsubscribe = new Unsubscribe(this, 'Unsubscribe', { key, table, lifecycle: lifecycleByName });
    this.portal = new Portal(this, 'Portal', { key, table, lifecycle: lifecycleByName, messaging, settings });
    this.lifecycle = new Lifecycle(this, 'Lifecycle', {
      unsubscribe: this.unsubscribe,
      portal: this.portal,
      key,
      table,
      bucket,
      messaging,
      settings,
      stateMachineName: lifecycleName,
      byName: lifecycleByName,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      key,
      table,
      bucket,
      lifecycle: this.lifecycle.stateMachine,
      stateMachineName: `${this.stackName}-Ingest`,
    });
    this.inbound = new Inbound(this, 'Inbound', { key, table, bucket, settings, lifecycle: lifecycleByName, messaging });
    this.payments = new Payments(this, 'Payments', { key, table, lifecycle: lifecycleByName });
    this.payments.grantCheckout(this.portal.function);
    this.deliveryEvents = new DeliveryEvents(this, 'DeliveryEvents', {
      key,
      table,
      lifecycle: lifecycleByName,
      messaging,
      deadLetterQueue: this.inbound.failedEvents,
    });
    this.reporting = new Reporting(this, 'Reporting', { key, table, bucket, deadLetterQueue: this.inbound.failedEvents });
    this.functions = [
      ...this.lifecycle.functions,
      ...this.ingest.functions,
      ...this.inbound.functions,
      this.deliveryEvents.function,
      this.unsubscribe.function,
      this.portal.function,
      this.reporting.function,
      this.payments.webhook,
    ];
    this.observability = new Observability(this, 'Observability', {
      key,
      workflows: { Lifecycle: this.lifecycle.stateMachine, Ingest: this.ingest.stateMachine },
      deadLetterQueue: this.inbound.failedEvents,
      functions: this.functions,
      // No workflow or queue stands behind these: a person clicking unsubscribe or using their page, the daily creditor
      // files, Stripe.
      alarmOnErrors: [this.unsubscribe.function, this.portal.function, this.reporting.function, this.payments.webhook],
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName, description: 'Data bucket: creditors/{id}/inbox|outbox' });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'Accounts and their events' });
    new CfnOutput(this, 'LifecycleStateMachineArn', { value: this.lifecycle.stateMachine.stateMachineArn });
    new CfnOutput(this, 'IngestStateMachineArn', { value: this.ingest.stateMachine.stateMachineArn });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.inbound.smsTopic.topicArn,
      description: 'Two-way SMS destination of the origination numbers',
    });
    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.inbound.receiptRuleSet.receiptRuleSetName,
      description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(this, 'PaymentEventBusArn', {
      value: this.inbound.paymentBus.eventBusArn,
      description: 'Payment processors put "Payment Received" events (source tactful.payments) here',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn });
  }
}

/** The one factory behind infra/app.ts (`cdk synth`) and infra/synth.ts (tests, offline runtime). */
export function createTactfulStack(app: App, id: string = DEFAULT_STACK_ID, props?: StackProps): TactfulStack {
  return new TactfulStack(app, id, props);
}
