// A creditor's sending domain, offline: the example creditor's domain is created as an SES identity when it is
// onboarded and verifies two virtual days later. Until then its email goes from the agency's mail domain under its own
// display name; afterwards from its own address. Either way the Reply-To routes the debtor's answer to the account.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/lambda/environment.ts';
import { DAY, EXAMPLE_PROFILE, START, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const agencyMailDomain = () => {
  const send = world!.platform.topology.functions.find((f) => f.name === 'send')!;
  return send.environment[ENV.agencyMailDomain]!;
};

describe("A creditor's sending domain", () => {
  it('sends from the agency domain under the creditor name until the domain verifies, then from the creditor address', async () => {
    world = await World.start([{ ref: 'S1', email: 's1@example.com' }], {}, { sendingDomainVerifyAfterMs: 2 * DAY });
    const identity = await world.platform.identities.getIdentityStatus('acme-energy.example');
    expect(identity).toMatchObject({ status: 'pending', tags: { 'tactful:creditor': 'acme-energy' } });
    await world.runFor(20);

    const sent = world.platform.email.sent.filter((m) => m.to === 's1@example.com');
    const verifiedAt = START.getTime() + 2 * DAY;
    const before = sent.filter((m) => Date.parse(m.at) < verifiedAt);
    // Send asks SES again a quarter of an hour after it last saw the domain pending.
    const after = sent.filter((m) => Date.parse(m.at) >= verifiedAt + 15 * 60_000);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    for (const m of before) {
      expect(m).toMatchObject({ fromName: EXAMPLE_PROFILE.brand.senderName, fromAddress: `acme-energy@${agencyMailDomain()}` });
    }
    for (const m of after)
      expect(m).toMatchObject({ fromName: EXAMPLE_PROFILE.brand.senderName, fromAddress: 'billing@acme-energy.example' });
    const replyDomain = world.platform.topology.functions.find((f) => f.name === 'send')!.environment[ENV.replyDomain]!;
    for (const m of sent) expect(m.replyTo).toMatch(new RegExp(`^reply\\+[\\w-]+@${replyDomain.replaceAll('.', '\\.')}$`));
  });

  it('routes a reply to mail sent from the agency domain back to the account', async () => {
    world = await World.start([{ ref: 'S2', email: 's2@example.com' }], {}, { sendingDomainVerifyAfterMs: 30 * DAY });
    await world.runFor(1);
    const first = world.platform.email.sent.find((m) => m.to === 's2@example.com')!;
    expect(first.fromAddress).toBe(`acme-energy@${agencyMailDomain()}`);

    await world.emailBack('S2', "I'll pay on friday");
    await world.runFor(1);

    expect((await world.state('S2')).promise).toBeDefined();
  });
});
