// The DynamoDB actions the synthesized template grants each function's role, for the tests that hold what the
// functions really call (offline, where nothing enforces IAM) against them.
import type { Template } from '../../local/intrinsics.ts';

type Resource = { Type: string; Properties: Record<string, any> };

/** `dynamodb:*` actions in the policies attached to the role of the function in `functions/{name}/`. */
export function grantedTableActions(template: Template, name: string): string[] {
  const resources = Object.entries(template.Resources as Record<string, Resource>);
  const fn = resources.find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.TACTFUL_FUNCTION === name,
  );
  if (!fn) throw new Error(`the template has no function ${name}`);
  const roleId = (fn[1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return [
    ...new Set(
      resources
        .filter(
          ([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Array<{ Ref?: string }>).some((role) => role.Ref === roleId),
        )
        .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('dynamodb:')),
    ),
  ].sort();
}
