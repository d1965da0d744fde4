// Observability: alarms on both workflows (failed, timed out, throttled) to an encrypted SNS topic. Subscribe the
// on-call address or chat integration to the topic (stack output AlarmTopicArn).
import { Aws } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEFAULTS } from '../config.ts';

export interface ObservabilityProps {
  key: kms.IKey;
  /** Display name → state machine. */
  workflows: Record<string, sfn.StateMachine>;
}

export class Observability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { key } = props;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Tactful alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // CloudWatch alarms publish to the encrypted topic: topic policy and key policy both have to allow it
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const notify = new actions.SnsAction(this.alarmTopic);

    for (const [name, stateMachine] of Object.entries(props.workflows)) {
      const metrics: Array<[string, cloudwatch.Metric, string]> = [
        ['ExecutionsFailed', stateMachine.metricFailed({ period: DEFAULTS.alarm.period }), 'failed'],
        ['ExecutionsTimedOut', stateMachine.metricTimedOut({ period: DEFAULTS.alarm.period }), 'timed out'],
        ['ExecutionThrottled', stateMachine.metricThrottled({ period: DEFAULTS.alarm.period }), 'were throttled'],
      ];
      for (const [metricName, metric, what] of metrics) {
        const alarm = new cloudwatch.Alarm(this, `${name}${metricName}`, {
          alarmDescription: `Tactful ${name}: executions ${what}`,
          metric: metric.with({ statistic: cloudwatch.Stats.SUM }),
          threshold: DEFAULTS.alarm.threshold,
          evaluationPeriods: DEFAULTS.alarm.evaluationPeriods,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(notify);
        this.alarms.push(alarm);
      }
    }
  }
}
