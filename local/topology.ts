// Reads the synthesized template into what the offline runtime needs: tables, functions (by TACTFUL_FUNCTION),
// state machine definitions, EventBridge rules (event patterns and schedules), SNS subscriptions and SES receipt rules,
// all with intrinsics resolved.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ENV, type FunctionEnvironment } from '../shared/lambda/environment.ts';
import type { Definition } from './definition-transforms.ts';
import { cdkPath, LOCAL_ACCOUNT, LOCAL_REGION, resolveIntrinsics, resourcesOfType, type Template } from './intrinsics.ts';

export interface LocalFunction {
  logicalId: string;
  /** The folder under functions/. */
  name: string;
  arn: string;
  environment: FunctionEnvironment;
  /** MemorySize in the template (Lambda's default when absent). */
  memoryMb: number;
}

export interface LocalRule {
  pattern: Record<string, unknown>;
  targets: string[];
}

/** An EventBridge rule that fires on a schedule rather than on matching events. */
export interface LocalSchedule {
  arn: string;
  expression: string;
  targets: string[];
}

export interface LocalReceiptRule {
  recipients: string[];
  actions: Array<{ s3Prefix: string; bucket: string } | { functionArn: string }>;
}

export interface Topology {
  tables: CreateTableCommandInput[];
  functions: LocalFunction[];
  machines: Array<{ name: 'Lifecycle' | 'Ingest'; arn: string; definition: Definition }>;
  rules: LocalRule[];
  schedules: LocalSchedule[];
  /** Lambda subscriptions of the topic two-way SMS publishes inbound texts to. */
  smsSubscriptions: Array<{ topicArn: string; functionArn: string }>;
  /** Lambda subscriptions of the topic End User Messaging publishes SMS delivery events to. */
  smsEventSubscriptions: Array<{ topicArn: string; functionArn: string }>;
  receiptRules: LocalReceiptRule[];
  functionUrls: Array<{ url: string; functionArn: string }>;
}

const arn = (service: string, resource: string): string => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;
/** Function URLs offline: a stable https address per URL resource, which the platform routes to the function. */
const functionUrlOf = (logicalId: string): string => `https://${logicalId.toLowerCase()}.lambda-url.${LOCAL_REGION}.on.aws/`;

export function readTopology(template: Template): Topology {
  const resolving = new Set<string>();
  const props = (logicalId: string): any => {
    if (resolving.has(logicalId)) throw new Error(`Circular reference through ${logicalId}`);
    resolving.add(logicalId);
    try {
      return resolveIntrinsics(template.Resources[logicalId]?.Properties ?? {}, resolver);
    } finally {
      resolving.delete(logicalId);
    }
  };
  const nameOf = (logicalId: string, property: string): string => {
    const raw = template.Resources[logicalId]?.Properties?.[property];
    return raw ? String(resolveIntrinsics(raw, resolver)) : logicalId;
  };
  const resolver = {
    ref(logicalId: string): string {
      switch (template.Resources[logicalId]?.Type) {
        case 'AWS::StepFunctions::StateMachine':
          return arn('states', `stateMachine:${nameOf(logicalId, 'StateMachineName')}`);
        case 'AWS::SNS::Topic':
          return arn('sns', logicalId);
        case 'AWS::S3::Bucket':
          return `local-${logicalId.toLowerCase()}`;
        default:
          return logicalId;
      }
    },
    getAtt(logicalId: string, attribute: string): string {
      const type = template.Resources[logicalId]?.Type;
      if (attribute === 'Arn') {
        switch (type) {
          case 'AWS::Lambda::Function':
            return arn('lambda', `function:${logicalId}`);
          case 'AWS::S3::Bucket':
            return `arn:aws:s3:::${resolver.ref(logicalId)}`;
          case 'AWS::DynamoDB::Table':
            return arn('dynamodb', `table/${logicalId}`);
          case 'AWS::StepFunctions::StateMachine':
            return resolver.ref(logicalId);
          default:
            return arn('local', logicalId);
        }
      }
      if (attribute === 'Name') return nameOf(logicalId, 'StateMachineName');
      if (attribute === 'FunctionUrl') return functionUrlOf(logicalId);
      return `${logicalId}.${attribute}`;
    },
  };

  const tables = resourcesOfType(template, 'AWS::DynamoDB::Table').map(([id]) => {
    const p = props(id);
    return {
      TableName: id,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      ...(p.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes } : {}),
      BillingMode: 'PAY_PER_REQUEST' as const,
    };
  });

  const functions = resourcesOfType(template, 'AWS::Lambda::Function')
    .map(([id]) => ({ id, env: (props(id).Environment?.Variables ?? {}) as FunctionEnvironment }))
    .filter(({ env }) => env[ENV.functionName])
    .map(({ id, env }) => ({
      logicalId: id,
      name: env[ENV.functionName]!,
      arn: resolver.getAtt(id, 'Arn'),
      environment: env,
      memoryMb: Number(props(id).MemorySize ?? 128),
    }));

  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').flatMap(([id]) => {
    const path = cdkPath(template, id);
    const name = path.includes('/Lifecycle/') ? 'Lifecycle' : path.includes('/Ingest/') ? 'Ingest' : undefined;
    if (!name) return [];
    const p = props(id);
    let text = String(p.DefinitionString);
    for (const [key, value] of Object.entries((p.DefinitionSubstitutions ?? {}) as Record<string, string>)) {
      text = text.replaceAll(`\${${key}}`, String(value));
    }
    return [{ name, arn: resolver.ref(id), definition: JSON.parse(text) as Definition }] as const;
  });

  const eventRules = resourcesOfType(template, 'AWS::Events::Rule').map(([id]) => ({ id, p: props(id) }));
  const targetsOf = (p: { Targets?: Array<{ Arn: string }> }): string[] => (p.Targets ?? []).map((t) => t.Arn);
  const rules = eventRules.filter(({ p }) => p.EventPattern).map(({ p }) => ({ pattern: p.EventPattern, targets: targetsOf(p) }));
  const schedules = eventRules
    .filter(({ p }) => p.ScheduleExpression)
    .map(({ id, p }) => ({ arn: resolver.getAtt(id, 'Arn'), expression: String(p.ScheduleExpression), targets: targetsOf(p) }));

  // Which topic a subscription is on, by the topic's construct: Inbound's (texts) or DeliveryEvents' (SMS events).
  const lambdaSubscriptions = resourcesOfType(template, 'AWS::SNS::Subscription')
    .filter(([, r]) => r.Properties?.Protocol === 'lambda')
    .map(([id, r]) => ({ topicPath: cdkPath(template, String(r.Properties.TopicArn?.Ref)), p: props(id) }))
    .map(({ topicPath, p }) => ({ topicPath, topicArn: String(p.TopicArn), functionArn: String(p.Endpoint) }));
  const subscriptionsUnder = (construct: string) =>
    lambdaSubscriptions
      .filter((s) => s.topicPath.includes(`/${construct}/`))
      .map(({ topicArn, functionArn }) => ({ topicArn, functionArn }));
  const smsSubscriptions = subscriptionsUnder('Inbound');
  const smsEventSubscriptions = subscriptionsUnder('DeliveryEvents');

  const receiptRules = resourcesOfType(template, 'AWS::SES::ReceiptRule').map(([id]) => {
    const rule = props(id).Rule;
    return {
      recipients: rule.Recipients ?? [],
      actions: (rule.Actions ?? []).flatMap((a: any) => {
        if (a.S3Action) return [{ s3Prefix: a.S3Action.ObjectKeyPrefix ?? '', bucket: a.S3Action.BucketName }];
        if (a.LambdaAction) return [{ functionArn: a.LambdaAction.FunctionArn }];
        return [];
      }),
    };
  });

  const functionUrls = resourcesOfType(template, 'AWS::Lambda::Url').map(([id]) => ({
    url: functionUrlOf(id),
    functionArn: String(props(id).TargetFunctionArn),
  }));

  if (!machines.some((m) => m.name === 'Lifecycle') || !machines.some((m) => m.name === 'Ingest')) {
    throw new Error('The template must hold the Lifecycle and Ingest state machines');
  }
  return {
    tables,
    functions,
    machines: [...machines],
    rules,
    schedules,
    smsSubscriptions,
    smsEventSubscriptions,
    receiptRules,
    functionUrls,
  };
}
