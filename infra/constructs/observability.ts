// Observability: alarms on both workflows (failed, timed out, throttled), on the dead-letter queue and on the functions
// no workflow retries, to an encrypted SNS topic; and the operations dashboard. The deploy setting alarmEmail subscribes
// an address; subscribe a chat integration or pager to the topic yourself (stack output AlarmTopicArn).
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STAGES } from '../../shared/accounts/events.ts';
import { DEFAULTS } from '../config.ts';
import type { TactfulFunction } from './tactful-function.ts';

export interface ObservabilityProps {
  key: kms.IKey;
  /** Display name → state machine. */
  workflows: Record<string, sfn.StateMachine>;
  /** Events that failed after every retry: any message here needs a person. */
  deadLetterQueue: sqs.IQueue;
  functions: TactfulFunction[];
  /** Functions whose every error needs a person: nothing retries them later (no workflow, no queue). */
  alarmOnErrors: TactfulFunction[];
  /** Subscribed to the alarm topic by email (deploy setting alarmEmail), if set. */
  alarmEmail?: string;
}

export class Observability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { key } = props;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Tactful alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
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
    /** An alarm on any breach of the metric, published to the alarm topic. */
    const alarmOn = (
      id: string,
      description: string,
      metric: cloudwatch.IMetric,
      levels: { threshold: number; evaluationPeriods: number } = DEFAULTS.alarm,
    ): void => {
      const alarm = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: levels.threshold,
        evaluationPeriods: levels.evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      this.alarms.push(alarm);
    };

    for (const [name, stateMachine] of Object.entries(props.workflows)) {
      const metrics: Array<[string, cloudwatch.Metric, string]> = [
        ['ExecutionsFailed', stateMachine.metricFailed({ period: DEFAULTS.alarm.period }), 'failed'],
        ['ExecutionsTimedOut', stateMachine.metricTimedOut({ period: DEFAULTS.alarm.period }), 'timed out'],
        ['ExecutionThrottled', stateMachine.metricThrottled({ period: DEFAULTS.alarm.period }), 'were throttled'],
      ];
      for (const [metricName, metric, what] of metrics) {
        alarmOn(`${name}${metricName}`, `Tactful ${name}: executions ${what}`, metric.with({ statistic: cloudwatch.Stats.SUM }));
      }
    }

    const deadLetters = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: DEFAULTS.alarm.period });
    alarmOn(
      'DeadLetters',
      'Tactful: a reply or an instruction file failed after every retry (see the FailedEvents queue)',
      deadLetters.with({ statistic: cloudwatch.Stats.MAXIMUM }),
      { threshold: 1, evaluationPeriods: 1 },
    );

    for (const fn of props.alarmOnErrors) {
      alarmOn(
        `${pascalCase(fn.name)}Errors`,
        `Tactful ${fn.name}: the function failed`,
        fn.fn.metricErrors({ period: DEFAULTS.alarm.period, statistic: cloudwatch.Stats.SUM }),
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-operations` });
    this.dashboard.addWidgets(...dashboardWidgets(props, deadLetters, this.alarms));
  }
}

/** The Tactful metrics (Powertools, namespace Tactful, service tactful), counted per period. */
function tactfulMetric(metricName: string, dimensions: Record<string, string> = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'Tactful',
    metricName,
    dimensionsMap: { service: 'tactful', ...dimensions },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.hours(1),
  });
}

/** Daily levels from creditor-reports (dimension creditor): the latest value of each creditor's series, summed. */
function dailyLevel(label: string, search: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    label,
    expression: `SUM(SEARCH('${search}', 'Maximum', 86400))`,
    period: Duration.days(1),
  });
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

function dashboardWidgets(
  props: ObservabilityProps,
  deadLetters: cloudwatch.IMetric,
  alarms: readonly cloudwatch.Alarm[],
): cloudwatch.IWidget[] {
  const byWorkflow = (title: string, metric: (sm: sfn.StateMachine) => cloudwatch.Metric) =>
    new cloudwatch.GraphWidget({
      title,
      width: 12,
      left: Object.entries(props.workflows).map(([name, sm]) => metric(sm).with({ label: name, statistic: cloudwatch.Stats.SUM })),
    });
  return [
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: [...alarms] }),
    byWorkflow('Executions started', (sm) => sm.metricStarted()),
    byWorkflow('Executions failed (NeedsAttention, IngestFailed) or timed out', (sm) => sm.metricFailed()),
    new cloudwatch.GraphWidget({
      title: 'Messages sent and suppressed, by channel',
      width: 12,
      left: ['email', 'sms'].flatMap((channel) => [
        new cloudwatch.MathExpression({
          label: `sent ${channel}`,
          expression: `SUM(SEARCH('{Tactful,channel,service,stage} MetricName="MessagesSent" channel="${channel}"', 'Sum', 3600))`,
          period: Duration.hours(1),
        }),
        new cloudwatch.MathExpression({
          label: `suppressed ${channel}`,
          expression: `SUM(SEARCH('{Tactful,channel,service,stage} MetricName="MessagesSuppressed" channel="${channel}"', 'Sum', 3600))`,
          period: Duration.hours(1),
        }),
      ]),
    }),
    new cloudwatch.GraphWidget({
      title: 'Replies by intent',
      width: 12,
      left: [
        new cloudwatch.MathExpression({
          label: 'replies',
          expression: `SEARCH('{Tactful,channel,intent,service} MetricName="RepliesReceived"', 'Sum', 3600)`,
          period: Duration.hours(1),
        }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: 'Accounts by plan decision (stage, action)',
      width: 12,
      left: [
        new cloudwatch.MathExpression({
          label: 'decisions',
          expression: `SEARCH('{Tactful,action,service,stage} MetricName="PlanDecisions"', 'Sum', 3600)`,
          period: Duration.hours(1),
        }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: 'Function errors, and failed events waiting in the dead-letter queue',
      width: 12,
      left: props.functions.map((f) => f.fn.metricErrors({ label: f.name, statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) })),
      right: [deadLetters],
    }),
    new cloudwatch.GraphWidget({
      title: 'Open accounts (running Lifecycle executions) by stage, daily',
      width: 12,
      left: STAGES.map((stage) => dailyLevel(stage, `{Tactful,creditor,service,stage} MetricName="OpenAccounts" stage="${stage}"`)),
    }),
    new cloudwatch.GraphWidget({
      title: 'Recovery and reply rate by creditor (%), daily',
      width: 12,
      left: ['KpiRecoveryRate', 'KpiReplyRate'].map(
        (name) =>
          new cloudwatch.MathExpression({
            label: name,
            expression: `SEARCH('{Tactful,creditor,service} MetricName="${name}"', 'Maximum', 86400)`,
            period: Duration.days(1),
          }),
      ),
    }),
    new cloudwatch.SingleValueWidget({
      title: 'Placed, resolved, unsubscribed (last 24 h)',
      width: 24,
      metrics: [
        tactfulMetric('AccountsPlaced').with({ period: Duration.days(1) }),
        tactfulMetric('AccountsResolved').with({ period: Duration.days(1) }),
        tactfulMetric('OneClickUnsubscribes').with({ period: Duration.days(1) }),
      ],
    }),
  ];
}
