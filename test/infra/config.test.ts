// Deploy settings: read from the CDK context (cdk.json), validated with clear errors.
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { DEPLOY_SETTING_NAMES, loadDeploySettings } from '../../infra/config.ts';
import { cdkJsonContext } from '../../infra/synth.ts';

const withContext = (context: Record<string, unknown>) => new App({ context });

/** The message loadDeploySettings refuses the context with ('' when it accepts it). */
function settingsError(context: Record<string, unknown>): string {
  try {
    loadDeploySettings(withContext(context));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('deploy settings', () => {
  it('cdk.json holds a valid example for every setting', () => {
    const context = cdkJsonContext();
    const settings = loadDeploySettings(withContext(context));
    expect(Object.keys(settings).sort()).toEqual([...DEPLOY_SETTING_NAMES, 'creditors', 'creditorSftp', 'paymentProcessors'].sort());
    expect(settings).toEqual({
      creditors: [],
      creditorSftp: false,
      paymentProcessors: [],
      senderEmail: 'collections@example.com',
      replyDomain: 'replies.example.com',
      smsOriginationIdentity: '+15555550100',
      agencyName: 'Example Collections LLC',
      agencyEmail: 'agency@example.com',
      agencyAddress: '100 Example Street, Suite 200, Springfield, IL 62701',
    });
  });

  it('names every missing or invalid setting, with what it expects, in one error', () => {
    const context = {
      ...cdkJsonContext(),
      senderEmail: 'not-an-address',
      replyDomain: 'Replies.Example.com',
      smsOriginationIdentity: '555-0100',
      agencyName: undefined,
      agencyEmail: 42,
      agencyAddress: 'x',
    };
    const error = settingsError(context);
    expect(error).toContain('"senderEmail" is invalid: expected an email address');
    expect(error).toContain('got "not-an-address"');
    expect(error).toContain('"replyDomain" is invalid: expected a lower-case domain name');
    expect(error).toContain('"smsOriginationIdentity" is invalid: expected an E.164 phone number');
    expect(error).toContain('"agencyName" is missing');
    expect(error).toContain('"agencyEmail" must be a string');
    expect(error).toContain('"agencyAddress" is invalid: expected the agency mailing address');
    expect(error).toContain('-c name=value');
  });

  it('takes overrides from the command line context', () => {
    const settings = loadDeploySettings(
      withContext({ ...cdkJsonContext(), replyDomain: 'mail.collector.example', smsOriginationIdentity: '+442071838750' }),
    );
    expect(settings.replyDomain).toBe('mail.collector.example');
    expect(settings.smsOriginationIdentity).toBe('+442071838750');
  });

  it('reads the creditors, SFTP and payment processors, from cdk.json lists or `-c` JSON', () => {
    const creditor = { id: 'acme', principal: 'arn:aws:iam::111122223333:role/uploader', externalId: 'acme-secret' };
    const settings = loadDeploySettings(
      withContext({
        ...cdkJsonContext(),
        creditors: JSON.stringify([creditor]),
        creditorSftp: 'false',
        paymentProcessors: [{ account: '444455556666', creditors: ['acme'] }],
      }),
    );
    expect(settings.creditors).toEqual([creditor]);
    expect(settings.creditorSftp).toBe(false);
    expect(settings.paymentProcessors).toEqual([{ account: '444455556666', creditors: ['acme'] }]);
  });

  it('names every wrong creditor field, a repeated id, and a missing SSH key when SFTP is on', () => {
    const context = {
      ...cdkJsonContext(),
      creditorSftp: true,
      creditors: [
        { id: 'Acme Corp', principal: '1111', externalId: 'x' },
        { id: 'globex', principal: '111122223333', externalId: 'globex-secret' },
        { id: 'globex', principal: '111122223333', externalId: 'globex-secret', sshPublicKey: 'ssh-ed25519 AAAAC3Nz globex' },
      ],
      paymentProcessors: [{ account: '444455556666', creditors: [] }],
    };
    const error = settingsError(context);
    expect(error).toContain('"creditors"[0].id is invalid: expected a creditor id');
    expect(error).toContain('"creditors"[0].principal is invalid: expected an AWS account id (12 digits) or an IAM role');
    expect(error).toContain('"creditors"[0].externalId is invalid');
    expect(error).toContain('"creditors"[0].sshPublicKey is missing');
    expect(error).toContain('"creditors"[1].sshPublicKey is missing');
    expect(error).toContain('"creditors"[2].id "globex" is listed twice');
    expect(error).toContain('"paymentProcessors" must be a list of processors, each an AWS account id (12 digits) and the creditor ids');
  });

  it('takes an optional alarmEmail, and names a wrong one', () => {
    expect(loadDeploySettings(withContext(cdkJsonContext())).alarmEmail).toBeUndefined();
    expect(loadDeploySettings(withContext({ ...cdkJsonContext(), alarmEmail: 'oncall@example.com' })).alarmEmail).toBe(
      'oncall@example.com',
    );
    expect(settingsError({ ...cdkJsonContext(), alarmEmail: 'oncall' })).toContain('"alarmEmail" is invalid: expected an email address');
  });
});
