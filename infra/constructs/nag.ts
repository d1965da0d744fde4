// cdk-nag v3: AwsSolutions runs as a CDK policy-validation plugin (`Validations.of(app).addPlugins(...)`), and findings
// are acknowledged with CDK's `Validations.of(construct).acknowledge(...)`, one finding id at a time
// (`AwsSolutions-IAM5[Resource::*]`). An acknowledgment covers the construct and everything under it.
// cdk-nag is CommonJS without named-export hints: under Node's ESM loader only its default export is visible.
import { Stack, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import type { AwsSolutionsChecks as AwsSolutionsChecksType } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const { AwsSolutionsChecks } = cdkNag;

/** Registers AwsSolutions (verbose) on the app: any unacknowledged finding fails synthesis. */
export function applyNagChecks(app: App): AwsSolutionsChecksType {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}

/** Acknowledges the given cdk-nag findings on `scope` and everything under it, with one written reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** The id of an AwsSolutions-IAM5 (wildcard permission) finding, e.g. iam5('Resource::*'). */
export function iam5(finding: string): string {
  return `AwsSolutions-IAM5[${finding}]`;
}

/** The logical id of a construct's CloudFormation resource (its default child for an L2). */
export function logicalIdOf(resource: IConstruct): string {
  const element = (resource.node.defaultChild ?? resource) as CfnElement;
  return Stack.of(element).getLogicalId(element);
}

/** How cdk-nag writes `Fn::GetAtt [<resource>, Arn]` in a finding: `<LogicalId.Arn>`. */
export function arnToken(resource: IConstruct): string {
  return `<${logicalIdOf(resource)}.Arn>`;
}

/** How cdk-nag writes `Ref <resource>` in a finding: `<LogicalId>`. */
export function refToken(resource: IConstruct): string {
  return `<${logicalIdOf(resource)}>`;
}
