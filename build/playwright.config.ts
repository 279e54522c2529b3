import { chromium, defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Browser end-to-end tests: the built renderer (dist/renderer, from `npm run
 * build:renderer`) in the system's Chromium, with window.casebook bridged to
 * the real engine running in the test process (tests/e2e/harness.ts).
 * No web server: the harness serves the files itself and aborts every other request.
 */
const root = path.resolve(__dirname, '..');

/**
 * The system's Chromium (Debian's, or CHROMIUM_PATH), else Playwright's own when
 * `npx playwright install chromium` put one here; with neither, stop at once
 * rather than let every test fail on its own.
 */
function chromiumPath(): string {
  const system = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(system)) return system;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    `no Chromium for the browser tests: ${system} does not exist and Playwright's own Chromium is not installed. ` +
      "Install Debian's (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary, " +
      'or on a connected machine run `npx playwright install chromium`.',
  );
}

export default defineConfig({
  testDir: path.join(root, 'tests/e2e'),
  outputDir: path.join(root, 'test-results'),
  // Two cores: two workers at most; the walk-through derives real scrypt keys.
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // The app keeps times in UTC anyway; a fixed zone keeps the browser honest about it.
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
