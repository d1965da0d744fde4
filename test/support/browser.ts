// The test browser comes from npm: @sparticuz/chromium ships a headless Chromium build inside the package and unpacks
// it on first use. Nothing is installed on the machine, and Playwright's own browser download is not used.
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/** Unpacks the browser (once per machine; later calls find it in place) and returns the executable's path. */
export const chromiumExecutable = (): Promise<string> => sparticuz.executablePath();

/**
 * A headless Chromium for one test file. The package's own flags are kept (it runs single-process with SwiftShader,
 * so canvases render without a GPU); the network-quiet flags make sure the browser itself fetches nothing.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: [
      ...sparticuz.args,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
