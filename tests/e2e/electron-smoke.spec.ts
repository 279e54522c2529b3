import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { methodNames, type CasebookBridge } from '../../shared/ipc/contract';

/**
 * Drives the real Electron shell (dist/electron/main.js) when an Electron
 * binary is on this machine, and says plainly that it was skipped when it is
 * not (docs/architecture.md, "Testing without an Electron binary"). Run `npm run build` first.
 *
 * The binary is looked up the way node_modules/electron/index.js does, but
 * without requiring that module: requiring it starts a download when the
 * binary is missing, and this machine may have no network.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const electronPackageDir = path.join(repoRoot, 'node_modules', 'electron');

function findElectronBinary(): string | null {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative || 'electron') : relative ? path.join(electronPackageDir, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/** Electron on Linux needs a display server; CI without xvfb has none. */
function missingDisplay(): boolean {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

const executablePath = findElectronBinary();
const groups = [...new Set(methodNames.map((name) => name.split('.')[0]!))].sort();

type PageWindow = Window & { casebook: CasebookBridge; __inlineScriptRan?: boolean };

test.describe('Electron shell smoke test', () => {
  // One app launch serves every test here, even under fullyParallel.
  test.describe.configure({ mode: 'serial' });
  test.skip(executablePath === null, 'no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH to run it)');
  test.skip(missingDisplay(), 'no display server (DISPLAY / WAYLAND_DISPLAY unset); run under xvfb-run');

  let app: ElectronApplication;
  let tempRoot: string;
  let vaultDir: string;

  test.beforeAll(async () => {
    const main = path.join(repoRoot, 'dist', 'electron', 'main.js');
    const index = path.join(repoRoot, 'dist', 'renderer', 'index.html');
    for (const built of [main, index, path.join(repoRoot, 'dist', 'electron', 'preload.js')]) {
      if (!existsSync(built)) throw new Error(`${path.relative(repoRoot, built)} is missing: run \`npm run build\` first`);
    }
    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'casebook-smoke-'));
    vaultDir = path.join(tempRoot, 'vault');
    const args = [
      main,
      // A throwaway profile: the single-instance lock and Chromium's files stay away from a real install.
      `--user-data-dir=${path.join(tempRoot, 'user-data')}`,
    ];
    // Chromium refuses to run as root with its sandbox on (containers); only this test run drops it.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await electron.launch({
      executablePath: executablePath!,
      args,
      cwd: repoRoot,
      env: { ...process.env, CASEBOOK_VAULT: vaultDir } as Record<string, string>,
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  });

  test('opens the window on the first screen, with the contract on window.casebook', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Casebook');
    expect(page.url()).toMatch(/^app:\/\/casebook\/index\.html/);
    await expect(page.getByRole('heading', { level: 1, name: 'Casebook' })).toBeVisible();

    const exposed = await page.evaluate(() => Object.keys((window as unknown as PageWindow).casebook).sort());
    expect(exposed).toEqual([...groups, 'on'].sort());

    const status = await page.evaluate(() => (window as unknown as PageWindow).casebook.vault.status({}));
    expect(status).toEqual({ ok: true, value: expect.objectContaining({ state: 'missing', dir: vaultDir }) });
  });

  test('the page has no Node, no inline scripts and no network', async () => {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);

    // The CSP header forbids inline scripts, so this one must not run (Trusted Types refuse its text first).
    const inlineRan = await page.evaluate(async () => {
      const script = document.createElement('script');
      try {
        script.textContent = 'window.__inlineScriptRan = true';
        document.head.appendChild(script);
      } catch {
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as PageWindow).__inlineScriptRan === true;
    });
    expect(inlineRan).toBe(false);

    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'refused',
      ),
    );
    expect(fetched).toBe('refused');
  });

  test("the window's session lives in memory only", async () => {
    // webPreferences themselves are asserted in electron/window.test.ts; Electron has no public getter for them.
    const persistent = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.session.isPersistent());
    expect(persistent).toBe(false);
  });
});
