// Resolves the CloudFormation intrinsics that appear in Tactful's template (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
// Fn::Select, Fn::Split) into local values, so the synthesized definitions and environments can run offline.
export type Template = { Resources: Record<string, { Type: string; Properties?: any; Metadata?: Record<string, unknown> }> };

export interface IntrinsicResolver {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
const PSEUDO: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Tactful',
  'AWS::NoValue': '',
};

export function resolveIntrinsics(value: unknown, resolver: IntrinsicResolver): any {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, resolver));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]! as [string, any];
    switch (fn) {
      case 'Ref':
        return PSEUDO[arg] ?? resolver.ref(arg);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return resolver.getAtt(id, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg;
        return (resolveIntrinsics(parts, resolver) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg;
        return (resolveIntrinsics(list, resolver) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = arg;
        return String(resolveIntrinsics(source, resolver)).split(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolvedVars = resolveIntrinsics(vars, resolver) as Record<string, string>;
        return String(text).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          if (name in resolvedVars) return resolvedVars[name]!;
          if (PSEUDO[name] !== undefined) return PSEUDO[name]!;
          const [id, attribute] = name.split('.');
          return attribute ? resolver.getAtt(id!, attribute) : resolver.ref(id!);
        });
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, resolver)]));
}

/** The construct path CDK records for a resource, e.g. "Tactful/Lifecycle/StateMachine/Resource". */
export function cdkPath(template: Template, logicalId: string): string {
  return String(template.Resources[logicalId]?.Metadata?.['aws:cdk:path'] ?? '');
}

export function resourcesOfType(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
