// Storage: the customer-managed KMS key, the data bucket (creditor inbox/outbox, raw inbound mail) with its access-log
// bucket, and the single DynamoDB table of accounts and their immutable events.
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BY_CREDITOR } from '../../shared/adapters/dynamo-keys.ts';
import { INGEST_RESULTS_PREFIX } from '../../shared/creditors/inbox.ts';
import { DEFAULTS } from '../config.ts';

/** Key prefixes of the data bucket. */
export const PREFIXES = {
  /** Creditor uploads: creditors/{creditorId}/inbox/{placements|instructions}/{file} and .../inbox/profile.json. */
  inbox: 'creditors/*/inbox/',
  /** Reports for the creditor: creditors/{creditorId}/outbox/{folder}/{file}. */
  outbox: 'creditors/*/outbox/',
  /** Raw inbound email, written by the SES receipt rule, one object per SES message id. */
  inboundEmail: 'inbound/email/',
  /** Mail SES flagged as spam or virus: one verdict record per message (shared/usecases/handle-inbound-email.ts). */
  inboundEmailFlagged: 'inbound/email-flagged/',
  /** Ingest Map Run results, written by Step Functions (ResultWriter), read by the acknowledgement; they expire. */
  ingestResults: INGEST_RESULTS_PREFIX,
} as const;

export class Storage extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Tactful ${stack.stackName}: data bucket, table, topics and log groups`,
      enableKeyRotation: true,
      alias: `alias/${stack.stackName}/data`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the log groups of this stack's functions and state machines with the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsInThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
          // The confused-deputy guard: only CloudWatch Logs acting for this account may use the key.
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );

    // Server access logs cannot be delivered to an SSE-KMS bucket: this one uses SSE-S3.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          expiration: DEFAULTS.accessLogExpiration,
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'DataBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: DEFAULTS.noncurrentVersionExpiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        // Retention (Reg F): S3 deletes these, nothing of ours does.
        { prefix: 'creditors/', expiration: DEFAULTS.creditorFilesExpiration },
        { prefix: 'inbound/', expiration: DEFAULTS.inboundMailExpiration },
        // Failed batches are written with their rows: kept only as long as a redrive or an investigation needs them.
        {
          prefix: INGEST_RESULTS_PREFIX,
          expiration: DEFAULTS.ingestResultsExpiration,
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EventBridge notifications set on the bucket itself. `eventBridgeEnabled: true` would do the same through a
    // custom-resource Lambda (BucketNotificationsHandler); with no other notification targets that Lambda is not needed.
    // Do not also call bucket.addEventNotification()/enableEventBridgeNotification(): the custom resource would then
    // manage, and overwrite, this configuration.
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A creditor's accounts, for the daily reports: keys only, so each account costs the index a few bytes.
    this.table.addGlobalSecondaryIndex({
      indexName: BY_CREDITOR.indexName,
      partitionKey: { name: BY_CREDITOR.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: BY_CREDITOR.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
  }
}
