// A Standard state machine the Tactful way: X-Ray tracing, and logging of every event to its own encrypted log group
// without execution data (inputs and outputs stay out of the logs: no PII).
import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEFAULTS } from '../config.ts';
import { acknowledge, arnToken, iam5 } from './nag.ts';

export interface WorkflowProps {
  definition: sfn.IChainable;
  key: kms.IKey;
  /** Explicit physical name, when something must reference the state machine by name. */
  stateMachineName?: string;
  comment: string;
  /** The Lambda functions the definition invokes (for the acknowledgment of their version wildcards). */
  taskFunctions: lambda.IFunction[];
  /** Upper bound of one execution. */
  timeout?: Duration;
}

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: DEFAULTS.logRetention,
      encryptionKey: props.key,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...(props.stateMachineName ? { stateMachineName: props.stateMachineName } : {}),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
      comment: props.comment,
      ...(props.timeout ? { timeout: props.timeout } : {}),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    acknowledge(
      this.stateMachine,
      'Step Functions logging and X-Ray tracing: logs:CreateLogDelivery, logs:GetLogDelivery, logs:UpdateLogDelivery, ' +
        'logs:DeleteLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, logs:DescribeResourcePolicies, ' +
        'logs:DescribeLogGroups and xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, ' +
        'xray:GetSamplingTargets support no resource-level permissions, so their resource must be "*" ' +
        '(https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html, ' +
        'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html).',
      iam5('Resource::*'),
    );
    acknowledge(
      this.stateMachine,
      'LambdaInvoke tasks: CDK grants lambda:InvokeFunction on each task function and on its versions and aliases ' +
        '(<function ARN>:*); these are exactly the functions of this workflow.',
      ...props.taskFunctions.map((fn) => iam5(`Resource::${arnToken(fn)}:*`)),
    );
  }
}
