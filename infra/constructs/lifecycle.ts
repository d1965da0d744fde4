// Lifecycle: the per-account Standard state machine and its task functions.
// One loop for the whole life: Plan → Act (Send | AwaitUntil | RequestHandoff | Resolve) → Plan … (workflows/lifecycle.ts).
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildLifecycleDefinition } from '../../workflows/lifecycle.ts';
import type { DeploySettings } from '../config.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import type { Portal } from './portal.ts';
import type { Unsubscribe } from './unsubscribe.ts';
import type { Messaging } from './messaging.ts';
import { PREFIXES } from './storage.ts';
import { TactfulFunction } from './tactful-function.ts';
import { Workflow } from './workflow.ts';

export interface LifecycleProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  messaging: Messaging;
  settings: DeploySettings;
  /** The physical name of the state machine. */
  stateMachineName: string;
  /** The same state machine, referenced by name (see TactfulFunction.resumesLifecycle). */
  byName: sfn.IStateMachine;
  /** Send signs each email's one-click unsubscribe link. */
  unsubscribe: Unsubscribe;
  /** Send links every message to the account's page. */
  portal: Portal;
}

export class Lifecycle extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: TactfulFunction[];

  constructor(scope: Construct, id: string, props: LifecycleProps) {
    super(scope, id);
    const { key, table, bucket, settings } = props;

    // The decision is pure; the function records the facts it establishes (stage entered, a suppressed touch,
    // a broken promise, a policy approval) before the workflow acts on it.
    const plan = new TactfulFunction(this, 'Plan', {
      name: 'plan',
      description: 'Lifecycle: decides the next step from the account events, in the stage they say it is in',
      key,
    });
    plan.grantTable(table, ['loadHistory', 'getProfile', 'getAccount', 'appendEvent']);

    const awaitUntil = new TactfulFunction(this, 'AwaitUntil', {
      name: 'await-until',
      description: 'Lifecycle callback: parks the task token until the next allowed touch or an event',
      key,
    }).resumesLifecycle(props.byName);
    awaitUntil.grantTable(table, ['parkTaskToken']);

    const send = new TactfulFunction(this, 'Send', {
      name: 'send',
      description: 'Lifecycle callback: sends one touch (compliance re-checked at send time), then awaits a reply',
      key,
      environment: { [ENV.replyDomain]: settings.replyDomain },
    })
      .resumesLifecycle(props.byName)
      .speaksAsAgency(settings);
    if (settings.letters) send.mailsLetters(settings.letters);
    send.grantTable(table, ['loadHistory', 'getProfile', 'appendEvent', 'parkTaskToken']);
    props.unsubscribe.grantSignLinks(send);
    props.portal.grantSignLinks(send);
    props.messaging.grantSend(send);
    props.messaging.grantReplyAddresses(send);

    const requestHandoff = new TactfulFunction(this, 'RequestHandoff', {
      name: 'request-handoff',
      description: 'Lifecycle callback: asks the creditor to approve the hand-off (outbox), then awaits the answer',
      key,
    }).resumesLifecycle(props.byName);
    requestHandoff.grantTable(table, ['loadHistory', 'getProfile', 'appendEvent', 'parkTaskToken']);
    requestHandoff.grantObjectsPut(bucket, PREFIXES.outbox);

    const resolve = new TactfulFunction(this, 'Resolve', {
      name: 'resolve',
      description: 'Lifecycle callback: records the resolution of an account, then resumes the workflow to end',
      key,
    }).resumesLifecycle(props.byName);
    resolve.grantTable(table, ['loadHistory', 'getProfile', 'appendEvent']);
    resolve.grantObjectsPut(bucket, PREFIXES.outbox);

    this.functions = [plan, awaitUntil, send, requestHandoff, resolve];

    const definition = buildLifecycleDefinition(new Construct(this, 'Definition'), {
      plan: plan.fn,
      acts: { touch: send.fn, wait: awaitUntil.fn, 'request-approval': requestHandoff.fn, resolve: resolve.fn },
    });
    this.stateMachine = new Workflow(this, 'Workflow', {
      definition,
      key,
      stateMachineName: props.stateMachineName,
      taskFunctions: this.functions.map((f) => f.fn),
      comment: 'Tactful Lifecycle: one execution per account, input { accountId } only',
    }).stateMachine;
    // The Act task names its function at run time (workflows/lifecycle.ts), so CDK cannot grant these invokes itself.
    for (const act of [send, awaitUntil, requestHandoff, resolve]) act.fn.grantInvoke(this.stateMachine);
  }
}
