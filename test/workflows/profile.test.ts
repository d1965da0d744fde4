// A creditor profile uploaded through the real offline platform: the S3 event goes through the template's EventBridge
// rule to creditor-profile, and the accepted version is the one the next touch uses.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, EXAMPLE_PROFILE, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ackOf = async (w: World, creditorId: string, file: string) =>
  JSON.parse(await w.platform.files.getText(`creditors/${creditorId}/outbox/acknowledgements/${file}.ack.json`));

describe('Creditor profile file', () => {
  it('applies to every touch sent after it is accepted, and keeps the earlier version', async () => {
    world = await World.start([{ ref: 'P1', email: 'p1@example.com' }]);
    const { creditorId } = world;
    const renamed = { ...EXAMPLE_PROFILE, brand: { ...EXAMPLE_PROFILE.brand, senderName: 'Acme Energy Care' } };
    const uploadAt = 6 * DAY;
    world.at(uploadAt, () =>
      world!.platform.putObject(`creditors/${creditorId}/inbox/profile.json`, JSON.stringify(renamed), 'application/json'),
    );
    await world.runFor(20);

    expect(await ackOf(world, creditorId, 'profile.json')).toMatchObject({ status: 'accepted', version: 2, accepted: 1, rejected: 0 });
    const version2 = await world.platform.creditors.getProfileVersion(creditorId, 2);
    expect(version2?.source.key).toBe(`creditors/${creditorId}/inbox/profile.json`);
    expect(Date.parse(version2!.acceptedAt)).toBe(Date.parse('2026-03-02T14:00:00Z') + uploadAt);
    expect((await world.platform.creditors.getProfileVersion(creditorId, 1))?.profile.brand.senderName).toBe(
      EXAMPLE_PROFILE.brand.senderName,
    );

    const sent = world.platform.email.sent.filter((m) => m.to === 'p1@example.com');
    const before = sent.filter((m) => Date.parse(m.at) < Date.parse(version2!.acceptedAt));
    const after = sent.filter((m) => Date.parse(m.at) > Date.parse(version2!.acceptedAt));
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(before.map((m) => m.fromName))).toEqual(new Set([EXAMPLE_PROFILE.brand.senderName]));
    expect(new Set(after.filter((m) => m.fromAddress === EXAMPLE_PROFILE.brand.senderEmail).map((m) => m.fromName))).toEqual(
      new Set(['Acme Energy Care']),
    );
  });

  it('onboards a new creditor by its profile file, and refuses one that names another creditor', async () => {
    world = await World.start([]);
    const header = 'account_ref,debtor_name,balance,currency,delinquency_date,email';
    await world.platform.putObject(
      'creditors/newco/inbox/profile.json',
      // Neither the number nor the sending domain of the example creditor: both are acme-energy's.
      JSON.stringify({
        ...EXAMPLE_PROFILE,
        creditorId: 'newco',
        smsOriginationNumber: undefined,
        brand: { ...EXAMPLE_PROFILE.brand, sendingDomain: undefined },
      }),
    );
    await world.platform.putObject('creditors/other/inbox/profile.json', JSON.stringify({ ...EXAMPLE_PROFILE, creditorId: 'newco' }));
    await world.runFor(0.01);
    await world.platform.putObject(
      'creditors/newco/inbox/placements/first.csv',
      `${header}\nN1,Nia Test,120.00,USD,2025-09-01,n1@example.com\n`,
    );
    await world.runFor(0.02);

    expect(await ackOf(world, 'newco', 'profile.json')).toMatchObject({ status: 'accepted', version: 1 });
    expect(await ackOf(world, 'other', 'profile.json')).toMatchObject({
      status: 'rejected',
      rejections: expect.arrayContaining([{ field: '$.creditorId', reason: 'must be "other", the creditor whose inbox holds the file' }]),
    });
    expect(await world.platform.creditors.getProfile('other')).toBeUndefined();
    expect(await ackOf(world, 'newco', 'first.csv')).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('acknowledges an inbox file no rule reads, and only that one', async () => {
    world = await World.start([{ ref: 'U1', email: 'u1@example.com' }]);
    await world.platform.putObject(`creditors/${world.creditorId}/inbox/placements/april.xlsx`, 'not a csv');
    await world.runFor(0.01);
    expect(await ackOf(world, world.creditorId, 'placements__april.xlsx')).toMatchObject({
      file: 'placements/april.xlsx',
      status: 'rejected',
    });
    // The placement file the world started with is acknowledged by Ingest alone.
    const acks = world.platform.files.keys(`creditors/${world.creditorId}/outbox/acknowledgements/`);
    expect(acks.filter((k) => k.endsWith('.ack.json'))).toEqual([
      `creditors/${world.creditorId}/outbox/acknowledgements/placements__april.xlsx.ack.json`,
      `creditors/${world.creditorId}/outbox/acknowledgements/test.csv.ack.json`,
    ]);
  });
});
