// One-click unsubscribe through the real stack: the signed link in the email's List-Unsubscribe header, the Function
// URL's handler, the opt-out event, and the workflow acting on it at once.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

describe('one-click unsubscribe', () => {
  it('a GET only asks; the one-click POST opts out of email, and texts go on', async () => {
    world = await World.start([{ ref: 'U1', balance: '100.00', email: 'u1@example.com', phone: '(212) 555-0120' }]);
    const w = world;
    let link = '';
    w.at(HOUR, async () => {
      link = w.platform.email.sent[0]!.listUnsubscribe!;
      const page = await w.platform.openUrl(link, 'GET');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Stop these emails?');
      expect((await w.state('U1')).optedOut.email).toBe(false);
      const done = await w.platform.openUrl(link, 'POST');
      expect(done).toMatchObject({ statusCode: 200, body: expect.stringContaining('You are unsubscribed') });
    });
    await w.runFor(60);

    expect(link).toMatch(/^https:\/\/.+\?t=acc-[0-9a-f]{24}-softreminder-1&s=/);
    const state = await w.state('U1');
    expect(state.optedOut).toEqual({ email: true, sms: false });
    const optedOutAt = (await w.platform.store.loadHistory(w.accountId('U1')))!.events.find((e) => e.type === 'opted-out')!.at;
    expect(w.platform.email.sent.filter((m) => m.at > optedOutAt)).toEqual([]);
    expect(w.platform.sms.sent.filter((m) => m.at > optedOutAt).length).toBeGreaterThan(0);
    // Clicking again changes nothing.
    expect((await w.platform.openUrl(link, 'POST')).statusCode).toBe(200);
    expect((await w.platform.store.loadHistory(w.accountId('U1')))!.events.filter((e) => e.type === 'opted-out')).toHaveLength(1);
  });

  it('refuses a link whose signature does not match, and records nothing', async () => {
    world = await World.start([{ ref: 'U2', email: 'u2@example.com' }]);
    await world.runFor(1);
    const link = new URL(world.platform.email.sent[0]!.listUnsubscribe!);
    link.searchParams.set('t', link.searchParams.get('t')!.replace(/-1$/, '-2'));
    const response = await world.platform.openUrl(link.href, 'POST');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This link does not work');
    expect((await world.state('U2')).optedOut.email).toBe(false);
  });
});
