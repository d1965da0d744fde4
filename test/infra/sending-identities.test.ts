// Send's email grants, proven offline with the IAM policy simulator: it may send from the agency's identities and
// from any identity tagged with this stack (the creditor domains the creditor-profile function creates), and from
// nothing else; the creditor-profile function may create identities only with that tag.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { synthTemplate } from '../../infra/synth.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { ACCOUNT, decide, REGION, resolveIntrinsics } from '../support/iam-simulation.ts';

const json = synthTemplate();
type Resource = { Type: string; Properties: any };
const resources = json.Resources as Record<string, Resource>;

const functionNamed = (name: string): Resource =>
  Object.values(resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.TACTFUL_FUNCTION === name,
  )!;

const resolve = (value: unknown) =>
  resolveIntrinsics(value, {
    // A resource's Ref is its physical name: the logical id stands for it.
    ref: (id) => (resources[id] ? id : undefined),
    getAtt: (id, attribute) => (resources[id] ? `arn:aws:test:${REGION}:${ACCOUNT}:${id}/${attribute}` : undefined),
  });

function identityPolicies(fn: Resource): Simulation['identityPolicies'] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .map(([id, r]) => ({ name: id, policy: resolve(r.Properties.PolicyDocument) }));
}

const send = functionNamed('send');
const stack = send.Properties.Environment.Variables[ENV.identityStack] as string;
const identityArn = (identity: string) => `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${identity}`;

function as(fn: Resource) {
  const policies = identityPolicies(fn);
  return (action: string, resource: string, context: Record<string, string> = {}) =>
    decide({
      request: {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/send-role/session`,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: policies,
    });
}

describe('Send may send email', () => {
  const sendAs = as(send);
  const tagged = (value: string) => ({ 'aws:ResourceTag/tactful:stack': value });

  it("from a creditor's domain identity that this stack created (tagged with it)", async () => {
    expect(stack).toMatch(/\w/);
    expect(await sendAs('ses:SendEmail', identityArn('acme-energy.example'), tagged(stack))).toBe('Allowed');
  });

  it("from the agency's own identities, named in the deploy settings", async () => {
    expect(await sendAs('ses:SendEmail', identityArn('example.com'))).toBe('Allowed');
    expect(await sendAs('ses:SendEmail', identityArn('agency@example.com'))).toBe('Allowed');
  });

  it('from no other identity: untagged, tagged by another stack, or in another account', async () => {
    expect(await sendAs('ses:SendEmail', identityArn('someone-else.example'))).not.toBe('Allowed');
    expect(await sendAs('ses:SendEmail', identityArn('someone-else.example'), tagged(`${stack}-staging`))).not.toBe('Allowed');
    // It may read any identity: a missing or foreign one then reads as unusable, rather than failing the send.
    expect(await sendAs('ses:GetEmailIdentity', identityArn('someone-else.example'))).toBe('Allowed');
    expect(await sendAs('ses:SendEmail', `arn:aws:ses:${REGION}:210987654321:identity/acme-energy.example`, tagged(stack))).not.toBe(
      'Allowed',
    );
    expect(await sendAs('ses:CreateEmailIdentity', identityArn('acme-energy.example'), { 'aws:RequestTag/tactful:stack': stack })).not.toBe(
      'Allowed',
    );
  });
});

describe('The creditor-profile function', () => {
  const profileAs = as(functionNamed('creditor-profile'));

  it('may create and tag an identity only with the stack tag in the request, and read any', async () => {
    const request = (value: string) => ({ 'aws:RequestTag/tactful:stack': value, 'aws:TagKeys': 'tactful:stack' });
    expect(await profileAs('ses:CreateEmailIdentity', identityArn('acme-energy.example'), request(stack))).toBe('Allowed');
    expect(await profileAs('ses:TagResource', identityArn('acme-energy.example'), request(stack))).toBe('Allowed');
    expect(await profileAs('ses:CreateEmailIdentity', identityArn('acme-energy.example'), request('another'))).not.toBe('Allowed');
    expect(await profileAs('ses:CreateEmailIdentity', identityArn('acme-energy.example'))).not.toBe('Allowed');
    expect(await profileAs('ses:GetEmailIdentity', identityArn('example.com'))).toBe('Allowed');
    expect(await profileAs('ses:SendEmail', identityArn('acme-energy.example'), { 'aws:ResourceTag/tactful:stack': stack })).not.toBe(
      'Allowed',
    );
  });
});
