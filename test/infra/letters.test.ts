// Print and mail: optional deploy settings that give Send a Lob key (by secret ARN) and a return address, and nothing else.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadDeploySettings } from '../../infra/config.ts';
import { cdkJsonContext, synthTemplate } from '../../infra/synth.ts';
import { ENV } from '../../shared/lambda/environment.ts';

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:tactful/lob-AbCdEf';
const LETTERS = { letterApiKeySecretArn: SECRET, letterFromAddressId: 'adr_0123abcd' };

type Resources = Record<string, any>;

function sendFunction(template: Resources): { env: Record<string, unknown>; statements: unknown[] } {
  const resources = template.Resources as Resources;
  const [id, fn] = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.[ENV.functionName] === 'send',
  )!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
  expect(id).toBeTruthy();
  return { env: fn.Properties.Environment.Variables, statements };
}

const secretStatements = (statements: unknown[]) =>
  JSON.stringify(statements)
    .match(/"secretsmanager:[A-Za-z]+"/g)
    ?.map((a) => a.slice(1, -1)) ?? [];

describe('letters deploy settings', () => {
  it('are optional, and read both or neither', () => {
    expect(loadDeploySettings(new App({ context: cdkJsonContext() })).letters).toBeUndefined();
    expect(loadDeploySettings(new App({ context: { ...cdkJsonContext(), ...LETTERS } })).letters).toEqual({
      apiKeySecretArn: SECRET,
      fromAddressId: 'adr_0123abcd',
    });
    expect(() => loadDeploySettings(new App({ context: { ...cdkJsonContext(), letterApiKeySecretArn: SECRET } }))).toThrow(
      '"letterFromAddressId" must be the id of an address saved in Lob',
    );
    expect(() => loadDeploySettings(new App({ context: { ...cdkJsonContext(), ...LETTERS, letterApiKeySecretArn: 'lob-key' } }))).toThrow(
      '"letterApiKeySecretArn" must be a Secrets Manager secret ARN',
    );
  });

  it('give Send the secret by ARN (GetSecretValue on it only) and the return address; without them, nothing', () => {
    const plain = sendFunction(synthTemplate());
    expect(plain.env[ENV.letterApiKeySecretArn]).toBeUndefined();
    expect(secretStatements(plain.statements)).toEqual([]);

    const withLetters = sendFunction(synthTemplate({ context: LETTERS }));
    expect(withLetters.env).toMatchObject({ [ENV.letterApiKeySecretArn]: SECRET, [ENV.letterFromAddressId]: 'adr_0123abcd' });
    expect(withLetters.statements).toContainEqual({ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: SECRET });
    expect(secretStatements(withLetters.statements)).toEqual(['secretsmanager:GetSecretValue']);
  });
});
