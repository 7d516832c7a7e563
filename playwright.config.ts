import { defineConfig } from '@playwright/test';

// End-to-end tests drive the web mode in Debian's Chromium (the Electron binary cannot be downloaded on the
// build machines; the UI is the same). Flags keep Chromium quiet on a closed network.
export default defineConfig({
  // web: the UI against web mode, with containers the tests make themselves. stack: the cockpit against the
  // real demo stack (images built), run by `npm test` after the stack suites.
  projects: [
    { name: 'web', testDir: 'test/e2e', retries: 1 },
    // Retried once: the whole stack shares 2 cores with the browser; a real failure fails twice.
    { name: 'stack', testDir: 'test/e2e-stack', timeout: 600_000, retries: 1 },
  ],
  globalSetup: './test/e2e/global-setup.ts',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
