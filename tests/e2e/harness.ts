import { test as base, expect, type Page } from '@playwright/test';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EmitEvent, type EngineOptions } from '../../electron/core/engine';
import { bridgeScript, EMIT_FUNCTION, INVOKE_BINDING, TestShell } from './bridge';
import { APP_URL, serveRenderer, type Traffic } from './serve';

/**
 * The browser test harness: the built renderer in Chromium, talking to the real
 * engine over a temporary vault, with the network cut off.
 *
 *   page ──window.casebook──▶ exposeBinding ──dispatch()──▶ Engine (this process) ──▶ temp vault
 *                                            └─▶ TestShell (files.choose: what the test queued)
 *
 * dispatch() validates every call against the contract as the Electron shell
 * does. The shell's own methods (native dialogs) are answered by `harness`. Each test fails if the page tried to reach anything outside the app,
 * logged a console error or threw.
 */

/**
 * Every CSP violation (a Trusted Types one included: the app must work with
 * them enforced) becomes a console error, which fails the test.
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || ''));
});`;

const SANDBOX_REFUSED_INIT_SCRIPT =
  /^Blocked script execution in 'blob:[^']+' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\.$/;

/** Cheap scrypt for tests that are not about key derivation (the walk-through uses the real cost). */
export const FAST_KDF = { N: 2 ** 12 };

interface HarnessFixtures {
  /** Option: key-derivation override for new vaults; undefined = the real cost. */
  kdf: EngineOptions['kdf'] | undefined;
  vaultDir: string;
  engine: Engine;
  /** Stands in for the shell's native dialogs and file tokens: harness.chooseFiles(['/tmp/x.csv']) before the page opens one. */
  harness: TestShell;
  /** What the page tried to fetch; checked after every test. */
  traffic: Traffic;
  /** Console errors and uncaught page errors; checked after every test. */
  pageErrors: string[];
  /** The page with the app loaded at http://casebook.test/. */
  app: Page;
  /** A folder for the files a test generates (CSV to import, exports), removed afterwards. */
  folder: string;
}

/** A fresh folder under the OS temp folder for the length of `use`, then removed. */
async function withTempDir(prefix: string, use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await use(dir);
  await fs.rm(dir, { recursive: true, force: true });
}

export const test = base.extend<HarnessFixtures>({
  kdf: [undefined, { option: true }],

  // Playwright reads a fixture's dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  vaultDir: async ({}, use) => {
    await withTempDir('casebook-e2e-', use);
  },

  // eslint-disable-next-line no-empty-pattern
  folder: async ({}, use) => {
    await withTempDir('casebook-files-', use);
  },

  engine: async ({ vaultDir, kdf, page, harness }, use) => {
    /** A page closed before an event reached it just misses it, as a closed window does. */
    const pageClosed = () => undefined;
    // Events go to the shell stand-in and to the page like the preload's ipcRenderer.on; a closed page just misses them.
    const emit: EmitEvent = (event, payload) => {
      harness.engineEvent(event);
      page
        .evaluate(([name, event, payload]) => (window as unknown as Record<string, (e: unknown, p: unknown) => void>)[name]?.(event, payload), [
          EMIT_FUNCTION,
          event,
          payload,
        ] as const)
        .catch(pageClosed);
    };
    const engine = new Engine({ vaultDir, ...(kdf ? { kdf } : {}) }, emit);
    // vault.openFolder, as the shell's EngineHost.reopen: the engine in use locks, one on the other folder takes the calls.
    const reopened: Engine[] = [];
    harness.reopen = async (dir) => {
      await (reopened.at(-1) ?? engine).lock('user');
      reopened.push(new Engine({ vaultDir: dir, ...(kdf ? { kdf } : {}) }, emit));
      harness.engineEvent('vault.locked');
    };
    harness.current = () => reopened.at(-1) ?? engine;
    await use(engine);
    for (const other of reopened) await other.dispose();
    await engine.dispose();
  },

  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    await use(new TestShell());
  },

  traffic: async ({ context }, use) => {
    await use(await serveRenderer(context));
  },

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      // The harness's init scripts (the window.casebook bridge, the CSP reporter) are offered to every frame; the
      // report preview's frame, sandboxed without scripts, refuses them as it should. That refusal is no app error.
      if (message.type() === 'error' && SANDBOX_REFUSED_INIT_SCRIPT.test(message.text())) return;
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
    await use(errors);
  },

  app: async ({ page, context, engine, harness, traffic, pageErrors }, use) => {
    await context.exposeBinding(INVOKE_BINDING, (_source, method: unknown, input: unknown) =>
      harness.dispatch((harness.current?.() ?? engine).handlers, method, input),
    );
    await context.addInitScript({ content: bridgeScript() });
    await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
    await page.goto(APP_URL);

    await use(page);

    expect(traffic.aborted, `requests outside the app were aborted:\n${traffic.aborted.join('\n')}`).toEqual([]);
    expect(traffic.missing, `app files that do not exist were requested:\n${traffic.missing.join('\n')}`).toEqual([]);
    expect(pageErrors, `the page logged errors:\n${pageErrors.join('\n')}`).toEqual([]);
  },
});

export { expect };

/** Saves a screenshot of a main screen for people to look at: test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots', `${name}.png`) });
}

/** The names of the page's IndexedDB databases (the read model must be gone after a lock). */
export function indexedDbNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
}
