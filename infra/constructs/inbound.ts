// Inbound: what comes back. Each path records the event on the account first, then resumes the waiting task.
//  - SMS replies: End User Messaging SMS two-way → SNS topic → inbound-sms.
//  - Email replies: SES receipt rule for the reply domain → raw mail to s3://<data bucket>/inbound/email/ → inbound-email.
//  - Creditor instruction files: S3 "Object Created" on creditors/*/inbox/instructions/*.csv → instructions.
//  - Processor payments: EventBridge events from source "tactful.payments" on the tactful-payments bus → payment-events.
//  - Creditor profile files: S3 "Object Created" on creditors/*/inbox/profile.json → creditor-profile.
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ANY_INBOX_KEY_PATTERN, INBOX_KEY_PATTERNS } from '../../shared/creditors/inbox.ts';
import { PAYMENT_EVENT_BUS_NAME, PAYMENT_EVENT_DETAIL_TYPE, PAYMENT_EVENT_SOURCE } from '../../shared/usecases/record-processor-payment.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { DEFAULTS, type DeploySettings } from '../config.ts';
import { ActiveReceiptRuleSet } from './active-receipt-rule-set.ts';
import type { Messaging } from './messaging.ts';
import { PREFIXES } from './storage.ts';
import { grantObjectsPut, TactfulFunction } from './tactful-function.ts';

export interface InboundProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  settings: DeploySettings;
  /** The Lifecycle state machine referenced by name (see TactfulFunction.resumesLifecycle). */
  lifecycle: sfn.IStateMachine;
  /**
   * inbound-sms answers STOP, HELP and START itself (self-managed opt-outs), and both inbound functions answer a reply
   * to a closed account: they send through the messaging configuration sets.
   */
  messaging: Messaging;
}

export class Inbound extends Construct {
  readonly smsTopic: sns.Topic;
  readonly receiptRuleSet: ses.ReceiptRuleSet;
  readonly instructionsRule: events.Rule;
  readonly profileRule: events.Rule;
  /** Every inbox file, for the acknowledgement of the ones no other rule reads. */
  readonly unreadRule: events.Rule;
  /**
   * Processor payments arrive here, not on the default bus: only this account and the processor accounts the deploy
   * settings name (paymentProcessors) may put events on it, and each only for its own creditors.
   */
  readonly paymentBus: events.EventBus;
  /** Processor payments: source "tactful.payments", detail-type "Payment Received", on the payment bus. */
  readonly paymentRule: events.Rule;
  /** Replies, instruction and profile files, and daily report runs that failed after every retry: kept here (14 days), never lost. */
  readonly failedEvents: sqs.Queue;
  readonly functions: TactfulFunction[];

  constructor(scope: Construct, id: string, props: InboundProps) {
    super(scope, id);
    const { key, table, bucket, settings, lifecycle, messaging } = props;
    const stackName = Stack.of(this).stackName;
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // EventBridge writes undeliverable instruction events to the encrypted queue itself.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-sse
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToEncryptedDeadLetterQueue',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // --- SMS ---------------------------------------------------------------------------------------------------
    // The operator points each origination number's two-way SMS channel at this topic (stack output InboundSmsTopicArn).
    this.smsTopic = new sns.Topic(this, 'SmsTopic', {
      displayName: 'Tactful inbound SMS',
      masterKey: key,
      enforceSSL: true,
    });
    this.smsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEndUserMessagingSmsTwoWay',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.smsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    // https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-iam-policy-auto.html (encrypted topics)
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEndUserMessagingSmsToEncryptedTopics',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:sms-voice:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
        },
      }),
    );

    const inboundSms = new TactfulFunction(this, 'InboundSms', {
      name: 'inbound-sms',
      description: 'Inbound: records an SMS reply (STOP, HELP, dispute, ...), wakes the account workflow, answers keywords',
      key,
      deadLetterQueue: this.failedEvents,
    })
      .resumesLifecycle(lifecycle)
      .speaksAsAgency(settings);
    inboundSms.grantTable(table, [
      'findCreditorByOriginationNumber',
      'findAccountsByContact',
      'loadHistory',
      'getAccount',
      'getProfile',
      'appendEvent',
      'queueForReview',
    ]);
    messaging.grantSendSms(inboundSms);
    this.smsTopic.addSubscription(new subscriptions.LambdaSubscription(inboundSms.fn));

    // --- Email -------------------------------------------------------------------------------------------------
    const inboundEmail = new TactfulFunction(this, 'InboundEmail', {
      name: 'inbound-email',
      description: 'Inbound: records an email reply from its raw message, wakes the account workflow, answers a closed account',
      key,
      environment: { [ENV.replyDomain]: settings.replyDomain },
      deadLetterQueue: this.failedEvents,
    })
      .resumesLifecycle(lifecycle)
      .speaksAsAgency(settings);
    inboundEmail.grantTable(table, ['findAccountsByContact', 'loadHistory', 'getAccount', 'getProfile', 'appendEvent', 'queueForReview']);
    messaging.grantSendEmail(inboundEmail);
    messaging.grantReplyAddresses(inboundEmail);
    inboundEmail.grantObjectsRead(bucket, PREFIXES.inboundEmail).grantObjectsPut(bucket, PREFIXES.inboundEmailFlagged);

    // SES receiving: only one rule set is active per account and region, and CloudFormation cannot activate one, so a
    // custom resource does (below): deploying makes this stack's rule set the active one, replacing any other. The
    // reply domain needs an MX record pointing to SES inbound (inbound-smtp.<region>.amazonaws.com), in a region
    // where SES email receiving is available.
    const ruleSetName = `${stackName}-inbound`;
    const ruleName = 'replies';
    this.receiptRuleSet = new ses.ReceiptRuleSet(this, 'ReceiptRuleSet', { receiptRuleSetName: ruleSetName });

    // SES writes the raw mail with an IAM role (S3Action.IamRoleArn) rather than through a bucket policy plus a key
    // policy: the bucket is SSE-KMS with our key, and the role carries both s3:PutObject on inbound/email/* and the key
    // permissions through ordinary grants. "If an IAM role ARN is provided, the role (and only the role) is used"
    // (https://docs.aws.amazon.com/ses/latest/APIReference/API_S3Action.html).
    const mailWriter = new iam.Role(this, 'MailWriterRole', {
      description: 'SES receipt rule: writes raw inbound mail to the data bucket',
      assumedBy: new iam.ServicePrincipal('ses.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${ruleSetName}:receipt-rule/${ruleName}`,
          },
        },
      }),
    });
    grantObjectsPut(mailWriter, mailWriter, bucket, PREFIXES.inboundEmail);

    const writeRawMail: ses.IReceiptRuleAction = {
      bind: () => ({
        s3Action: { bucketName: bucket.bucketName, objectKeyPrefix: PREFIXES.inboundEmail, iamRoleArn: mailWriter.roleArn },
      }),
    };
    const rule = this.receiptRuleSet.addRule('Replies', {
      receiptRuleName: ruleName,
      recipients: [settings.replyDomain],
      scanEnabled: true,
      // Debtors' replies carry personal data: refuse mail that did not arrive over TLS.
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [writeRawMail, new sesActions.Lambda({ function: inboundEmail.fn, invocationType: sesActions.LambdaInvocationType.EVENT })],
    });
    // SES test-writes to the bucket when the rule is created: the role and its policy must exist first.
    rule.node.addDependency(mailWriter);
    new ActiveReceiptRuleSet(this, 'ActiveReceiptRuleSet', { ruleSet: this.receiptRuleSet, ruleSetName, key }).resource.node.addDependency(
      rule,
    );

    // --- Creditor instructions -----------------------------------------------------------------------------------
    const instructions = new TactfulFunction(this, 'Instructions', {
      name: 'instructions',
      description: 'Inbound: applies a creditor instruction file (payments, recalls, disputes, hand-off approvals)',
      key,
      deadLetterQueue: this.failedEvents,
    }).resumesLifecycle(lifecycle);
    instructions.grantTable(table, ['getAccount', 'loadHistory', 'appendEvent']);
    instructions.grantObjectsRead(bucket, `${PREFIXES.inbox}instructions/`).grantObjectsPut(bucket, PREFIXES.outbox);

    const creditorFileRule = (id: string, description: string, keyPattern: string, fn: TactfulFunction) =>
      new events.Rule(this, id, {
        description,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [bucket.bucketName] }, object: { key: events.Match.wildcard(keyPattern) } },
        },
        targets: [new targets.LambdaFunction(fn.fn, { deadLetterQueue: this.failedEvents, retryAttempts: 8 })],
      });
    this.instructionsRule = creditorFileRule(
      'InstructionsUploaded',
      'Runs the instructions function for each instruction CSV uploaded to a creditor inbox',
      INBOX_KEY_PATTERNS.instructions,
      instructions,
    );

    // --- Creditor profiles ---------------------------------------------------------------------------------------
    const creditorProfile = new TactfulFunction(this, 'CreditorProfile', {
      name: 'creditor-profile',
      description: 'Inbound: validates a creditor profile file and makes it the next version in force',
      key,
      environment: { [ENV.maxProfileBytes]: String(DEFAULTS.maxProfileBytes) },
      deadLetterQueue: this.failedEvents,
    }).knowsAgencySmsNumber(settings); // no profile may claim it
    creditorProfile.grantTable(table, ['acceptProfile', 'findCreditorByOriginationNumber']);
    messaging.grantCreateCreditorIdentities(creditorProfile);
    creditorProfile.grantObjectsRead(bucket, `${PREFIXES.inbox}profile.json`).grantObjectsPut(bucket, PREFIXES.outbox);
    this.profileRule = creditorFileRule(
      'ProfileUploaded',
      'Runs the creditor-profile function for each profile.json uploaded to a creditor inbox',
      INBOX_KEY_PATTERNS.profile,
      creditorProfile,
    );

    // --- Inbox files no rule reads ----------------------------------------------------------------------------------
    const inboxUnread = new TactfulFunction(this, 'InboxUnread', {
      name: 'inbox-unread',
      description: 'Inbound: acknowledges an inbox file that is not a placement, instruction or profile file',
      key,
      deadLetterQueue: this.failedEvents,
    });
    inboxUnread.grantObjectsPut(bucket, PREFIXES.outbox);
    // Every inbox file: an EventBridge pattern cannot say "in the inbox but none of these", so the function tells.
    this.unreadRule = creditorFileRule(
      'InboxFileUploaded',
      'Runs inbox-unread for every file uploaded to a creditor inbox; it acknowledges the ones no other rule reads',
      ANY_INBOX_KEY_PATTERN,
      inboxUnread,
    );

    // --- Processor payment events ---------------------------------------------------------------------------------
    const paymentEvents = new TactfulFunction(this, 'PaymentEvents', {
      name: 'payment-events',
      description: "Inbound: records a payment the creditor's payment processor reports on EventBridge",
      key,
      deadLetterQueue: this.failedEvents,
      // Which creditors each processor may report for; an event from a processor for another creditor fails for good.
      environment: {
        [ENV.paymentProcessors]: Stack.of(this).toJsonString({
          operatorAccount: Aws.ACCOUNT_ID,
          creditorsOf: Object.fromEntries(settings.paymentProcessors.map((p) => [p.account, p.creditors])),
        }),
      },
    }).resumesLifecycle(lifecycle);
    paymentEvents.grantTable(table, ['getAccount', 'putPaymentRoute', 'appendEvent']);
    this.paymentBus = new events.EventBus(this, 'PaymentBus', { eventBusName: PAYMENT_EVENT_BUS_NAME });
    // The bus's resource policy is the list of who may report payments: with no processor account, only principals of
    // this account that their own IAM policy allows.
    for (const { account } of settings.paymentProcessors) {
      this.paymentBus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowPaymentProcessor${account}`,
          principals: [new iam.AccountPrincipal(account)],
          actions: ['events:PutEvents'],
          resources: [this.paymentBus.eventBusArn],
          conditions: {
            StringEquals: { 'events:source': PAYMENT_EVENT_SOURCE, 'events:detail-type': PAYMENT_EVENT_DETAIL_TYPE },
          },
        }),
      );
    }
    this.paymentRule = new events.Rule(this, 'PaymentReceived', {
      description: 'Runs payment-events for each payment a processor puts on the payment event bus',
      eventBus: this.paymentBus,
      eventPattern: { source: [PAYMENT_EVENT_SOURCE], detailType: [PAYMENT_EVENT_DETAIL_TYPE] },
      targets: [new targets.LambdaFunction(paymentEvents.fn, { deadLetterQueue: this.failedEvents, retryAttempts: 8 })],
    });

    this.functions = [inboundSms, inboundEmail, instructions, creditorProfile, inboxUnread, paymentEvents];
  }
}
