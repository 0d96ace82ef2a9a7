import { defineConfig } from '@playwright/test';

/**
 * Browser tests of Patterns Live.
 *
 * The server is NOT started here: `run.sh` (called by the project's test
 * script) expects one already listening at BASE_URL. Browsers are never
 * downloaded: the tests drive the system Chromium (`apt-get install chromium`).
 */

const NO_JS_SPECS = /.*\.nojs\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: process.env.BASE_URL || 'http://127.0.0.1:3000',
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'js',
      testIgnore: NO_JS_SPECS,
    },
    {
      name: 'no-js',
      testMatch: NO_JS_SPECS,
      use: { javaScriptEnabled: false },
    },
  ],
});
