import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end files spend half their time waiting on loopback servers and timers (a full run
    // used 47 % of two cores with two workers): a third worker fills that time.
    maxWorkers: 3,
  },
});
