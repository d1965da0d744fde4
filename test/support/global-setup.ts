import { chromiumExecutable } from './browser.ts';

/** Unpack the npm-shipped Chromium before any worker starts, so two browser test files never unpack it at once. */
export default async function unpackBrowser(): Promise<void> {
  await chromiumExecutable();
}
