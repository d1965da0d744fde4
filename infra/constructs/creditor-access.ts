// Creditor access: each creditor listed in the deploy settings gets an IAM role, assumable by the principal the operator
// names (with the creditor's external id), that may write only creditors/{id}/inbox/* and read only
// creditors/{id}/outbox/*. The data bucket's policy denies each creditor role everything outside its own folder, so a
// broader policy attached to the role later cannot widen it. With creditorSftp on, an AWS Transfer Family SFTP server
// (service-managed users, SSH keys from the settings) gives each creditor a user whose home is its own folder.
import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { Construct } from 'constructs';
import { DEFAULTS, type CreditorAccessSetting } from '../config.ts';
import { acknowledge, arnToken, iam5 } from './nag.ts';

export interface CreditorAccessProps {
  bucket: s3.IBucket;
  /** The bucket's SSE-KMS key: writing an object generates a data key with it, reading one decrypts. */
  key: kms.IKey;
  creditors: readonly CreditorAccessSetting[];
  /** Whether to run the SFTP server (deploy setting creditorSftp). */
  sftp: boolean;
}

/** A creditor's folder: it writes its inbox and reads its outbox. */
export function creditorFolder(creditorId: string): { root: string; inbox: string; outbox: string } {
  const root = `creditors/${creditorId}/`;
  return { root, inbox: `${root}inbox/`, outbox: `${root}outbox/` };
}

export class CreditorAccess extends Construct {
  /** Each creditor's role, by creditor id, for its own programs (S3 API). */
  readonly roles: ReadonlyMap<string, iam.Role>;
  /** Each creditor's SFTP role, by creditor id (when SFTP is on): Transfer Family assumes it for the creditor's user. */
  readonly sftpRoles: ReadonlyMap<string, iam.Role>;
  readonly sftpServer?: transfer.CfnServer;

  constructor(scope: Construct, id: string, props: CreditorAccessProps) {
    super(scope, id);
    const { bucket, key, creditors } = props;
    const roles = new Map<string, iam.Role>();
    const sftpRoles = new Map<string, iam.Role>();

    for (const creditor of creditors) {
      const folder = creditorFolder(creditor.id);
      const name = pascal(creditor.id);
      const role = new iam.Role(this, `Creditor${name}`, {
        description: `Tactful creditor ${creditor.id}: writes ${folder.inbox}, reads ${folder.outbox}`,
        assumedBy: /^\d{12}$/.test(creditor.principal)
          ? new iam.AccountPrincipal(creditor.principal)
          : new iam.ArnPrincipal(creditor.principal),
        externalIds: [creditor.externalId],
      });
      // Programs list the outbox to find their reports; the inbox is write-only.
      grantCreditorFolder(role, bucket, key, creditor.id, [folder.outbox, `${folder.outbox}*`]);
      roles.set(creditor.id, role);
      new CfnOutput(this, `RoleArn${name}`, {
        value: role.roleArn,
        description: `Creditor ${creditor.id}: the role to assume (with its external id) to write its inbox and read its outbox`,
      });
    }

    if (props.sftp && creditors.length > 0) {
      this.sftpServer = this.sftp(props, sftpRoles);
    }

    // The bucket's own guard: each creditor role may touch nothing but its folder (and list the bucket, which its
    // identity policy narrows by prefix), whatever policy it is given.
    for (const creditor of creditors) {
      const folder = creditorFolder(creditor.id);
      const principals = [roles.get(creditor.id), sftpRoles.get(creditor.id)].flatMap((r) => (r ? [r] : []));
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `CreditorOwnFolderOnly${pascal(creditor.id)}`,
          effect: iam.Effect.DENY,
          principals: principals.map((r) => new iam.ArnPrincipal(r.roleArn)),
          actions: ['s3:*'],
          notResources: [bucket.bucketArn, bucket.arnForObjects(`${folder.inbox}*`), bucket.arnForObjects(`${folder.outbox}*`)],
        }),
      );
    }
    this.roles = roles;
    this.sftpRoles = sftpRoles;
  }

  /** The SFTP server, one user per creditor whose home `/` is its folder, and their roles (in `sftpRoles`). */
  private sftp(props: CreditorAccessProps, sftpRoles: Map<string, iam.Role>): transfer.CfnServer {
    const { bucket, key, creditors } = props;
    const stack = Stack.of(this);
    const loggingRole = new iam.Role(this, 'SftpLoggingRole', {
      description: 'Tactful SFTP server: writes its log (logins, uploads, downloads)',
      assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    const server = new transfer.CfnServer(this, 'SftpServer', {
      protocols: ['SFTP'],
      identityProviderType: 'SERVICE_MANAGED',
      endpointType: 'PUBLIC',
      domain: 'S3',
      securityPolicyName: DEFAULTS.sftpSecurityPolicy,
      loggingRole: loggingRole.roleArn,
    });
    // Transfer Family logs to /aws/transfer/{server id}; created here to be encrypted and to expire.
    const log = new logs.LogGroup(this, 'SftpLog', {
      logGroupName: `/aws/transfer/${server.attrServerId}`,
      retention: DEFAULTS.logRetention,
      encryptionKey: key,
    });
    log.grantWrite(loggingRole);

    for (const creditor of creditors) {
      const folder = creditorFolder(creditor.id);
      const role = new iam.Role(this, `CreditorSftp${pascal(creditor.id)}`, {
        description: `Tactful creditor ${creditor.id} over SFTP: writes ${folder.inbox}, reads ${folder.outbox}`,
        assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com', {
          conditions: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            ArnLike: {
              'aws:SourceArn': `arn:${Aws.PARTITION}:transfer:${Aws.REGION}:${Aws.ACCOUNT_ID}:user/${server.attrServerId}/${creditor.id}`,
            },
          },
        }),
      });
      // An SFTP client lists its home (inbox/, outbox/) and each folder in it.
      grantCreditorFolder(role, bucket, key, creditor.id, [folder.root, `${folder.root}*`]);
      sftpRoles.set(creditor.id, role);
      new transfer.CfnUser(this, `SftpUser${pascal(creditor.id)}`, {
        serverId: server.attrServerId,
        userName: creditor.id,
        role: role.roleArn,
        homeDirectoryType: 'LOGICAL',
        homeDirectoryMappings: [{ entry: '/', target: `/${bucket.bucketName}/${folder.root.slice(0, -1)}` }],
        sshPublicKeys: [creditor.sshPublicKey!],
      });
    }
    new CfnOutput(this, 'SftpEndpoint', {
      value: `${server.attrServerId}.server.transfer.${stack.region}.amazonaws.com`,
      description: 'SFTP endpoint: each creditor logs in as its creditor id with its SSH key',
    });
    return server;
  }
}

/**
 * The creditor's folder and nothing else: s3:PutObject on its inbox, s3:GetObject on its outbox, s3:ListBucket for
 * `listPrefixes` only, and the key only through S3 for this bucket (kms:ViaService, and the bucket ARN as the
 * encryption context, which is what S3 passes with bucket keys).
 */
export function grantCreditorFolder(role: iam.Role, bucket: s3.IBucket, key: kms.IKey, creditorId: string, listPrefixes: string[]): void {
  const folder = creditorFolder(creditorId);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${folder.inbox}*`)] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${folder.outbox}*`)] }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': listPrefixes } },
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com`,
          'kms:EncryptionContext:aws:s3:arn': bucket.bucketArn,
        },
      },
    }),
  );
  acknowledge(
    role,
    `Creditor ${creditorId}: s3:PutObject on its own inbox and s3:GetObject on its own outbox, whose file names the ` +
      'creditor chooses or Tactful writes at run time; the bucket policy denies this role every other key.',
    iam5(`Resource::${arnToken(bucket)}/${folder.inbox}*`),
    iam5(`Resource::${arnToken(bucket)}/${folder.outbox}*`),
  );
}

/** A creditor id as a construct id and a statement id: "acme-energy" → "AcmeEnergy". */
function pascal(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
