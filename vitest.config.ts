import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Unpacks the npm-shipped test browser once, before the workers start.
    globalSetup: ['test/support/global-setup.ts'],
    // Workflow and e2e tests synthesize the CDK app and run months of virtual time: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
