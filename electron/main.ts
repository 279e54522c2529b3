import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import { EngineHost } from './core/host/engine-host';
import { diagnosticLogPath } from './core/diagnostics/diagnostic-log';
import { APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { registerIpc, shellMethods } from './ipc';
import { exportShellMethods } from './export-shell';
import { vaultShellMethods } from './vault-shell';
import { createMainWindow, lockDownSession, lockDownWebContents, SESSION_PARTITION } from './window';

/**
 * The Electron shell's lifecycle: privileged scheme and single-instance lock
 * before ready; then session, protocol, engine, IPC and window; on quit, the
 * engine is stopped first so keys are wiped and case locks released.
 */

/**
 * The renderer bundle. This file compiles to dist/electron/main.js and the
 * renderer builds to dist/renderer, so it sits one folder up (inside app.asar
 * when packaged; Electron's fs reads from there transparently).
 */
export const RENDERER_DIR = path.join(__dirname, '..', 'renderer');

/** How long quitting waits for the engine to lock the vault before giving up on it. */
const ENGINE_STOP_TIMEOUT_MS = 10_000;

/** The vault folder: CASEBOOK_VAULT if set (tests, removable drives), else the app's data folder. */
export function vaultDirectory(): string {
  const fromEnv = process.env.CASEBOOK_VAULT;
  return fromEnv ? path.resolve(fromEnv) : path.join(app.getPath('userData'), 'vault');
}

/** A menu built from roles only: Electron's default one has Help items that open web pages. */
function menuTemplate(allowDevTools: boolean): MenuItemConstructorOptions[] {
  const developer: MenuItemConstructorOptions[] = allowDevTools ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] : [];
  return [
    process.platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}

function withTimeout(work: Promise<void>, ms: number, what: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      console.error(`Casebook: ${what} took more than ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
    work
      .catch((err: unknown) => console.error(`Casebook: ${what} failed`, err))
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

export function main(): void {
  // Must happen before ready: a scheme's privileges cannot change once Chromium starts.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  // Every renderer sandboxed, not just the ones whose webPreferences say so.
  app.enableSandbox();

  // A second instance would open the same vault and fight over case locks: hand over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const allowDevTools = !app.isPackaged;
  const appWindows = new Set<BrowserWindow>();
  let host: EngineHost | null = null;
  let shutdown: 'running' | 'stopping' | 'done' = 'running';

  app.on('session-created', (ses) => lockDownSession(ses, { allowDevTools }));
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));

  app.on('second-instance', () => {
    const [window] = appWindows;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  const start = () => {
    lockDownSession(session.defaultSession, { allowDevTools });
    const ses = session.fromPartition(SESSION_PARTITION);
    lockDownSession(ses, { allowDevTools });
    ses.protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(allowDevTools)));

    host = EngineHost.start({ vaultDir: vaultDirectory(), diagnosticLog: diagnosticLogPath(vaultDirectory()) });
    // Handlers stay registered through quit: a late call gets the host's "stopping" envelope, not an IPC rejection.
    registerIpc({
      ipcMain,
      host,
      appContents: () => [...appWindows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
      shell: { ...shellMethods, ...exportShellMethods, ...vaultShellMethods },
    });

    const window = createMainWindow({ session: ses, allowDevTools });
    appWindows.add(window);
    window.on('closed', () => appWindows.delete(window));
  };

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('Casebook could not start', message);
      app.exit(1);
    });

  // Locking is not optional, even on macOS: a closed window must not leave an unlocked vault behind.
  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (shutdown === 'done') return;
    // Hold the quit until the engine has wiped its keys and released its case locks.
    event.preventDefault();
    if (shutdown === 'stopping') return;
    shutdown = 'stopping';
    const stopping = host ? withTimeout(host.stop(), ENGINE_STOP_TIMEOUT_MS, 'locking the vault') : Promise.resolve();
    void stopping.then(() => {
      shutdown = 'done';
      app.quit();
    });
  });
}

main();
