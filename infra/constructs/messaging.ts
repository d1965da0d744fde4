// Messaging (outbound): the SES v2 configuration set for email and the AWS End User Messaging SMS configuration set,
// and the scoped permission to send through them; and the KMS HMAC key behind the token in every reply address.
//
// Operator set-up outside this stack: verify the sender identities in SES (and leave the SES sandbox), and own the
// origination phone numbers in End User Messaging SMS (registered, two-way enabled towards the inbound SMS topic).
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';
import { IDENTITY_TAG } from '../../shared/creditors/sending-identity.ts';
import { ENV } from '../../shared/lambda/environment.ts';
import { domainOf, type DeploySettings } from '../config.ts';
import { acknowledge, iam5 } from './nag.ts';
import type { TactfulFunction } from './tactful-function.ts';

export class Messaging extends Construct {
  readonly emailConfigurationSet: ses.ConfigurationSet;
  readonly smsConfigurationSet: smsvoice.CfnConfigurationSet;
  /** Makes the tokens of reply addresses (shared/replies/reply-address.ts); apart from the unsubscribe link key. */
  readonly replyKey: kms.Key;
  private readonly settings: DeploySettings;

  constructor(scope: Construct, id: string, settings: DeploySettings) {
    super(scope, id);
    this.settings = settings;

    this.emailConfigurationSet = new ses.ConfigurationSet(this, 'EmailConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Collection messages carry personal financial information: never deliver them in clear text.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    this.smsConfigurationSet = new smsvoice.CfnConfigurationSet(this, 'SmsConfigurationSet', {
      messageFeedbackEnabled: false,
    });

    this.replyKey = new kms.Key(this, 'ReplyKey', {
      description: 'Tactful: makes and checks the tokens in email reply addresses (HMAC)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
    });
  }

  /**
   * Lets a function make reply-address tokens, and so check one (by making it again and comparing: the address
   * carries a truncated MAC, which VerifyMac cannot take): the key's id and GenerateMac on it, nothing more.
   */
  grantReplyAddresses(fn: TactfulFunction): void {
    this.replyKey.grantGenerateMac(fn.fn);
    fn.addEnvironment(ENV.replyKeyId, this.replyKey.keyArn);
  }

  get emailConfigurationSetName(): string {
    return this.emailConfigurationSet.configurationSetName;
  }

  get smsConfigurationSetName(): string {
    return this.smsConfigurationSet.ref;
  }

  /** Gives `send` its messaging settings and the right to send email and SMS through these configuration sets. */
  grantSend(send: TactfulFunction): void {
    this.grantSendEmail(send);
    this.grantSendSms(send);
  }

  /** The email configuration set and the right to send from the creditor and agency identities through it. */
  grantSendEmail(fn: TactfulFunction): void {
    const stack = Stack.of(this);
    fn.addEnvironment(ENV.emailConfigurationSet, this.emailConfigurationSetName);
    // SES authorizes SendEmail on the identity that covers the From address (the address itself, or its domain when
    // only the domain is verified) and on the configuration set.
    const identities = [
      ...new Set([
        this.settings.senderEmail.toLowerCase(),
        domainOf(this.settings.senderEmail),
        this.settings.agencyEmail.toLowerCase(),
        domainOf(this.settings.agencyEmail),
      ]),
    ];
    iam.Grant.addToPrincipal({
      grantee: fn.fn,
      actions: ['ses:SendEmail'],
      resourceArns: [
        ...identities.map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.emailConfigurationSetName,
        }),
      ],
    });
    this.grantSendFromCreditorDomains(fn);
  }

  // --- Creditor sending identities (shared/creditors/sending-identity.ts) ------------------------------------------

  /** The stack's tag on the identities it creates; the grants below hold to it. */
  private get identityTagCondition(): Record<string, Record<string, string>> {
    return { StringEquals: { [`aws:ResourceTag/${IDENTITY_TAG.stack}`]: Stack.of(this).stackName } };
  }

  /**
   * Creditor domains: SendEmail from any identity of this account and region that carries this stack's tag, which only
   * the creditor-profile function puts on the identities it creates; and GetEmailIdentity on any, to learn whether one
   * is verified and the stack's.
   */
  private grantSendFromCreditorDomains(fn: TactfulFunction): void {
    const stack = Stack.of(this);
    fn.addEnvironment(ENV.agencyMailDomain, domainOf(this.settings.senderEmail));
    fn.addEnvironment(ENV.identityStack, stack.stackName);
    const identities = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    fn.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identities], conditions: this.identityTagCondition }),
    );
    // Any identity, tagged or not: a domain that is missing or not the stack's must read as unusable (the agency's
    // domain is used then), not fail the send with AccessDenied.
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetEmailIdentity'], resources: [identities] }));
    acknowledge(
      fn,
      `ses:SendEmail on this account's SES identities, only those tagged ${IDENTITY_TAG.stack}=<stack name> ` +
        "(aws:ResourceTag), and ses:GetEmailIdentity (read only) on any: creditors' sending domains are named in their " +
        'profiles at run time, and the creditor-profile function tags each identity it creates for one.',
      iam5('Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*'),
    );
  }

  /**
   * Lets the creditor-profile function create a creditor's domain identity, tagged with this stack (it may create or
   * tag none without the tag), and read any identity to find out whether a domain is already someone else's.
   */
  grantCreateCreditorIdentities(fn: TactfulFunction): void {
    const stack = Stack.of(this);
    fn.addEnvironment(ENV.identityStack, stack.stackName);
    const identities = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:CreateEmailIdentity', 'ses:TagResource'],
        resources: [identities],
        conditions: { StringEquals: { [`aws:RequestTag/${IDENTITY_TAG.stack}`]: stack.stackName } },
      }),
    );
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetEmailIdentity'], resources: [identities] }));
    acknowledge(
      fn,
      "ses:CreateEmailIdentity, ses:TagResource (only with the stack's tag in the request) and ses:GetEmailIdentity on " +
        "this account's SES identities: a creditor's sending domain is named in its profile at run time.",
      iam5('Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*'),
    );
  }

  /** The SMS configuration set and the right to send texts through it (touches, and answers to inbound texts). */
  grantSendSms(fn: TactfulFunction): void {
    const stack = Stack.of(this);
    fn.addEnvironment(ENV.smsConfigurationSet, this.smsConfigurationSetName);
    // End User Messaging SMS authorizes SendTextMessage on the configuration set and on the origination identity.
    iam.Grant.addToPrincipal({
      grantee: fn.fn,
      actions: ['sms-voice:SendTextMessage'],
      resourceArns: [
        this.smsConfigurationSet.attrArn,
        stack.formatArn({ service: 'sms-voice', resource: 'phone-number', resourceName: '*' }),
      ],
    });
    acknowledge(
      fn,
      "sms-voice:SendTextMessage on this account's phone numbers (sms-voice:<region>:<account>:phone-number/*): each " +
        'creditor sends from its own number (creditor profile smsOriginationNumber) and the agency from ' +
        'smsOriginationIdentity, all known as E.164 numbers, while the IAM resource ARN carries the phone number ID ' +
        'that End User Messaging generates. Limited to phone numbers of this account and region; the configuration set ' +
        'is named exactly (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsendusermessagingsmsandvoicev2.html).',
      iam5('Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:phone-number/*'),
    );
  }
}
