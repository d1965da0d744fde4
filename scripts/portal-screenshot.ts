// The README's picture of the debtor's page (docs/images/portal.png): the demo creditor's page for one of the demo's
// accounts (ACC-1045's balance and state), in English at phone width, as headless Chromium from npm renders it. The
// page is served offline by the real handler; the account gets its first message, then the page opens from a link.
// Run by hand after changing the page (`npx node scripts/portal-screenshot.ts`): fonts and dates make the bytes
// differ between machines, so `npm run docs` does not run it.
import { writeFileSync } from 'node:fs';
import { startPortalServer } from '../local/portal-server.ts';
import { launchChromium } from '../test/support/browser.ts';
import { World } from '../test/support/world.ts';

const OUT = new URL('../docs/images/portal.png', import.meta.url);

const world = await World.start([{ ref: 'ACC-1045', balance: '1080.00', email: 'michael.brooks@example.com', state: 'NC', zip: '27601' }]);
try {
  await world.runFor(0.1);
  world.platform.clock.switchToRealTime();
  const server = await startPortalServer(world.platform);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    await page.goto(await server.linkFor(world.accountId('ACC-1045')));
    writeFileSync(OUT, await page.screenshot({ fullPage: true }));
    // The platform keeps console output as handler logs: this goes to the terminal.
    process.stdout.write(`Wrote ${OUT.pathname}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
  await world.platform.clock.settle();
} finally {
  await world.close();
}
