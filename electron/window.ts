import path from 'node:path';
import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { APP_INDEX_URL, APP_ORIGIN_PREFIX, isAllowedRequestUrl, isAppIndexUrl } from './app-origin';
import { isExternalLink } from '../shared/security/external-links';

/**
 * The app window and the lockdown of everything it runs in (docs/architecture.md,
 * "Offline by construction"): its session, its web contents and any other web
 * contents Chromium may create.
 */

/**
 * The window's session partition. No "persist:" prefix: the session lives in
 * memory only, so the renderer's Dexie cache, HTTP cache and storage never
 * touch the disk, and vanish with the process.
 */
export const SESSION_PARTITION = 'casebook';
export const WINDOW_BACKGROUND = '#0f1115';

export interface WindowSecurityOptions {
  /** DevTools only in unpackaged (development) builds. */
  allowDevTools: boolean;
}

export function buildWebPreferences(options: { session: Session; preloadPath: string; allowDevTools: boolean }): WebPreferences {
  return {
    session: options.session,
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    // Spellcheck downloads dictionaries from a Google CDN.
    spellcheck: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
    devTools: options.allowDevTools,
  };
}

/** Applies the offline policy to a session: only app:, blob:, data: requests; no permissions; no spellcheck; no downloads. */
export function lockDownSession(ses: Session, options: WindowSecurityOptions): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, options) });
  });
  // Camera, notifications, geolocation, clipboard, HID, serial...: a case manager needs none of them.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  // The app never saves anything through Chromium: a download (a blob: or data: link a compromised page
  // makes, which the request filter lets through) would write attacker-chosen bytes to the user's disk.
  ses.on('will-download', (event, item) => {
    event.preventDefault();
    console.warn(`Casebook: refused a download of ${JSON.stringify(item.getFilename())} (${item.getURL().slice(0, 100)})`);
  });
}

const lockedContents = new WeakSet<WebContents>();

/**
 * Refuses navigation away from the app's page, new windows and webviews. Applied
 * to the main window and, through app 'web-contents-created', to any other web
 * contents (DevTools, a stray popup) so nothing slips past.
 */
export function lockDownWebContents(contents: WebContents): void {
  if (lockedContents.has(contents)) return;
  lockedContents.add(contents);
  contents.on('will-navigate', (event) => {
    if (!isAppIndexUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    // A subframe may show only a blob: document of the app's own origin: the report preview (sandboxed, no script).
    const allowed = event.isMainFrame ? isAppIndexUrl(event.url) : event.url.startsWith(`blob:${APP_ORIGIN_PREFIX}`);
    if (!allowed) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppIndexUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No window opens in the app; a link of a note (http, https, mailto) goes to the system's browser or mail client instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(options: { session: Session } & WindowSecurityOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Casebook',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on ready-to-show, so the user never sees a white flash before the dark UI paints.
    show: false,
    webPreferences: buildWebPreferences({
      session: options.session,
      preloadPath: path.join(__dirname, 'preload.js'),
      allowDevTools: options.allowDevTools,
    }),
  });
  lockDownWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_INDEX_URL).catch((err: unknown) => console.error('Casebook: the app page did not load', err));
  return window;
}
