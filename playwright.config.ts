import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';
import { TEST_DIST, testPort } from './e2e/server.ts';

/**
 * Browser tests run against the test build (`vite build --mode test --outDir dist-test`, served
 * by `vite preview` on a free port) in Debian's Chromium. They never reuse a server or a build a
 * user started: `npm start` keeps dist/ and port 4173. Set CHROMIUM_PATH to use another Chrome;
 * nothing here downloads a browser.
 */
const port = await testPort();
process.env['CHEXTRANSFER_DIST'] = TEST_DIST;

export default defineConfig({
  testDir: 'e2e',
  // Only *.spec.ts: e2e/*.test.ts are Vitest checks of this setup (e2e/server.test.ts).
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'on-first-retry',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], channel: undefined },
    },
  ],
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --outDir dist-test --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
