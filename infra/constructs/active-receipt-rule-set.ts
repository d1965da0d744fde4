// Makes a receipt rule set the active one: SES receives mail through one active rule set per account and region, and
// CloudFormation has no resource for that, so a custom resource calls SES SetActiveReceiptRuleSet when the stack is
// created or updated, and deactivates it (the call without a name) when the stack is deleted.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DEFAULTS } from '../config.ts';
import { acknowledge, iam5 } from './nag.ts';

export interface ActiveReceiptRuleSetProps {
  ruleSet: ses.ReceiptRuleSet;
  ruleSetName: string;
  /** Encrypts the provider's log group, as every log group of the stack. */
  key: kms.IKey;
}

export class ActiveReceiptRuleSet extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ActiveReceiptRuleSetProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: DEFAULTS.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A role of its own with inline grants: the provider's default role carries the AWSLambdaBasicExecutionRole
    // managed policy, which may write to any log group.
    const role = new iam.Role(this, 'Role', {
      description: 'Activates the SES receipt rule set of the reply domain',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    const activate: cr.AwsSdkCall = {
      service: 'SES',
      action: 'SetActiveReceiptRuleSet',
      parameters: { RuleSetName: props.ruleSetName },
      physicalResourceId: cr.PhysicalResourceId.of(props.ruleSetName),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      onCreate: activate,
      onUpdate: activate,
      // Without a name, SetActiveReceiptRuleSet makes no rule set active.
      onDelete: { service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    this.resource.node.addDependency(props.ruleSet);
    acknowledge(
      this,
      'ses:SetActiveReceiptRuleSet supports no resource-level permissions: it takes "*" ' +
        '(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html). The custom resource names ' +
        "this stack's rule set on create and update, and none on delete.",
      iam5('Resource::*'),
    );
  }
}
