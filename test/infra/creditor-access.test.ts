// Creditor isolation, proven offline: the synthesized creditor roles' policies, the data bucket's policy, the roles'
// trust policies and the key policy are evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate) with the
// stack's intrinsic functions resolved to concrete ARNs.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { synthTemplate } from '../../infra/synth.ts';
import { TWO_CREDITORS_WITH_SFTP } from '../support/creditor-settings.ts';
import { ACCOUNT, decide, REGION, resolveIntrinsics } from '../support/iam-simulation.ts';

const BUCKET = 'tactful-data';

const json = synthTemplate({ context: TWO_CREDITORS_WITH_SFTP });
type Resource = { Type: string; Properties: any; Metadata?: Record<string, unknown> };
const resources = json.Resources as Record<string, Resource>;
const pathOf = (r: Resource): string => String(r.Metadata?.['aws:cdk:path'] ?? '');
const find = (type: string, path: string): [string, Resource] => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && pathOf(r).includes(path));
  expect(found, `${type} ${path}`).toHaveLength(1);
  return found[0]!;
};

const [bucketId] = find('AWS::S3::Bucket', '/DataBucket/');
const [keyId, key] = find('AWS::KMS::Key', '/Storage/Key/');
const bucketArn = `arn:aws:s3:::${BUCKET}`;
const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const roleArn = (logicalId: string) => `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;
const SERVER_ID = 's-0123456789abcdef0';

/** Ref, Fn::GetAtt and Fn::Join of the resources these policies name, with the pseudo parameters, as concrete values. */
function resolve(value: unknown): any {
  return resolveIntrinsics(value, {
    ref: (id) => (id === bucketId ? BUCKET : undefined),
    getAtt: (id, attribute) => {
      if (id === bucketId && attribute === 'Arn') return bucketArn;
      if (id === keyId && attribute === 'Arn') return keyArn;
      if (resources[id]?.Type === 'AWS::IAM::Role' && attribute === 'Arn') return roleArn(id);
      if (resources[id]?.Type === 'AWS::Transfer::Server' && attribute === 'ServerId') return SERVER_ID;
      return undefined;
    },
  });
}

/** The role's identity policies (its AWS::IAM::Policy documents), resolved. */
function identityPolicies(roleId: string): Simulation['identityPolicies'] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .map(([id, r]) => ({ name: id, policy: resolve(r.Properties.PolicyDocument) }));
}

const bucketPolicy = resolve(
  Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === bucketId)!.Properties
    .PolicyDocument,
);

/** What the role's session may do to `key` of the data bucket (or to the bucket itself, for s3:ListBucket). */
function s3As(roleId: string, policies = identityPolicies(roleId)) {
  return (action: string, key?: string, context: Record<string, string> = {}) =>
    decide({
      request: {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleId}/session`,
        action,
        resource: { resource: key === undefined ? bucketArn : `${bucketArn}/${key}`, accountId: ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': roleArn(roleId), ...context },
      },
      identityPolicies: policies,
      resourcePolicy: bucketPolicy,
    });
}

const [acmeRoleId, acmeRole] = find('AWS::IAM::Role', '/CreditorAccess/CreditorAcme/');
const [acmeSftpRoleId] = find('AWS::IAM::Role', '/CreditorAccess/CreditorSftpAcme/');
const [globexRoleId] = find('AWS::IAM::Role', '/CreditorAccess/CreditorGlobex/');
const acme = s3As(acmeRoleId);

describe("a creditor's role", () => {
  it('may write its own inbox, and read and list its own outbox', async () => {
    expect(await acme('s3:PutObject', 'creditors/acme/inbox/placements/march.csv')).toBe('Allowed');
    expect(await acme('s3:PutObject', 'creditors/acme/inbox/profile.json')).toBe('Allowed');
    expect(await acme('s3:GetObject', 'creditors/acme/outbox/daily/2026-03-02.status.csv')).toBe('Allowed');
    expect(await acme('s3:ListBucket', undefined, { 's3:prefix': 'creditors/acme/outbox/daily/' })).toBe('Allowed');
  });

  it("may not touch another creditor's folder", async () => {
    expect(await acme('s3:PutObject', 'creditors/globex/inbox/placements/march.csv')).not.toBe('Allowed');
    expect(await acme('s3:GetObject', 'creditors/globex/outbox/daily/2026-03-02.status.csv')).not.toBe('Allowed');
    expect(await acme('s3:ListBucket', undefined, { 's3:prefix': 'creditors/globex/outbox/' })).not.toBe('Allowed');
    expect(await acme('s3:ListBucket', undefined, { 's3:prefix': 'creditors/' })).not.toBe('Allowed');
    expect(await acme('s3:ListBucket')).not.toBe('Allowed');
    // A prefix that merely starts like its own creditor id is another creditor.
    expect(await acme('s3:PutObject', 'creditors/acme-2/inbox/placements/march.csv')).not.toBe('Allowed');
  });

  it('may not write its outbox, read its inbox or delete anything', async () => {
    expect(await acme('s3:PutObject', 'creditors/acme/outbox/daily/2026-03-02.status.csv')).not.toBe('Allowed');
    expect(await acme('s3:GetObject', 'creditors/acme/inbox/placements/march.csv')).not.toBe('Allowed');
    expect(await acme('s3:DeleteObject', 'creditors/acme/inbox/placements/march.csv')).not.toBe('Allowed');
    expect(await acme('s3:DeleteObject', 'creditors/acme/outbox/daily/2026-03-02.status.csv')).not.toBe('Allowed');
    expect(await acme('s3:ListBucket', undefined, { 's3:prefix': 'creditors/acme/inbox/' })).not.toBe('Allowed');
  });

  it.each([
    'inbound/email/0123abcd',
    'inbound/email-flagged/0123abcd.json',
    'ingest-results/run-1/manifest.json',
    'creditors/acme/other.csv',
    'anything',
  ])('may neither read nor write %s', async (key) => {
    expect(await acme('s3:PutObject', key)).not.toBe('Allowed');
    expect(await acme('s3:GetObject', key)).not.toBe('Allowed');
  });

  it('is denied outside its folder by the bucket policy, even with a policy that allows all of S3', async () => {
    const everything = [
      { name: 'too-broad', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
    ];
    const broad = s3As(acmeRoleId, everything);
    expect(await broad('s3:PutObject', 'creditors/globex/inbox/placements/march.csv')).toBe('ExplicitlyDenied');
    expect(await broad('s3:GetObject', 'inbound/email/0123abcd')).toBe('ExplicitlyDenied');
    expect(await broad('s3:PutObject', 'creditors/acme/inbox/placements/march.csv')).toBe('Allowed');
  });

  it('uses the data key only through S3, and only for this bucket', async () => {
    const statement = identityPolicies(acmeRoleId)
      .flatMap((p) => p.policy.Statement as any[])
      .find((s) => [s.Action].flat().includes('kms:GenerateDataKey'))!;
    expect(statement.Resource).toBe(keyArn);
    // With bucket keys, S3 passes the bucket ARN as the encryption context. The simulator matches condition keys
    // with a variable part only after a '/', so it drops kms:EncryptionContext:aws:s3:arn: checked here, as written.
    const { 'kms:EncryptionContext:aws:s3:arn': context, ...viaService } = statement.Condition.StringEquals;
    expect(context).toBe(bucketArn);
    const withoutContext = { ...statement, Condition: { StringEquals: viaService } };
    const kms = (contextVariables: Record<string, string>) =>
      decide({
        request: {
          principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${acmeRoleId}/session`,
          action: 'kms:GenerateDataKey',
          resource: { resource: keyArn, accountId: ACCOUNT },
          contextVariables: { 'aws:PrincipalArn': roleArn(acmeRoleId), ...contextVariables },
        },
        identityPolicies: [{ name: 'key', policy: { Version: '2012-10-17', Statement: [withoutContext] } }],
        resourcePolicy: resolve(key.Properties.KeyPolicy),
      });
    expect(await kms({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await kms({ 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` })).not.toBe('Allowed');
    expect(await kms({})).not.toBe('Allowed');
  });

  it('is assumable by the named principal only, with the external id', async () => {
    const assume = (principal: string, context: Record<string, string>) =>
      decide({
        request: {
          principal,
          action: 'sts:AssumeRole',
          resource: { resource: roleArn(acmeRoleId), accountId: ACCOUNT },
          contextVariables: context,
        },
        // The caller's own account lets it assume any role; the trust policy decides.
        identityPolicies: [
          { name: 'caller', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
        ],
        resourcePolicy: resolve(acmeRole.Properties.AssumeRolePolicyDocument),
      });
    const acmeUser = 'arn:aws:iam::111122223333:user/uploader';
    expect(await assume(acmeUser, { 'sts:ExternalId': 'acme-secret-1' })).toBe('Allowed');
    expect(await assume(acmeUser, {})).not.toBe('Allowed');
    expect(await assume(acmeUser, { 'sts:ExternalId': 'globex-secret-2' })).not.toBe('Allowed');
    expect(await assume('arn:aws:iam::444455556666:role/globex-uploader', { 'sts:ExternalId': 'acme-secret-1' })).not.toBe('Allowed');
    const globexTrust = resources[globexRoleId]!.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(resolve(globexTrust.Principal)).toEqual({ AWS: 'arn:aws:iam::444455556666:role/globex-uploader' });
  });
});

describe('creditor SFTP (creditorSftp on)', () => {
  const [serverId, server] = find('AWS::Transfer::Server', '/CreditorAccess/SftpServer');
  const users = Object.values(resources).filter((r) => r.Type === 'AWS::Transfer::User');

  it('is an SFTP server with service-managed users, logging to an encrypted log group', () => {
    expect(server.Properties).toMatchObject({ Protocols: ['SFTP'], IdentityProviderType: 'SERVICE_MANAGED', Domain: 'S3' });
    expect(server.Properties.SecurityPolicyName).toMatch(/^TransferSecurityPolicy-20\d\d/);
    const [, log] = find('AWS::Logs::LogGroup', '/CreditorAccess/SftpLog/');
    expect(resolve(log.Properties.LogGroupName)).toBe(`/aws/transfer/${SERVER_ID}`);
    expect(log.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('gives each creditor a user whose home / is its own folder, with its SSH key and its own role', () => {
    expect(users).toHaveLength(2);
    const acmeUser = users.find((u) => u.Properties.UserName === 'acme')!;
    expect(acmeUser.Properties.ServerId).toEqual({ 'Fn::GetAtt': [serverId, 'ServerId'] });
    expect(acmeUser.Properties.HomeDirectoryType).toBe('LOGICAL');
    expect(resolve(acmeUser.Properties.HomeDirectoryMappings)).toEqual([{ Entry: '/', Target: `/${BUCKET}/creditors/acme` }]);
    expect(acmeUser.Properties.SshPublicKeys).toEqual([TWO_CREDITORS_WITH_SFTP.creditors[0]!.sshPublicKey]);
    expect(acmeUser.Properties.Role).toEqual({ 'Fn::GetAtt': [acmeSftpRoleId, 'Arn'] });
    const trust = resolve(resources[acmeSftpRoleId]!.Properties.AssumeRolePolicyDocument.Statement[0]);
    expect(trust.Principal).toEqual({ Service: 'transfer.amazonaws.com' });
    expect(trust.Condition.ArnLike['aws:SourceArn']).toBe(`arn:aws:transfer:${REGION}:${ACCOUNT}:user/${SERVER_ID}/acme`);
  });

  it("whose role lists its home, writes its inbox, reads its outbox and nothing of another creditor's", async () => {
    const sftp = s3As(acmeSftpRoleId);
    expect(await sftp('s3:ListBucket', undefined, { 's3:prefix': 'creditors/acme/' })).toBe('Allowed');
    expect(await sftp('s3:PutObject', 'creditors/acme/inbox/placements/march.csv')).toBe('Allowed');
    expect(await sftp('s3:GetObject', 'creditors/acme/outbox/march.csv.ack.json')).toBe('Allowed');
    expect(await sftp('s3:PutObject', 'creditors/acme/outbox/march.csv.ack.json')).not.toBe('Allowed');
    expect(await sftp('s3:PutObject', 'creditors/globex/inbox/placements/march.csv')).not.toBe('Allowed');
    expect(await sftp('s3:GetObject', 'creditors/globex/outbox/march.csv.ack.json')).not.toBe('Allowed');
    expect(await sftp('s3:ListBucket', undefined, { 's3:prefix': 'creditors/globex/' })).not.toBe('Allowed');
    expect(await sftp('s3:GetObject', 'inbound/email/0123abcd')).not.toBe('Allowed');
  });
});

describe('without creditors or SFTP in the settings', () => {
  it('creates no creditor role, SFTP server or user (cdk.json lists none)', () => {
    const plain = synthTemplate();
    const types = Object.values(plain.Resources as Record<string, Resource>).map((r) => r.Type);
    expect(types).not.toContain('AWS::Transfer::Server');
    expect(types).not.toContain('AWS::Transfer::User');
  });
});
