// Template assertions on the synthesized Tactful stack (bundling skipped, one synthesis for the file).
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_NAMES } from '../../infra/constructs/tactful-function.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { synthTemplate } from '../../infra/synth.ts';

const json = synthTemplate();
const template = Template.fromJSON(json);

type Resource = { Type: string; Properties: any; Metadata?: Record<string, unknown> };
const resources = json.Resources as Record<string, Resource>;
const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, r]) => r.Type === type);
const pathOf = (resource: Resource): string => String(resource.Metadata?.['aws:cdk:path'] ?? '');
const refOf = (value: unknown): string | undefined => (value as { Ref?: string } | undefined)?.Ref;
const getAttOf = (value: unknown): string | undefined => (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];

/** A CloudFormation string value with every intrinsic replaced by a `${...}` placeholder. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flatten).join(join[0]);
  const ref = refOf(value);
  if (ref) return `\${${ref}}`;
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return `\${${getAtt.join('.')}}`;
  throw new Error(`Unexpected intrinsic ${JSON.stringify(value)}`);
}

function stateMachine(name: 'Lifecycle' | 'Ingest'): { id: string; resource: Resource; definition: any } {
  const found = ofType('AWS::StepFunctions::StateMachine').filter(([, r]) => pathOf(r).includes(`/${name}/`));
  expect(found).toHaveLength(1);
  const [id, resource] = found[0]!;
  return { id, resource, definition: JSON.parse(flatten(resource.Properties.DefinitionString)) };
}

function functionNamed(name: string): { id: string; resource: Resource; env: Record<string, unknown> } {
  const found = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.TACTFUL_FUNCTION === name);
  expect(found, name).toHaveLength(1);
  const [id, resource] = found[0]!;
  return { id, resource, env: resource.Properties.Environment.Variables };
}

const keyId = ofType('AWS::KMS::Key')[0]![0];
const dataBucketId = ofType('AWS::S3::Bucket').find(([, r]) => pathOf(r).includes('/DataBucket/'))![0];

describe('storage', () => {
  it("has one customer-managed encryption key with rotation, and HMAC keys for links, reply addresses and the debtor's page", () => {
    template.resourceCountIs('AWS::KMS::Key', 4);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, KeySpec: Match.absent() });
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('lets CloudWatch Logs use the data key only for this account (the confused-deputy guard)', () => {
    const statements = resources[keyId]!.Properties.KeyPolicy.Statement as any[];
    const logs = statements.find((s) => s.Sid === 'AllowCloudWatchLogsInThisAccount')!;
    expect(logs.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  });

  it('encrypts the data bucket with the key, versions it, blocks public access and sends EventBridge events', () => {
    const p = resources[dataBucketId]!.Properties;
    const sse = p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(sse.SSEAlgorithm).toBe('aws:kms');
    expect(getAttOf(sse.KMSMasterKeyID)).toBe(keyId);
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(p.LoggingConfiguration.DestinationBucketName).toBeDefined();
  });

  it('denies non-TLS access to both buckets', () => {
    const policies = ofType('AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('expires creditor files and raw inbound mail three years after they were written (Reg F), and Map Run results after 30 days', () => {
    const rules = resources[dataBucketId]!.Properties.LifecycleConfiguration.Rules as any[];
    const byPrefix = Object.fromEntries(rules.filter((r) => r.Prefix).map((r) => [r.Prefix, r.ExpirationInDays]));
    expect(byPrefix).toEqual({ 'creditors/': 1096, 'inbound/': 1096, 'ingest-results/': 30 });
    // Every key the platform writes falls under one of them.
    for (const prefix of ['creditors/', 'inbound/email/', 'inbound/email-flagged/', 'ingest-results/']) {
      expect(
        Object.keys(byPrefix).some((p) => prefix.startsWith(p)),
        prefix,
      ).toBe(true);
    }
  });

  it('has one table: pk/sk strings, on demand, PITR, KMS with the key, TTL on expiresAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('state machines', () => {
  it.each(['Lifecycle', 'Ingest'] as const)('%s is STANDARD, named, traced and logs ALL without execution data', (name) => {
    const { resource } = stateMachine(name);
    const p = resource.Properties;
    expect(p.StateMachineType).toBe('STANDARD');
    expect(p.StateMachineName).toBe(`Tactful-${name}`);
    expect(p.TracingConfiguration).toEqual({ Enabled: true });
    expect(p.LoggingConfiguration.Level).toBe('ALL');
    expect(p.LoggingConfiguration.IncludeExecutionData).toBe(false);
    const logGroupId = getAttOf(p.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn)!;
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(getAttOf(resources[logGroupId]!.Properties.KmsKeyId)).toBe(keyId);
  });

  it('Lifecycle is one loop for every stage: Plan, then one callback task whose function is the plan action', () => {
    const { definition, resource } = stateMachine('Lifecycle');
    const states = definition.States as Record<string, any>;
    expect(definition.StartAt).toBe('Plan');
    expect(Object.keys(states).sort()).toEqual(['Act', 'NeedsAttention', 'Plan', 'Resolved', 'Woken']);
    const act = states.Act;
    expect(act.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(act.TimeoutSecondsPath).toBe('$.plan.timeoutSeconds');
    expect(act.Parameters.Payload['token.$']).toBe('$$.Task.Token');
    // The functions in PLAN_ACTIONS' order (touch, wait, request-approval, resolve), picked by the plan's actionIndex.
    const arns = ['send', 'await-until', 'request-handoff', 'resolve'].map((name) => `'\${${functionNamed(name).id}.Arn}'`);
    expect(act.Parameters['FunctionName.$']).toBe(`States.ArrayGetItem(States.Array(${arns.join(', ')}), $.plan.actionIndex)`);
    expect(act.Catch.map((c: any) => [c.ErrorEquals, c.Next])).toEqual([
      [['States.Timeout'], 'Plan'],
      [['States.ALL'], 'NeedsAttention'],
    ]);
    // CDK cannot grant an invoke it cannot see in the definition: the construct grants the four itself.
    const role = getAttOf(resource.Properties.RoleArn)!;
    const invokable = ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => refOf(r) === role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
      .filter((st) => st.Action === 'lambda:InvokeFunction')
      .flatMap((st) => st.Resource as unknown[])
      .map((r) => getAttOf(r));
    for (const name of ['plan', 'send', 'await-until', 'request-handoff', 'resolve'])
      expect(invokable, name).toContain(functionNamed(name).id);
    // Every other task declares a timeout too (the offline executor defaults to 60 s, AWS to effectively forever).
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  it('never set ResultPath to "$" (the offline executor reads it as a key; leaving it out means the same in AWS)', () => {
    for (const name of ['Lifecycle', 'Ingest'] as const) {
      expect(JSON.stringify(stateMachine(name).definition)).not.toContain('"ResultPath":"$"');
    }
  });

  it('Ingest reads the placement CSV with a Distributed Map ItemReader and ItemBatcher', () => {
    const { definition } = stateMachine('Ingest');
    const map = definition.States.ReadPlacements;
    expect(map.Type).toBe('Map');
    // Express children keep no execution history, so the placement rows (PII) are never stored by Step Functions.
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(map.ItemReader.Resource).toMatch(/:states:::s3:getObject$/);
    expect(map.ItemReader.ReaderConfig).toMatchObject({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    // The upload, or CheckFile's copy with its over-long cells blanked; batches stay well within the 256 KiB payload.
    expect(map.ItemReader.Parameters['Key.$']).toBe('$.check.itemsKey');
    expect(map.ItemBatcher.MaxItemsPerBatch).toBeGreaterThan(0);
    expect(map.ItemBatcher.MaxInputBytesPerBatch).toBe(96 * 1024);
    expect(map.ItemBatcher.BatchInput).toEqual({
      'key.$': '$.detail.object.key',
      'repeats.$': '$.check.repeats',
      'overlong.$': '$.check.overlong',
    });
    // Tuned to the StartExecution refill, and tolerant of a few failed batches (see workflows/ingest.ts).
    expect(map.MaxConcurrency).toBe(10);
    expect(map.ToleratedFailurePercentage).toBe(5);
  });

  it('Ingest writes the Map Run results (outputs only, no rows) outside the creditor folders, which expire', () => {
    const map = stateMachine('Ingest').definition.States.ReadPlacements;
    expect(map.ResultWriter).toEqual({
      Resource: expect.stringMatching(/:states:::s3:putObject$/),
      Parameters: { Bucket: `\${${dataBucketId}}`, Prefix: 'ingest-results/' },
      WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSON' },
    });
    expect(map.ResultPath).toBe('$.results');
    expect(stateMachine('Ingest').definition.States.Acknowledge.Parameters).toEqual({
      'key.$': '$.detail.object.key',
      'manifest.$': '$.results.ResultWriterDetails.Key',
    });
    const rules = resources[dataBucketId]!.Properties.LifecycleConfiguration.Rules as any[];
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'ingest-results/', ExpirationInDays: 30, Status: 'Enabled' }));
  });

  it('Ingest may read placement files and write its results only (and decrypt), and start, describe and stop its own child executions', () => {
    const { id, resource } = stateMachine('Ingest');
    const roleId = getAttOf(resource.Properties.RoleArn)!;
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    const actions = (s: any): string[] => [s.Action].flat();
    const s3Grants = statements
      .filter((s) => actions(s).some((a) => a.startsWith('s3:')))
      .map((s) => [actions(s).sort(), flatten(s.Resource)]);
    const objects = (path: string) => `\${${dataBucketId}.Arn}/${path}`;
    expect(s3Grants).toHaveLength(2);
    expect(s3Grants).toEqual(
      expect.arrayContaining([
        [['s3:GetObject'], objects('creditors/*/inbox/placements/*.csv')],
        [['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'], objects('ingest-results/*')],
      ]),
    );
    expect(statements.find((s) => actions(s).includes('kms:Decrypt'))!.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(statements.find((s) => actions(s).includes('states:StartExecution'))!.Resource).toEqual({ Ref: id });
    const own = statements.find((s) => actions(s).includes('states:DescribeExecution'))!;
    expect(actions(own)).toContain('states:StopExecution');
    expect(JSON.stringify(own.Resource)).toContain(`"Ref":"${id}"`);
  });
});

describe('functions', () => {
  // The Tactful functions; the one other function is the provider of the AWS SDK custom resources (the receipt rule set's activation).
  const functions = ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));

  it('are the Tactful functions (FUNCTION_NAMES), each on nodejs24.x/arm64, traced, with its own encrypted log group', () => {
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      const { resource } = functionNamed(name);
      const p = resource.Properties;
      expect(p.Runtime, name).toBe('nodejs24.x');
      expect(p.Architectures, name).toEqual(['arm64']);
      expect(p.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(p.Handler, name).toBe('index.handler');
      const logGroupId = refOf(p.LoggingConfig.LogGroup)!;
      expect(resources[logGroupId]?.Type, name).toBe('AWS::Logs::LogGroup');
      expect(getAttOf(resources[logGroupId]!.Properties.KmsKeyId), name).toBe(keyId);
      expect(resources[logGroupId]!.Properties.RetentionInDays, name).toBeGreaterThan(0);
      expect(p.Environment.Variables, name).toMatchObject({
        TACTFUL_FUNCTION: name,
        POWERTOOLS_SERVICE_NAME: 'tactful',
        POWERTOOLS_METRICS_NAMESPACE: 'Tactful',
      });
    }
  });

  it('get the environment their handlers read', () => {
    const expected: Record<string, string[]> = {
      'ingest-check': ['TABLE_NAME', 'BUCKET_NAME', 'MAX_PLACEMENT_BYTES'],
      'ingest-batch': ['TABLE_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      'ingest-acknowledge': ['BUCKET_NAME'],
      plan: ['TABLE_NAME'],
      resolve: ['TABLE_NAME', 'BUCKET_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      'await-until': ['TABLE_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      send: [
        'TABLE_NAME',
        'LIFECYCLE_STATE_MACHINE_ARN',
        'EMAIL_CONFIGURATION_SET',
        'SMS_CONFIGURATION_SET',
        'REPLY_DOMAIN',
        'AGENCY_NAME',
        'AGENCY_EMAIL',
        'AGENCY_SMS_ORIGINATION',
        'AGENCY_ADDRESS',
        'AGENCY_MAIL_DOMAIN',
        'SENDING_IDENTITY_STACK',
        'UNSUBSCRIBE_URL',
        'LINK_KEY_ID',
        'REPLY_KEY_ID',
        'PORTAL_URL',
        'PORTAL_KEY_ID',
      ],
      unsubscribe: ['TABLE_NAME', 'LINK_KEY_ID', 'LIFECYCLE_STATE_MACHINE_ARN'],
      portal: [
        'TABLE_NAME',
        'LIFECYCLE_STATE_MACHINE_ARN',
        'PORTAL_KEY_ID',
        'EMAIL_CONFIGURATION_SET',
        'AGENCY_NAME',
        'AGENCY_EMAIL',
        'AGENCY_SMS_ORIGINATION',
        'AGENCY_ADDRESS',
        'AGENCY_MAIL_DOMAIN',
        'SENDING_IDENTITY_STACK',
        'STRIPE_API_KEY_SECRET_ARN',
      ],
      'request-handoff': ['TABLE_NAME', 'BUCKET_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      'inbound-sms': [
        'TABLE_NAME',
        'LIFECYCLE_STATE_MACHINE_ARN',
        'SMS_CONFIGURATION_SET',
        'AGENCY_NAME',
        'AGENCY_EMAIL',
        'AGENCY_SMS_ORIGINATION',
        'AGENCY_ADDRESS',
      ],
      'inbound-email': [
        'TABLE_NAME',
        'BUCKET_NAME',
        'LIFECYCLE_STATE_MACHINE_ARN',
        'REPLY_DOMAIN',
        'REPLY_KEY_ID',
        'EMAIL_CONFIGURATION_SET',
        'AGENCY_NAME',
        'AGENCY_EMAIL',
        'AGENCY_SMS_ORIGINATION',
        'AGENCY_ADDRESS',
        'AGENCY_MAIL_DOMAIN',
        'SENDING_IDENTITY_STACK',
      ],
      instructions: ['TABLE_NAME', 'BUCKET_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      'creditor-reports': ['TABLE_NAME', 'BUCKET_NAME'],
      'creditor-profile': ['TABLE_NAME', 'BUCKET_NAME', 'MAX_PROFILE_BYTES', 'AGENCY_SMS_ORIGINATION', 'SENDING_IDENTITY_STACK'],
      'payment-events': ['TABLE_NAME', 'LIFECYCLE_STATE_MACHINE_ARN', 'PAYMENT_PROCESSORS'],
      'delivery-events': ['TABLE_NAME', 'LIFECYCLE_STATE_MACHINE_ARN'],
      'inbox-unread': ['BUCKET_NAME'],
    };
    const common = ['TACTFUL_FUNCTION', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'];
    for (const [name, keys] of Object.entries(expected)) {
      expect(Object.keys(functionNamed(name).env).sort(), name).toEqual([...common, ...keys].sort());
    }
    // So that no creditor profile may claim the agency's number.
    expect(functionNamed('creditor-profile').env.AGENCY_SMS_ORIGINATION).toBe('+15555550100');
    expect(functionNamed('send').env).toMatchObject({
      REPLY_DOMAIN: 'replies.example.com',
      AGENCY_NAME: 'Example Collections LLC',
      AGENCY_EMAIL: 'agency@example.com',
      AGENCY_SMS_ORIGINATION: '+15555550100',
      AGENCY_ADDRESS: '100 Example Street, Suite 200, Springfield, IL 62701',
    });
  });

  it('use exactly the variables of the environment map (shared/lambda/environment.ts), none beside it and none unused', () => {
    const set = new Set(FUNCTION_NAMES.flatMap((name) => Object.keys(functionNamed(name).env)));
    // The print-and-mail variables come only with the letters settings (test/infra/letters.test.ts).
    const optional = new Set<string>([ENV.letterApiKeySecretArn, ENV.letterFromAddressId]);
    expect([...set].sort()).toEqual(
      Object.values(ENV)
        .filter((name) => !optional.has(name))
        .sort(),
    );
  });

  it('that resume callbacks know and may complete the Lifecycle tasks by name (no reference back to it)', () => {
    const lifecycleArn = 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:Tactful-Lifecycle';
    for (const name of ['await-until', 'send', 'request-handoff', 'resolve', 'inbound-sms', 'inbound-email', 'instructions']) {
      const { resource, env } = functionNamed(name);
      expect(flatten(env.LIFECYCLE_STATE_MACHINE_ARN), name).toBe(lifecycleArn);
      const roleId = getAttOf(resource.Properties.Role)!;
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
      const resume = statements.find((s) => [s.Action].flat().includes('states:SendTaskSuccess'));
      expect(resume, name).toBeDefined();
      expect(flatten(resume.Resource), name).toBe(lifecycleArn);
    }
    const lifecycle = stateMachine('Lifecycle');
    expect(functionNamed('ingest-batch').env.LIFECYCLE_STATE_MACHINE_ARN).toEqual({ Ref: lifecycle.id });
  });
});

describe('delivery events', () => {
  const deliveryEvents = () => ({ 'Fn::GetAtt': [functionNamed('delivery-events').id, 'Arn'] });
  const [emailSetId] = ofType('AWS::SES::ConfigurationSet')[0]!;

  it("SES publishes bounces, complaints, deliveries and rejects to the default bus, where only this configuration set's reach delivery-events", () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: emailSetId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery', 'reject'],
        EventBridgeDestination: { EventBusArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] }) },
      },
    });
    const rule = ofType('AWS::Events::Rule').find(([, r]) => JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.ses'))!;
    expect(rule[1].Properties.EventBusName).toBe('default');
    expect(rule[1].Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered', 'Email Rejected'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: emailSetId }] } } },
    });
    expect(rule[1].Properties.Targets[0]).toMatchObject({ Arn: deliveryEvents(), RetryPolicy: { MaximumRetryAttempts: 8 } });
  });

  it('End User Messaging publishes final SMS events to an encrypted topic only it may publish to, which invokes delivery-events', () => {
    const [, smsSet] = ofType('AWS::SMSVOICE::ConfigurationSet')[0]!;
    const [destination] = smsSet.Properties.EventDestinations as any[];
    expect(destination.Enabled).toBe(true);
    expect(destination.MatchingEventTypes).toEqual(
      expect.arrayContaining(['TEXT_DELIVERED', 'TEXT_BLOCKED', 'TEXT_INVALID', 'TEXT_UNREACHABLE']),
    );
    expect(destination.MatchingEventTypes).not.toContain('TEXT_PENDING');
    const topicId = refOf(destination.SnsDestination.TopicArn)!;
    expect(pathOf(resources[topicId]!)).toContain('/DeliveryEvents/');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      Endpoint: deliveryEvents(),
    });
    const [, policy] = ofType('AWS::SNS::TopicPolicy').find(([, p]) => p.Properties.Topics.some((t: unknown) => refOf(t) === topicId))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });
});

describe('events and inbound paths', () => {
  it('start Ingest on placement CSVs, run instructions on instruction CSVs and creditor-profile on profile.json', () => {
    const rules = ofType('AWS::Events::Rule');
    const bucket = { Ref: dataBucketId };
    const pattern = (key: string) => ({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [bucket] }, object: { key: [{ wildcard: key }] } },
    });
    const placement = rules.find(([, r]) => JSON.stringify(r.Properties.EventPattern).includes('/placements/'))!;
    expect(placement[1].Properties.EventPattern).toEqual(pattern('creditors/*/inbox/placements/*.csv'));
    expect(placement[1].Properties.Targets).toHaveLength(1);
    expect(placement[1].Properties.Targets[0].Arn).toEqual({ Ref: stateMachine('Ingest').id });
    expect(placement[1].Properties.Targets[0].Input).toBeUndefined();
    expect(placement[1].Properties.Targets[0].InputPath).toBeUndefined();

    const instructions = rules.find(([, r]) => JSON.stringify(r.Properties.EventPattern).includes('/instructions/'))!;
    expect(instructions[1].Properties.EventPattern).toEqual(pattern('creditors/*/inbox/instructions/*.csv'));
    expect(instructions[1].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [functionNamed('instructions').id, 'Arn'] });

    const profile = rules.find(([, r]) => JSON.stringify(r.Properties.EventPattern).includes('/profile.json'))!;
    expect(profile[1].Properties.EventPattern).toEqual(pattern('creditors/*/inbox/profile.json'));
    expect(profile[1].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [functionNamed('creditor-profile').id, 'Arn'] });

    // Every inbox file also reaches inbox-unread, which acknowledges the ones the rules above do not read.
    const unread = rules.find(([, r]) => JSON.stringify(r.Properties.EventPattern).includes('"creditors/*/inbox/*"'))!;
    expect(unread[1].Properties.EventPattern).toEqual(pattern('creditors/*/inbox/*'));
    expect(unread[1].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [functionNamed('inbox-unread').id, 'Arn'] });

    const payments = rules.find(([, r]) => JSON.stringify(r.Properties.EventPattern).includes('tactful.payments'))!;
    expect(payments[1].Properties.EventPattern).toEqual({ source: ['tactful.payments'], 'detail-type': ['Payment Received'] });
    const [paymentBusId] = ofType('AWS::Events::EventBus')[0]!;
    expect(payments[1].Properties.EventBusName).toEqual({ Ref: paymentBusId });
    expect(payments[1].Properties.Targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': [functionNamed('payment-events').id, 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 8 },
      DeadLetterConfig: expect.any(Object),
    });
  });

  it('take payments on their own bus, which only this account may put on unless processor accounts are named', () => {
    const buses = ofType('AWS::Events::EventBus');
    expect(buses).toHaveLength(1);
    expect(buses[0]![1].Properties.Name).toBe('tactful-payments');
    // No rule for payments on the default bus, where any principal with events:PutEvents could mark an account paid.
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      if (JSON.stringify(rule.Properties.EventPattern ?? {}).includes('tactful.payments'))
        expect(rule.Properties.EventBusName).toBeDefined();
    }
    expect(buses[0]![1].Properties.Policy).toBeUndefined();
    expect(ofType('AWS::Events::EventBusPolicy')).toEqual([]);
    expect(Object.keys(json.Outputs)).toContain('PaymentEventBusArn');

    const withProcessor = synthTemplate({ context: { paymentProcessors: [{ account: '444455556666', creditors: ['acme'] }] } });
    const policies = Object.values(withProcessor.Resources as Record<string, Resource>).filter(
      (r) => r.Type === 'AWS::Events::EventBusPolicy',
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.Statement).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::444455556666:root']] } },
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'events:source': 'tactful.payments', 'events:detail-type': 'Payment Received' } },
    });
  });

  it('subscribe inbound-sms to an encrypted, TLS-only SNS topic that End User Messaging may publish to', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionNamed('inbound-sms').id, 'Arn'] },
    });
    for (const [, topic] of ofType('AWS::SNS::Topic')) {
      expect(getAttOf(topic.Properties.KmsMasterKeyId)).toBe(keyId);
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  it('write replies to the reply domain to inbound/email/ (with a role that may), then invoke inbound-email', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    const [, rule] = ofType('AWS::SES::ReceiptRule')[0]!;
    const { Recipients, Actions } = rule.Properties.Rule;
    expect(Recipients).toEqual(['replies.example.com']);
    expect(rule.Properties.Rule.TlsPolicy).toBe('Require');
    expect(Actions[0].S3Action.ObjectKeyPrefix).toBe('inbound/email/');
    expect(Actions[1].LambdaAction.FunctionArn).toEqual({ 'Fn::GetAtt': [functionNamed('inbound-email').id, 'Arn'] });
    const roleId = getAttOf(Actions[0].S3Action.IamRoleArn)!;
    expect(resources[roleId]!.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'ses.amazonaws.com',
    });
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    const put = statements.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    expect(flatten(put.Resource)).toMatch(/\/inbound\/email\/\*$/);
    expect(statements.some((s) => [s.Action].flat().includes('kms:GenerateDataKey*'))).toBe(true);
    expect((rule as any).DependsOn).toEqual(expect.arrayContaining([roleId]));
  });

  it('activate the receipt rule set on create and update, and deactivate it on delete, once the rule exists', () => {
    const [[ruleSetId, ruleSet]] = ofType('AWS::SES::ReceiptRuleSet') as [[string, any]];
    const [ruleId] = ofType('AWS::SES::ReceiptRule')[0]!;
    const [[, activation]] = ofType('Custom::SesActiveReceiptRuleSet') as [[string, any]];
    const activate = { service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: { RuleSetName: ruleSet.Properties.RuleSetName } };
    expect(JSON.parse(activation.Properties.Create)).toMatchObject(activate);
    expect(JSON.parse(activation.Properties.Update)).toMatchObject(activate);
    expect(JSON.parse(activation.Properties.Delete)).toEqual({ service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} });
    expect(activation.DependsOn).toEqual(expect.arrayContaining([ruleSetId, ruleId]));
    // The provider may call that and write its own log group, nothing else.
    const providerId = getAttOf(activation.Properties.ServiceToken)!;
    const roleId = getAttOf(resources[providerId]!.Properties.Role)!;
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument.Statement as any[]).flatMap((st) => [st.Action].flat()));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'ses:SetActiveReceiptRuleSet']);
  });

  it('have SES v2 and End User Messaging SMS configuration sets for sending', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 1);
  });
});

describe('failed events', () => {
  it('go to an encrypted, TLS-only queue after every retry, which alarms, and a dashboard shows', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0]!;
    expect(queue.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    for (const name of ['inbound-sms', 'inbound-email', 'instructions', 'creditor-profile']) {
      expect(functionNamed(name).resource.Properties.DeadLetterConfig, name).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } }, RetryPolicy: { MaximumRetryAttempts: 8 } }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('message keys', () => {
  const macGrants = () =>
    Object.values(json.Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) =>
        (r.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).flatMap((s) =>
          [s.Action]
            .flat()
            .filter((a) => a.endsWith('Mac'))
            .map((action) => ({ roles: JSON.stringify(r.Properties.Roles), action, keys: JSON.stringify(s.Resource) })),
        ),
      );
  const keyId = (path: string) => ofType('AWS::KMS::Key').find(([, k]) => pathOf(k).includes(path))![0];

  it('one-click unsubscribe is a Function URL without IAM auth (the link is signed), and only Send may sign while only it may verify', () => {
    const unsubscribe = functionNamed('unsubscribe');
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [unsubscribe.id, 'Arn'] },
    });
    const linkKey = keyId('/Unsubscribe/LinkKey/');
    const onLinkKey = macGrants().filter((g) => g.keys.includes(linkKey));
    expect(onLinkKey.filter((g) => g.action === 'kms:GenerateMac').map((g) => g.roles)).toEqual([expect.stringContaining('Send')]);
    expect(onLinkKey.filter((g) => g.action === 'kms:VerifyMac').map((g) => g.roles)).toEqual([expect.stringContaining('Unsubscribe')]);
    expect(onLinkKey).toHaveLength(2);
  });

  it('reply-address tokens have a key of their own, which only Send (to write them) and inbound-email (to check them) may use', () => {
    const replyKey = keyId('/ReplyKey/');
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const onReplyKey = macGrants().filter((g) => g.keys.includes(replyKey));
    expect(onReplyKey.map((g) => g.action)).toEqual(['kms:GenerateMac', 'kms:GenerateMac']);
    expect(onReplyKey.map((g) => g.roles).sort()).toEqual([expect.stringContaining('InboundEmail'), expect.stringContaining('Send')]);
    for (const name of ['send', 'inbound-email']) {
      expect(functionNamed(name).resource.Properties.Environment.Variables.REPLY_KEY_ID, name).toEqual({ 'Fn::GetAtt': [replyKey, 'Arn'] });
    }
  });

  it("the debtor's page is a Function URL without IAM auth (the link is signed); Send may only sign its links, the page signs and verifies", () => {
    const portal = functionNamed('portal');
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [portal.id, 'Arn'] } });
    const pageKey = keyId('/Portal/LinkKey/');
    const onPageKey = macGrants().filter((g) => g.keys.includes(pageKey));
    expect(
      onPageKey
        .filter((g) => g.action === 'kms:GenerateMac')
        .map((g) => g.roles)
        .sort(),
    ).toEqual([expect.stringContaining('Send'), expect.stringContaining('Portal')]);
    expect(onPageKey.filter((g) => g.action === 'kms:VerifyMac').map((g) => g.roles)).toEqual([expect.stringContaining('Portal')]);
    expect(onPageKey).toHaveLength(3);
  });

  it('has its own reserved concurrency, so that a flood of requests cannot starve the workflows', () => {
    expect(functionNamed('unsubscribe').resource.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(functionNamed('stripe-webhook').resource.Properties.ReservedConcurrentExecutions).toBe(10);
    expect(functionNamed('portal').resource.Properties.ReservedConcurrentExecutions).toBe(10);
    // The workflows' functions keep the unreserved pool.
    for (const name of FUNCTION_NAMES.filter((n) => n !== 'unsubscribe' && n !== 'stripe-webhook' && n !== 'portal')) {
      expect(functionNamed(name).resource.Properties.ReservedConcurrentExecutions, name).toBeUndefined();
    }
  });
});

describe('Stripe payments', () => {
  const secretId = (path: string) => ofType('AWS::SecretsManager::Secret').find(([, r]) => pathOf(r).includes(path))![0];
  /** The roles (by logical id) whose policies allow `action` on the secret. */
  const rolesAllowed = (action: string, secret: string) =>
    ofType('AWS::IAM::Policy')
      .filter(([, p]) =>
        (p.Properties.PolicyDocument.Statement as any[]).some(
          (s) => [s.Action].flat().includes(action) && JSON.stringify(s.Resource).includes(`"${secret}"`),
        ),
      )
      .flatMap(([, p]) => (p.Properties.Roles as unknown[]).map(refOf));

  it('takes the webhook on a Function URL without IAM auth (Stripe signs), with reserved concurrency', () => {
    const webhook = functionNamed('stripe-webhook');
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [webhook.id, 'Arn'] } });
    // Unsubscribe, the debtor's page and the webhook.
    template.resourceCountIs('AWS::Lambda::Url', 3);
    expect(webhook.resource.Properties.ReservedConcurrentExecutions).toBe(10);
  });

  it('keeps the API key and the signing secrets in Secrets Manager, encrypted with the stack key', () => {
    for (const path of ['/StripeApiKey/', '/StripeWebhookSecret/']) {
      expect(getAttOf(resources[secretId(path)]!.Properties.KmsKeyId), path).toBe(keyId);
    }
  });

  it('lets only the webhook read the signing secrets, names them in its environment, and gives it no API key', () => {
    const webhook = functionNamed('stripe-webhook');
    const signing = secretId('/StripeWebhookSecret/');
    expect(rolesAllowed('secretsmanager:GetSecretValue', signing)).toEqual([getAttOf(webhook.resource.Properties.Role)]);
    expect(webhook.env[ENV.stripeWebhookSecretArn]).toEqual({ Ref: signing });
    expect(webhook.env[ENV.stripeApiKeySecretArn]).toBeUndefined();
    // The API key is for the function that starts Checkout Sessions (Payments.grantCheckout), not for the webhook.
    expect(rolesAllowed('secretsmanager:GetSecretValue', secretId('/StripeApiKey/'))).not.toContain(
      getAttOf(webhook.resource.Properties.Role),
    );
  });
});

describe('alarms', () => {
  it('watch failed, timed-out and throttled executions of both state machines, to an encrypted topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const [topicId] = ofType('AWS::SNS::Topic').find(([, t]) => pathOf(t).includes('/AlarmTopic/'))!;
    for (const name of ['Lifecycle', 'Ingest'] as const) {
      const { id } = stateMachine(name);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled']) {
        const alarm = alarms.find((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === id && a.Namespace === 'AWS/States');
        expect(alarm, `${name} ${metric}`).toBeDefined();
        expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      }
    }
  });

  it('go to the alarmEmail address when that setting is given (none by default)', () => {
    expect(ofType('AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'email')).toEqual([]);
    const withEmail = synthTemplate({ context: { alarmEmail: 'oncall@example.com' } });
    const subscriptions = Object.values(withEmail.Resources as Record<string, Resource>).filter(
      (r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'email',
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties.Endpoint).toBe('oncall@example.com');
    expect(pathOf(withEmail.Resources[subscriptions[0]!.Properties.TopicArn.Ref])).toContain('/AlarmTopic/');
  });
});

describe('daily creditor reports', () => {
  const reports = functionNamed('creditor-reports');
  const statements = ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === getAttOf(reports.resource.Properties.Role)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
  const actions = statements.flatMap((st) => [st.Action].flat() as string[]);

  it('run hourly on an EventBridge schedule (each creditor once a day, after its own midnight), and a failed run lands in the dead-letter queue', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression);
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties;
    expect(rule.ScheduleExpression).toBe('cron(15 * * * ? *)');
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [reports.id, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: expect.anything(),
      }),
    ]);
    expect(reports.resource.Properties.DeadLetterConfig).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [reports.id, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('list accounts through the keys-only ByCreditor index of the table', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByCreditor',
          KeySchema: [
            { AttributeName: 'byCreditorId', KeyType: 'HASH' },
            { AttributeName: 'byAccountRef', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('may only read the table and put objects under creditors/*/outbox/daily/, through the grant helpers', () => {
    expect(
      actions
        .filter((a) => a.startsWith('dynamodb:'))
        .every((a) => /^dynamodb:(BatchGet|Get|Query|Scan|ConditionCheck|DescribeTable)/.test(a)),
    ).toBe(true);
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe(true);
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(
      [
        's3:Abort*',
        's3:PutObject',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
      ].sort(),
    );
    const s3Resources = statements
      .filter((st) => [st.Action].flat().some((a: string) => a.startsWith('s3:')))
      .flatMap((st) => [st.Resource].flat().map(flatten));
    expect(s3Resources.every((r) => r.endsWith('/creditors/*/outbox/daily/*'))).toBe(true);
    expect(actions.some((a) => a.startsWith('states:') || a === '*' || a.endsWith(':*'))).toBe(false);
  });

  it('alarm when a run fails, as the unsubscribe link does', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const name of ['creditor-reports', 'unsubscribe', 'portal']) {
      const { id } = functionNamed(name);
      const alarm = alarms.find((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === id);
      expect(alarm, name).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 1, Statistic: 'Sum' });
    }
  });
});

describe('operations dashboard', () => {
  const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0]!;
  const body = JSON.parse(flatten(dashboard.Properties.DashboardBody).replace(/\$\{[^}]+\}/g, 'X'));
  const widgets = body.widgets as Array<{ type: string; properties: { title: string; metrics?: unknown[]; alarms?: unknown[] } }>;
  const titled = (pattern: RegExp) => widgets.find((w) => pattern.test(w.properties.title));

  it('shows executions, open accounts by stage, messages sent and suppressed, replies by intent, errors and the queue', () => {
    for (const [title, needle] of [
      [/Executions started/, 'ExecutionsStarted'],
      [/Open accounts .* by stage/, 'OpenAccounts'],
      [/Messages sent and suppressed/, 'MessagesSuppressed'],
      [/Replies by intent/, 'RepliesReceived'],
      [/Function errors/, 'ApproximateNumberOfMessagesVisible'],
      [/Recovery and reply rate/, 'KpiRecoveryRate'],
    ] as const) {
      const widget = titled(title);
      expect(widget, String(title)).toBeDefined();
      expect(JSON.stringify(widget), String(title)).toContain(needle);
    }
  });

  it('shows the state of every alarm', () => {
    const alarms = titled(/^Alarms$/);
    expect(alarms?.type).toBe('alarm');
    expect(alarms?.properties.alarms).toHaveLength(ofType('AWS::CloudWatch::Alarm').length);
  });
});

describe('IAM', () => {
  // Services whose actions take no resource-level permissions; each use is acknowledged with a reason (nag.test.ts).
  const resourceStarActions =
    /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|ses:SetActiveReceiptRuleSet)$/;

  it('grants Resource "*" only for actions that have no resource-level permissions', () => {
    for (const [id, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as any[]) {
        if ([statement.Resource].flat().includes('*')) {
          for (const action of [statement.Action].flat()) expect(action, id).toMatch(resourceStarActions);
        }
      }
    }
  });

  it("gives each function exactly the table actions its use case's store methods send, and no one Scan or DeleteItem", () => {
    const tableArn = { 'Fn::GetAtt': [ofType('AWS::DynamoDB::Table')[0]![0], 'Arn'] };
    const tableGrants = (name: string) => {
      const roleId = getAttOf(functionNamed(name).resource.Properties.Role)!;
      return ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
        .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    };
    const writes = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
    const expected: Record<string, string[]> = {
      plan: writes,
      'await-until': ['dynamodb:UpdateItem'],
      send: writes,
      'request-handoff': writes,
      resolve: writes,
      'ingest-check': ['dynamodb:GetItem'],
      'ingest-batch': ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem'],
      'inbound-sms': writes,
      'inbound-email': writes,
      instructions: writes,
      'creditor-profile': ['dynamodb:GetItem', 'dynamodb:PutItem'],
      'payment-events': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      'delivery-events': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      unsubscribe: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      'stripe-webhook': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      portal: writes,
      'creditor-reports': ['dynamodb:GetItem', 'dynamodb:Query'],
      'ingest-acknowledge': [],
      'inbox-unread': [],
    };
    expect(Object.keys(expected).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) {
      const grants = tableGrants(name);
      const actions = [...new Set(grants.flatMap((s) => [s.Action].flat() as string[]))].sort();
      expect(actions, name).toEqual(expected[name]);
      expect(actions, name).not.toContain('dynamodb:Scan');
      expect(actions, name).not.toContain('dynamodb:DeleteItem');
      for (const s of grants) {
        // The table itself, and the ByCreditor index only for the reports (which list a creditor's accounts there).
        const resources = [s.Resource].flat();
        expect(resources[0], name).toEqual(tableArn);
        expect(resources.slice(1).map(flatten), name).toEqual(
          name === 'creditor-reports' ? [`\${${tableArn['Fn::GetAtt'][0]}.Arn}/index/ByCreditor`] : [],
        );
      }
    }
  });

  it('lets no role delete an item or an object: retention is the table TTL and the bucket lifecycle rules', () => {
    const actions = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).flatMap((st) => [st.Action].flat() as string[]),
    );
    expect(actions.filter((a) => /^dynamodb:(DeleteItem|\*)$|^s3:(Delete|\*)/.test(a))).toEqual([]);
  });

  it('uses no managed policies (each function role writes to its own log group only)', () => {
    for (const [id, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('scopes sending: SES to the sender identities and the configuration set, SMS to the configuration set', () => {
    const { resource } = functionNamed('send');
    const roleId = getAttOf(resource.Properties.Role)!;
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    const ses = statements.find((s) => s.Action === 'ses:SendEmail')!;
    const sesResources = [ses.Resource].flat().map(flatten);
    const prefix = 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:';
    expect(sesResources).toEqual(
      expect.arrayContaining([
        `${prefix}identity/collections@example.com`,
        `${prefix}identity/agency@example.com`,
        `${prefix}identity/example.com`,
      ]),
    );
    expect(sesResources.some((r) => r.startsWith(`${prefix}configuration-set/`))).toBe(true);
    const sms = statements.find((s) => s.Action === 'sms-voice:SendTextMessage')!;
    const [smsConfigurationSetId] = ofType('AWS::SMSVOICE::ConfigurationSet')[0]!;
    expect([sms.Resource].flat()).toContainEqual({ 'Fn::GetAtt': [smsConfigurationSetId, 'Arn'] });
  });

  it('lets each inbound function answer on its own channel only', () => {
    const actionsOf = (name: string) => {
      const roleId = getAttOf(functionNamed(name).resource.Properties.Role)!;
      return ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => refOf(r) === roleId))
        .flatMap(([, p]) => (p.Properties.PolicyDocument.Statement as any[]).flatMap((s) => [s.Action].flat()));
    };
    expect(actionsOf('inbound-sms')).toContain('sms-voice:SendTextMessage');
    expect(actionsOf('inbound-sms')).not.toContain('ses:SendEmail');
    expect(actionsOf('inbound-email')).toContain('ses:SendEmail');
    expect(actionsOf('inbound-email')).not.toContain('sms-voice:SendTextMessage');
  });
});

describe('outputs', () => {
  it('name the bucket, the table, both state machines and the inbound SMS topic', () => {
    const outputs = Object.keys(json.Outputs ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining(['BucketName', 'TableName', 'LifecycleStateMachineArn', 'IngestStateMachineArn', 'InboundSmsTopicArn']),
    );
  });
});
