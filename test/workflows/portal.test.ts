// The debtor's page through the real stack: the signed link in every message, the Function URL's handler, each form
// recorded through the same use cases replies use, and links that are not right showing nothing.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portalToken } from '../../shared/portal/link.ts';
import { DAY, HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

/** The hidden fields of the form that posts `action`, from the page's HTML. */
function formFields(html: string, action: string): Record<string, string> {
  const form = [...html.matchAll(/<form method="post"[^>]*>(.*?)<\/form>/gs)]
    .map((m) => m[1]!)
    .find((f) => f.includes(`value="${action}"`));
  if (!form) throw new Error(`No ${action} form on the page`);
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]),
  );
}

async function post(w: World, fields: Record<string, string | string[]>) {
  const portal = w.platform.functionUrlOf('portal');
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return w.platform.requestFunctionUrl(portal, new URL(portal), 'POST', { body: body.toString() });
}

describe("the debtor's page", () => {
  it('every message links to the account page, which shows the account and never the contact details', async () => {
    world = await World.start([{ ref: 'P1', balance: '240.00', email: 'p1@example.com', phone: '(212) 555-0101' }]);
    const w = world;
    let page = '';
    w.at(HOUR, async () => {
      const link = w.platform.email.sent[0]!.text.match(/https:\/\/portal\S+/)![0];
      expect(link).toMatch(new RegExp(`\\?t=${w.accountId('P1')}\\.\\d+\\.[\\w-]+$`));
      const response = await w.platform.openUrl(link);
      expect(response.statusCode).toBe(200);
      page = response.body;
    });
    await w.runFor(0.1);
    expect(page).toContain('$240.00');
    expect(page).toContain('••••');
    expect(page).not.toContain('p1@example.com');
    expect(page).not.toContain('555-0101');
    expect(page).not.toContain('Test Debtor');
  });

  it('a dispute is recorded once however often the form is sent, and pauses collection', async () => {
    world = await World.start([{ ref: 'P2', email: 'p2@example.com' }]);
    const w = world;
    await w.runFor(0.1);
    const token = await portalToken(w.platform.pageLinks, w.accountId('P2'), new Date());
    const page = await w.platform.openUrl(`${w.platform.functionUrlOf('portal')}?t=${token}`);
    const fields = { ...formFields(page.body, 'dispute'), reason: 'not-mine', note: 'I never had this card' };
    const first = await post(w, fields);
    const second = await post(w, fields);
    expect(first.statusCode).toBe(303);
    expect(second).toMatchObject({ statusCode: 303, headers: { location: first.headers!.location } });
    const events = (await w.platform.store.loadHistory(w.accountId('P2')))!.events.filter((e) => e.type === 'reply-received');
    expect(events).toEqual([expect.objectContaining({ channel: 'page', intent: 'dispute', disputeReason: 'not-mine' })]);
    expect((await w.state('P2')).disputed).toBe(true);
    expect(await w.platform.store.listForReview(w.creditorId)).toEqual([
      expect.objectContaining({ channel: 'page', text: 'I never had this card' }),
    ]);
    const after = await w.platform.openUrl(first.headers!.location!.replace(/^http:\/\/[^/]+\//, w.platform.functionUrlOf('portal')));
    expect(after.body).toContain('We have your dispute');
    expect(after.body).not.toContain('value="plan"');
  });

  it('inconvenient times set on the page keep every later message out of them', async () => {
    world = await World.start([{ ref: 'P3', email: 'p3@example.com', phone: '(212) 555-0103' }]);
    const w = world;
    await w.runFor(0.1);
    const token = await portalToken(w.platform.pageLinks, w.accountId('P3'), new Date());
    const page = await w.platform.openUrl(`${w.platform.functionUrlOf('portal')}?t=${token}`);
    const done = await post(w, { ...formFields(page.body, 'contact-times'), from: '08:00', to: '18:00' });
    expect(done.statusCode).toBe(303);
    expect((await w.state('P3')).inconvenientTimes).toEqual([{ from: '08:00', to: '18:00' }]);
    const setAt = new Date();
    await w.runFor(40);
    const later = [...w.platform.email.sent, ...w.platform.sms.sent].filter((m) => new Date(m.at) > setAt);
    expect(later.length).toBeGreaterThan(0);
    for (const m of later) {
      const hour = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(new Date(m.at)),
      );
      expect(hour >= 18 || hour < 8).toBe(true);
    }
  });

  it("tampered, expired and another account's links show a clear page and nothing of the account", async () => {
    world = await World.start([
      { ref: 'P4', balance: '321.00', email: 'p4@example.com' },
      { ref: 'P5', balance: '654.00', email: 'p5@example.com' },
    ]);
    const w = world;
    await w.runFor(0.1);
    const base = w.platform.functionUrlOf('portal');
    const token = await portalToken(w.platform.pageLinks, w.accountId('P4'), new Date());
    const tampered = token.replace(w.accountId('P4'), w.accountId('P5'));
    const bad = await w.platform.openUrl(`${base}?t=${tampered}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('This link does not work');
    expect(bad.body).not.toMatch(/321|654/);
    const expired = await w.platform.openUrl(
      `${base}?t=${await portalToken(w.platform.pageLinks, w.accountId('P4'), new Date(Date.now() - 31 * DAY))}`,
    );
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).not.toMatch(/321|654/);
    // Another account's form: its nonce is not for this account.
    const other = await portalToken(w.platform.pageLinks, w.accountId('P5'), new Date());
    const page = await w.platform.openUrl(`${base}?t=${token}`);
    const forged = await post(w, { ...formFields(page.body, 'dispute'), t: other, reason: 'not-mine' });
    expect(forged.statusCode).toBe(400);
    expect((await w.state('P5')).disputed).toBe(false);
    expect((await w.state('P4')).disputed).toBe(false);
  });

  it('an expired link sends a fresh one to the address on file, once', async () => {
    world = await World.start([{ ref: 'P6', email: 'p6@example.com' }]);
    const w = world;
    await w.runFor(0.2);
    const base = w.platform.functionUrlOf('portal');
    const old = await portalToken(w.platform.pageLinks, w.accountId('P6'), new Date(Date.now() - 31 * DAY));
    const expired = await w.platform.openUrl(`${base}?t=${old}`);
    const fields = formFields(expired.body, 'fresh-link');
    const before = w.platform.email.sent.length;
    expect((await post(w, { ...fields, email: 'attacker@example.com' })).body).toContain('a new link is on its way');
    await post(w, fields);
    const fresh = w.platform.email.sent.slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ to: 'p6@example.com', subject: 'Your new link' });
    const link = fresh[0]!.text.match(/https:\/\/portal\S+/)![0];
    expect((await w.platform.openUrl(link)).statusCode).toBe(200);
  });
});
