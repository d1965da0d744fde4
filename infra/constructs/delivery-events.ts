// Delivery events: what the providers report after they took a message.
//  - Email: the SES configuration set publishes Bounce, Complaint, Delivery and Reject to the default EventBridge bus;
//    a rule (this configuration set's events only) invokes delivery-events.
//  - SMS: the End User Messaging configuration set publishes its final SMS events to an SNS topic that invokes
//    delivery-events (CloudFormation offers SNS, CloudWatch Logs or Firehose there, not EventBridge).
import { Aws } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SES_EVENT_TYPES, SMS_EVENT_TYPES } from '../../shared/usecases/record-delivery-event.ts';
import type { Messaging } from './messaging.ts';
import { TactfulFunction } from './tactful-function.ts';

/** The EventBridge detail-type of each SES event Tactful reads. */
export const SES_EVENT_DETAIL_TYPES: Readonly<Record<(typeof SES_EVENT_TYPES)[number], string>> = {
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Delivery: 'Email Delivered',
  Reject: 'Email Rejected',
};

export interface DeliveryEventsProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  lifecycle: sfn.IStateMachine;
  messaging: Messaging;
  /** Where an event goes after every retry failed. */
  deadLetterQueue: sqs.IQueue;
}

export class DeliveryEvents extends Construct {
  readonly function: TactfulFunction;
  readonly emailRule: events.Rule;
  /** End User Messaging SMS publishes the SMS events here. */
  readonly smsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);
    const { key, table, lifecycle, messaging, deadLetterQueue } = props;
    this.function = new TactfulFunction(this, 'DeliveryEvents', {
      name: 'delivery-events',
      description: 'Delivery events: records bounces, complaints, deliveries and carrier reports on the account',
      key,
      deadLetterQueue,
    }).resumesLifecycle(lifecycle);
    this.function.grantTable(table, ['getAccount', 'appendEvent']);

    // --- Email ---------------------------------------------------------------------------------------------------
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    messaging.emailConfigurationSet.addEventDestination('DeliveryEvents', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.REJECT],
    });
    this.emailRule = new events.Rule(this, 'EmailDeliveryEvents', {
      description: "Runs delivery-events for each bounce, complaint, delivery and reject of this stack's email",
      eventBus: defaultBus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_EVENT_TYPES.map((type) => SES_EVENT_DETAIL_TYPES[type]),
        detail: { mail: { tags: { 'ses:configuration-set': [messaging.emailConfigurationSetName] } } },
      },
      targets: [new targets.LambdaFunction(this.function.fn, { deadLetterQueue, retryAttempts: 8 })],
    });

    // --- SMS -----------------------------------------------------------------------------------------------------
    this.smsTopic = new sns.Topic(this, 'SmsEventsTopic', { displayName: 'Tactful SMS delivery events', masterKey: key, enforceSSL: true });
    this.smsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEndUserMessagingSmsEvents',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.smsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    // The key policy already lets sms-voice encrypt to this account's topics (Inbound, for two-way SMS).
    // The configuration set is Messaging's; its event destination belongs to this concern, so it is set here.
    messaging.smsConfigurationSet.eventDestinations = [
      {
        eventDestinationName: 'tactful-delivery-events',
        enabled: true,
        matchingEventTypes: SMS_EVENT_TYPES,
        snsDestination: { topicArn: this.smsTopic.topicArn },
      },
    ];
    this.smsTopic.addSubscription(new subscriptions.LambdaSubscription(this.function.fn));
  }
}
