// functions/creditor-profile: a profile file (S3 "Object Created" via EventBridge) is validated whole, accepted as the
// next version (none for identical content) and acknowledged in the creditor's outbox, with one row per problem.
import '../setup/env.ts';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkStreamMixin } from '@smithy/util-stream';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MemoryFileStore } from '../../../local/outboxes.ts';
import type { CreditorProfileInput } from '../../../shared/creditors/profile.ts';
import { TEST_ENV } from '../setup/env.ts';
import { s3ObjectCreated } from '../setup/events.ts';
import { s3Mock as s3, ddbMock as ddb, resetAwsMocks } from '../setup/aws-mocks.ts';
import { LocalSendingIdentities } from '../../../local/ses-identities.ts';
import { identityTags } from '../../../shared/creditors/sending-identity.ts';
import { GLOBEX_SMS_NUMBER, IDENTITY_STACK, INSIDE_HOURS, MemoryCreditorStore, globexProfile, lambdaContext } from '../setup/fakes.ts';

type ProfileModule = typeof import('../../../functions/creditor-profile/handler.ts');

const KEY = 'creditors/acme/inbox/profile.json';
const ACK_KEY = 'creditors/acme/outbox/acknowledgements/profile.json.ack.json';
const REJECTIONS_KEY = 'creditors/acme/outbox/acknowledgements/profile.json.rejections.csv';

const PROFILE: CreditorProfileInput = {
  creditorId: 'acme',
  brand: {
    name: 'Acme Energy',
    senderName: 'Acme Billing',
    senderEmail: 'billing@acme.test',
    paymentUrl: 'https://pay.acme.test/',
    signOff: 'The Acme Energy team',
  },
};

describe('functions/creditor-profile', () => {
  let module: ProfileModule;
  beforeAll(async () => {
    module = await import('../../../functions/creditor-profile/handler.ts');
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(INSIDE_HOURS);
  });
  afterEach(() => vi.useRealTimers());

  function world(maxBytes = 256 * 1024) {
    const creditors = new MemoryCreditorStore(globexProfile());
    const files = new MemoryFileStore();
    const upload = (body: unknown) =>
      files.putText(KEY, typeof body === 'string' ? body : JSON.stringify(body, null, 2), 'application/json');
    // Domains verify an hour after they are created (the handler runs at a fixed time, so they stay pending).
    const identities = new LocalSendingIdentities(3_600_000);
    const handler = module.createHandler({ files, creditors, maxBytes, identities, identityStack: IDENTITY_STACK });
    const run = (etag?: string) => handler(s3ObjectCreated(KEY, etag), lambdaContext('creditor-profile'));
    const ack = async () => JSON.parse(await files.getText(ACK_KEY));
    return { creditors, files, identities, upload, run, ack };
  }

  describe('createHandler with in-memory ports', () => {
    it('accepts a valid profile as version 1 with where it came from, and acknowledges it', async () => {
      const { creditors, files, upload, run, ack } = world();
      await upload(PROFILE);

      const result = await run();

      expect(result).toEqual({
        file: 'profile.json',
        acknowledgedAt: INSIDE_HOURS.toISOString(),
        status: 'accepted',
        version: 1,
        accepted: 1,
        rejected: 0,
        rejections: [],
      });
      expect(await ack()).toEqual(result);
      expect((await creditors.getProfile('acme'))?.brand.name).toBe('Acme Energy');
      expect(await creditors.getProfileVersion('acme', 1)).toMatchObject({
        version: 1,
        acceptedAt: INSIDE_HOURS.toISOString(),
        source: { key: KEY, etag: 'b1946ac92492d2347c6235b4d2611184', versionId: 'v-1' },
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(await files.getText(REJECTIONS_KEY)).toBe('field,reason\r\n');
    });

    it('makes a changed profile version 2 and keeps version 1; identical content (even reformatted) is no new version', async () => {
      const { creditors, upload, run } = world();
      await upload(PROFILE);
      await run();
      await upload({ ...PROFILE, brand: { ...PROFILE.brand, senderName: 'Acme Collections' } });
      expect(await run('etag-2')).toMatchObject({ status: 'accepted', version: 2 });

      // The same event delivered twice, and the same content uploaded again with other whitespace.
      expect(await run('etag-2')).toMatchObject({ status: 'accepted', version: 2, unchanged: true });
      await upload(JSON.stringify({ ...PROFILE, brand: { ...PROFILE.brand, senderName: 'Acme Collections' } }));
      expect(await run('etag-3')).toMatchObject({ status: 'accepted', version: 2, unchanged: true });

      expect((await creditors.getProfile('acme'))?.brand.senderName).toBe('Acme Collections');
      expect((await creditors.getProfileVersion('acme', 1))?.profile.brand.senderName).toBe('Acme Billing');
      expect(await creditors.getProfileVersion('acme', 3)).toBeUndefined();
    });

    it('rejects a profile with one row per problem (JSON path and reason), template lint included, changing nothing', async () => {
      const { creditors, files, upload, run, ack } = world();
      await upload({
        ...PROFILE,
        creditorId: 'globex',
        brand: { ...PROFILE.brand, senderEmail: 'not-an-email', colors: { primary: 'red' } },
        templates: { 'soft-reminder': { en: { sms: { body: 'Pay now or we will sue you.' } } } },
      });

      const result = await run();

      expect(result).toMatchObject({ status: 'rejected', accepted: 0, rejected: 1 });
      expect(result).not.toHaveProperty('version');
      const fields = result.rejections.map((r) => r.field);
      expect(fields).toEqual(expect.arrayContaining(['$.brand.senderEmail', '$.brand.colors.primary', '$.creditorId']));
      expect(fields.some((f) => f.startsWith('$.templates.soft-reminder.en.sms'))).toBe(true);
      expect(result.rejections.find((r) => r.field === '$.creditorId')?.reason).toBe(
        'must be "acme", the creditor whose inbox holds the file',
      );
      expect(await ack()).toEqual(result);
      const csv = await files.getText(REJECTIONS_KEY);
      expect(csv.split('\r\n')[0]).toBe('field,reason');
      expect(csv).toContain('$.brand.senderEmail,');
      expect(await creditors.getProfile('acme')).toBeUndefined();
    });

    it('refuses a file that is not JSON, not UTF-8 or too big, with the reason on the whole file', async () => {
      const cases: Array<[string | Uint8Array, RegExp]> = [
        ['{ "creditorId": "acme", ', /^not valid JSON: /],
        [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /^the file is not valid UTF-8$/],
        [JSON.stringify(PROFILE) + ' '.repeat(64), /^the file is \d+ bytes, over the 100-byte limit$/],
      ];
      for (const [body, reason] of cases) {
        const { creditors, files, run } = world(typeof body === 'string' && body.length > 100 ? 100 : 256 * 1024);
        if (typeof body === 'string') await files.putText(KEY, body, 'application/json');
        else await files.putBytes(KEY, body, 'application/json');
        const result = await run();
        expect(result.rejections).toEqual([{ field: '(file)', reason: expect.stringMatching(reason) }]);
        expect(await creditors.getProfile('acme')).toBeUndefined();
      }
    });

    it("refuses an SMS origination number that already routes another creditor's replies", async () => {
      const { creditors, upload, run } = world();
      await upload({ ...PROFILE, smsOriginationNumber: GLOBEX_SMS_NUMBER });

      const result = await run();

      expect(result.rejections).toEqual([{ field: '$.smsOriginationNumber', reason: 'already routes inbound texts to another creditor' }]);
      expect(await creditors.findCreditorByOriginationNumber(GLOBEX_SMS_NUMBER)).toBe('globex');
    });

    it("refuses the agency's own SMS number, which must keep reaching the agency", async () => {
      const { creditors, files } = world();
      const agencyNumber = '+15555550100';
      const handler = module.createHandler({
        files,
        creditors,
        maxBytes: 256 * 1024,
        agencySmsOrigination: agencyNumber,
        identities: new LocalSendingIdentities(0),
        identityStack: IDENTITY_STACK,
      });
      await files.putText(KEY, JSON.stringify({ ...PROFILE, smsOriginationNumber: agencyNumber }), 'application/json');

      const result = await handler(s3ObjectCreated(KEY), lambdaContext('creditor-profile'));

      expect(result.rejections).toEqual([
        { field: '$.smsOriginationNumber', reason: "is the agency's own number: texts to it must reach the agency" },
      ]);
      expect(await creditors.findCreditorByOriginationNumber(agencyNumber)).toBeUndefined();
      expect(await creditors.getProfile('acme')).toBeUndefined();
    });

    it('refuses a number another creditor claimed after the check read it (the claim is conditional)', async () => {
      const { creditors, upload, run } = world();
      await upload({ ...PROFILE, smsOriginationNumber: '+18005550199' });
      // Globex's upload wins the race between acme's check and its claim.
      const findOwner = creditors.findCreditorByOriginationNumber.bind(creditors);
      vi.spyOn(creditors, 'findCreditorByOriginationNumber').mockImplementationOnce(async (number) => {
        const owner = await findOwner(number);
        await creditors.putProfile({ ...globexProfile(), smsOriginationNumber: number });
        return owner;
      });

      const result = await run();

      expect(result.status).toBe('rejected');
      expect(result.rejections).toEqual([{ field: '$.smsOriginationNumber', reason: 'already routes inbound texts to another creditor' }]);
      expect(await creditors.findCreditorByOriginationNumber('+18005550199')).toBe('globex');
      expect(await creditors.getProfile('acme')).toBeUndefined();
    });

    it('creates the sending domain as an SES identity tagged for the creditor, and lists its DKIM records to publish', async () => {
      const { creditors, identities, upload, run, ack } = world();
      await upload({ ...PROFILE, brand: { ...PROFILE.brand, sendingDomain: 'Acme.test' } });

      const result = await run();

      expect(result).toMatchObject({ status: 'accepted', version: 1 });
      expect(await creditors.getProfile('acme')).toMatchObject({ brand: { sendingDomain: 'acme.test' } });
      const identity = await identities.getIdentityStatus('acme.test');
      expect(identity).toMatchObject({ status: 'pending', tags: { 'tactful:stack': IDENTITY_STACK, 'tactful:creditor': 'acme' } });
      const [a, b, c] = identity!.dkimTokens;
      expect((await ack()).sendingDomain).toEqual({
        domain: 'acme.test',
        status: 'pending',
        dnsRecords: [a, b, c].map((t) => ({ type: 'CNAME', name: `${t}._domainkey.acme.test`, value: `${t}.dkim.amazonses.com` })),
      });
      // The same file again: nothing new, and the identity is read, not created twice.
      expect(await run()).toMatchObject({ status: 'accepted', unchanged: true, sendingDomain: { domain: 'acme.test' } });
    });

    it("refuses a sending domain that is another creditor's, or an SES identity the stack did not create, and changes nothing", async () => {
      const { creditors, identities, upload, run } = world();
      await identities.createDomainIdentity('globex.test', identityTags(IDENTITY_STACK, 'globex'));
      await identities.createDomainIdentity('agency.test', {});
      const at = (domain: string) => ({ ...PROFILE, brand: { ...PROFILE.brand, senderEmail: `billing@${domain}`, sendingDomain: domain } });

      await upload(at('globex.test'));
      expect((await run()).rejections).toEqual([{ field: '$.brand.sendingDomain', reason: 'is the sending domain of another creditor' }]);
      await upload(at('agency.test'));
      expect((await run()).rejections).toEqual([
        {
          field: '$.brand.sendingDomain',
          reason:
            "is already an SES identity that this platform did not create (the agency's own, or one made by hand): it cannot send for a creditor",
        },
      ]);
      expect(await creditors.getProfile('acme')).toBeUndefined();
      expect((await identities.getIdentityStatus('globex.test'))?.tags['tactful:creditor']).toBe('globex');
    });

    it('refuses a sender address outside the sending domain, without creating the identity', async () => {
      const { identities, upload, run } = world();
      await upload({ ...PROFILE, brand: { ...PROFILE.brand, sendingDomain: 'mail.acme.test' } });

      expect((await run()).rejections).toEqual([{ field: '$.brand.senderEmail', reason: 'must be an address at sendingDomain' }]);
      expect(await identities.getIdentityStatus('mail.acme.test')).toBeUndefined();
    });

    it('rejects an event that is not an EventBridge S3 event with an InvalidEventError, and a key that is not a profile', async () => {
      const { run: _run, files } = world();
      const handler = module.createHandler({
        files,
        creditors: new MemoryCreditorStore(),
        maxBytes: 1000,
        identities: new LocalSendingIdentities(0),
        identityStack: IDENTITY_STACK,
      });
      const { time: _time, ...withoutTime } = s3ObjectCreated(KEY);
      await expect(handler(withoutTime as never, lambdaContext('creditor-profile'))).rejects.toBeInstanceOf(InvalidEventError);
      await expect(handler(s3ObjectCreated('creditors/acme/inbox/placements/p.csv'), lambdaContext('creditor-profile'))).rejects.toThrow(
        'is not a profile file',
      );
    });
  });

  describe('module-scope handler, S3 + DynamoDB mocked', () => {
    beforeEach(() => {
      resetAwsMocks();
      s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from(JSON.stringify(PROFILE), 'utf8')])) });
      s3.on(PutObjectCommand).resolves({});
      ddb.on(GetCommand).resolves({});
      ddb.on(PutCommand).resolves({});
    });

    it('reads the file from the configured bucket, writes version 1 then the profile in force, and the ack', async () => {
      const result = await module.handler(s3ObjectCreated(KEY), lambdaContext('creditor-profile'));

      expect(result).toMatchObject({ status: 'accepted', version: 1 });
      expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, { Bucket: TEST_ENV.BUCKET_NAME, Key: KEY });
      const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
      expect(puts.map((p) => [p.Item?.sk, p.ConditionExpression])).toEqual([
        ['PROFILE#v000001', 'attribute_not_exists(pk)'],
        ['PROFILE', 'attribute_not_exists(#version)'],
        // The registry the daily reports list creditors from.
        ['CREDITOR#acme', undefined],
      ]);
      expect(puts[1]).toMatchObject({
        TableName: TEST_ENV.TABLE_NAME,
        Item: { pk: 'CREDITOR#acme', version: 1, source: { key: KEY, versionId: 'v-1' }, profile: { creditorId: 'acme' } },
      });
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Bucket: TEST_ENV.BUCKET_NAME,
        Key: ACK_KEY,
        ContentType: 'application/json',
      });
    });
  });
});
