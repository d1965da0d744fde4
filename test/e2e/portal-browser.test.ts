// The debtor's page as a person uses it: headless Chromium against the offline platform's page server, opening the
// link from a real message, paying part (the offline checkout posts Stripe's signed events to the webhook), picking a plan, setting inconvenient
// times, switching to Spanish and disputing, with axe-core's WCAG 2.1 AA check on every page it shows.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalServer, type PortalServer } from '../../local/portal-server.ts';
import { portalToken } from '../../shared/portal/link.ts';
import { launchChromium } from '../support/browser.ts';
import { DAY, template, World } from '../support/world.ts';

const AXE_SOURCE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

interface AxeGlobals {
  axe: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }>;
  };
  document: unknown;
}

let world: World;
let server: PortalServer;
let browser: Browser;
let page: Page;
let accessibilityChecks = 0;

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it stands: any violation fails the test. */
async function expectAccessible(p: Page): Promise<void> {
  await p.addScriptTag({ content: AXE_SOURCE });
  const violations = await p.evaluate(async () => {
    const g = globalThis as unknown as AxeGlobals;
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
  accessibilityChecks += 1;
}

/** What the Stripe webhook logged of each event: its type and outcome. */
function stripeEventLogs(): string[][] {
  return world.platform.logs
    .filter((l) => l.function === 'stripe-webhook' && l.message.includes('stripe event'))
    .map((l) => JSON.parse(l.message) as { type: string; outcome: string })
    .map((l) => [l.type, l.outcome]);
}

async function events(ref: string) {
  return (await world.platform.store.loadHistory(world.accountId(ref)))!.events;
}

beforeAll(async () => {
  template();
  world = await World.start(
    [
      { ref: 'WEB1', balance: '300.00', email: 'web1@example.com', phone: '(212) 555-0111' },
      { ref: 'WEB2', balance: '90.00', email: 'web2@example.com' },
    ],
    { payments: { stripeAccountId: 'acct_local' } },
  );
  await world.runFor(0.1);
  // Playwright drives the browser with this process's timers: from here on the world runs on real time.
  world.platform.clock.switchToRealTime();
  server = await startPortalServer(world.platform);
  browser = await launchChromium();
  // The page forbids inline script (its CSP); only the test's injected axe-core needs it.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  page = await context.newPage();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // The workflows the actions woke finish before the store closes.
  await world?.platform.clock.settle();
  await world?.close();
});

describe("the debtor's page in a browser", () => {
  it('opens from the link in the email, and pays part through the checkout', async () => {
    const mail = world.platform.email.sent.find((m) => m.touchId.startsWith(world.accountId('WEB1')))!;
    // The email's link was minted in virtual time, long expired in real time: a fresh one opens the same page.
    expect(mail.text).toMatch(new RegExp(`https://portal\\S+\\?t=${world.accountId('WEB1')}\\.`));
    await page.goto(await server.linkFor(world.accountId('WEB1')));
    await expectAccessible(page);
    expect(await page.textContent('h1')).toContain('Your');
    expect(await page.textContent('main')).toContain('$300.00');
    await page.fill('#amount', '100.00');
    await page.click('text=Continue to payment');
    await page.waitForURL(/\/checkout\//);
    const checkoutUrl = page.url();
    await expectAccessible(page);
    await page.click('button:has-text("Pay")');
    await page.waitForURL(/done=pay/);
    await expectAccessible(page);
    expect(await page.textContent('[role=status]')).toContain('Thank you');
    expect(await page.textContent('main')).toContain('$200.00');
    // The checkout paid again (a back button, a resubmit): Stripe's same events again, still one payment.
    expect((await page.request.post(checkoutUrl, { maxRedirects: 0 })).status()).toBe(303);
    const payments = (await events('WEB1')).filter((e) => e.type === 'payment-received');
    expect(payments).toEqual([
      expect.objectContaining({ amountMinor: 10_000, source: 'processor', reference: expect.stringMatching(/^pi_local_/) }),
    ]);
    // It came through Stripe's signed webhook: the session's event recorded it, its PaymentIntent's was the same payment.
    expect(stripeEventLogs()).toEqual([
      ['checkout.session.completed', 'recorded'],
      ['payment_intent.succeeded', 'duplicate'],
      ['checkout.session.completed', 'duplicate'],
      ['payment_intent.succeeded', 'duplicate'],
    ]);
  });

  it('picks a plan within the creditor terms it shows', async () => {
    expect(await page.textContent('#s-plan ~ form, section[aria-labelledby=s-plan]')).toMatch(/payments of about/);
    await page.check('input[name=option][value=standard]');
    await page.click('text=Choose this plan');
    await page.waitForURL(/done=plan/);
    await expectAccessible(page);
    expect((await events('WEB1')).filter((e) => e.type === 'reply-received')).toEqual([
      expect.objectContaining({ channel: 'page', intent: 'plan' }),
    ]);
    // The page says it was taken; by the time it shows, the workflow may already have agreed the plan.
    expect(await page.textContent('[role=status]')).toContain('We will confirm your plan shortly');
    expect(await page.textContent('main')).toMatch(/We have your request for a plan|You are on a plan of/);
  });

  it('sets inconvenient times, which the account then holds', async () => {
    await page.check('input[name=day][value="1"]');
    await page.check('input[name=day][value="2"]');
    await page.fill('#from', '09:00');
    await page.fill('#to', '17:00');
    await page.click('text=Save these times');
    await page.waitForURL(/done=contact-times/);
    await expectAccessible(page);
    expect((await events('WEB1')).find((e) => e.type === 'inconvenient-times-set')).toMatchObject({
      times: [{ daysOfWeek: [1, 2], from: '09:00', to: '17:00' }],
    });
  });

  it('switches to Spanish, and disputes there', async () => {
    await page.click('text=Español');
    await page.waitForURL(/lang=es/);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.textContent('h1')).toContain('Su cuenta de');
    await expectAccessible(page);
    await page.check('input[name=reason][value=wrong-amount]');
    await page.fill('#note', 'El importe no cuadra');
    const form = Object.fromEntries(
      await page.$$eval('form:has(input[value=dispute]) input[type=hidden], form:has(input[value=dispute]) textarea', (fields) =>
        fields.map((f) => [(f as unknown as { name: string }).name, (f as unknown as { value: string }).value]),
      ),
    ) as Record<string, string>;
    await page.click('text=Enviar la disputa');
    await page.waitForURL(/done=dispute/);
    await expectAccessible(page);
    expect(await page.textContent('[role=status]')).toContain('Tenemos su disputa');
    // The same form sent again (a double click, a resubmit): redirected to "done", and recorded once.
    const again = await page.request.post(server.url, { form: { ...form, reason: 'wrong-amount' }, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toContain('done=dispute');
    const disputes = (await events('WEB1')).filter((e) => e.type === 'reply-received' && e.intent === 'dispute');
    expect(disputes).toHaveLength(1);
  });

  it("shows a clear page and nothing of any account for tampered, expired and another account's links", async () => {
    const token = await portalToken(world.platform.pageLinks, world.accountId('WEB2'), new Date());
    await page.goto(`${server.url}?t=${token.slice(0, -2)}xx`);
    expect(await page.textContent('h1')).toBe('This link does not work');
    expect(await page.textContent('body')).not.toContain('$90.00');
    await expectAccessible(page);
    const expired = await portalToken(world.platform.pageLinks, world.accountId('WEB2'), new Date(Date.now() - 31 * DAY));
    await page.goto(`${server.url}?t=${expired}`);
    expect(await page.textContent('h1')).toBe('This link has expired');
    expect(await page.textContent('body')).not.toContain('$90.00');
    await expectAccessible(page);
    // WEB1's channels form, pointed at WEB2's link: its nonce is WEB1's, so nothing is recorded on either.
    await page.goto(`${server.url}?t=${await portalToken(world.platform.pageLinks, world.accountId('WEB1'), new Date())}`);
    await page.evaluate((t) => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Array<{ value: string }> } }).document;
      for (const input of doc.querySelectorAll('input[name=t]')) input.value = t;
    }, token);
    await page.check('input[name=optOut][value=email]');
    await page.click('text=Stop using the ones I chose');
    expect(await page.textContent('h1')).toBe('This link does not work');
    expect((await events('WEB2')).filter((e) => e.type === 'opted-out')).toEqual([]);
    expect(accessibilityChecks).toBeGreaterThanOrEqual(9);
    // The page's logs name no debtor and no link.
    const logs = world.platform.logs.filter((l) => l.function === 'portal').map((l) => l.message);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['web1@example.com', 'web2@example.com', '555-0111', 'Test Debtor', token.split('.')[2]!]) {
      expect(logs.join('\n')).not.toContain(secret);
    }
  });
});
