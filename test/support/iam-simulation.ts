// The IAM policy simulator (@cloud-copilot/iam-simulate) over a synthesized template: intrinsic functions resolved to
// concrete values, and one decision per request.
import { expect } from 'vitest';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** What the template's Ref and Fn::GetAtt stand for; undefined for one the test has no value for (an error). */
export interface IntrinsicValues {
  ref(logicalId: string): string | undefined;
  getAtt(logicalId: string, attribute: string): string | undefined;
}

/** Ref, Fn::GetAtt and Fn::Join, with the pseudo parameters, as concrete values. */
export function resolveIntrinsics(value: unknown, values: IntrinsicValues): any {
  const resolve = (inner: unknown) => resolveIntrinsics(inner, values);
  if (Array.isArray(value)) return value.map(resolve);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, any>;
  if ('Ref' in v) {
    const resolved = PSEUDO[v.Ref] ?? values.ref(v.Ref);
    if (resolved === undefined) throw new Error(`No value for Ref ${v.Ref}`);
    return resolved;
  }
  if ('Fn::GetAtt' in v) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    const resolved = values.getAtt(id, attribute);
    if (resolved === undefined) throw new Error(`No value for Fn::GetAtt ${id}.${attribute}`);
    return resolved;
  }
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, resolve(inner)]));
}

/** The simulator's overall decision ('Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied'). */
export async function decide(simulation: Omit<Simulation, 'serviceControlPolicies' | 'resourceControlPolicies'>): Promise<string> {
  const response = await runSimulation({ serviceControlPolicies: [], resourceControlPolicies: [], ...simulation }, {});
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  // A context key the simulator does not know for the action would be dropped silently, and its condition fail.
  if (response.resultType === 'single') expect(response.result.ignoredContextKeys ?? []).toEqual([]);
  return response.overallResult;
}
