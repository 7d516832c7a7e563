import { defineConfig } from 'vitest/config';

// Three suites, run separately by `npm test`: fast unit tests, integration tests against the real Docker
// engine, and stack tests that need the whole demo stack up.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'stack',
          include: ['test/stack/**/*.test.ts'],
          globalSetup: ['test/stack/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          // The whole stack on 2 cores: a timing assertion may lose to a JVM's garbage collection once.
          // A retry shows up in the report; a real failure fails twice.
          retry: 1,
        },
      },
    ],
  },
});
