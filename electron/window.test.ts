import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, REPORT_STYLE_HASH } from '../shared/security/csp';
import { REPORT_CSP } from './core/exports/report/report-html';
import type { SessionHandlers } from '../tests/unit/support/electron-fakes';

const fakesReady = vi.hoisted(() => import('../tests/unit/support/electron-fakes'));
const openExternal = vi.hoisted(() => vi.fn(() => Promise.resolve()));
vi.mock('electron', async () => ({ BrowserWindow: (await fakesReady).FakeBrowserWindow, shell: { openExternal } }));
const fakes = await fakesReady;

import { buildWebPreferences, createMainWindow, lockDownSession, lockDownWebContents, SESSION_PARTITION, WINDOW_BACKGROUND } from './window';

type BeforeRequest = NonNullable<SessionHandlers['beforeRequest']>;

/** A session that keeps the handlers lockDownSession installs, so the test can call them. */
const fakeSession = () => fakes.fakeSession(SESSION_PARTITION);

function decide(listener: BeforeRequest | undefined, url: string): boolean {
  let cancelled: boolean | undefined;
  listener!({ url }, (response) => (cancelled = response.cancel));
  if (cancelled === undefined) throw new Error('the listener did not answer');
  return cancelled;
}

/** A will-navigate style event: preventDefault is what the lockdown must call. */
function navigationEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

beforeEach(() => {
  fakes.FakeBrowserWindow.created.length = 0;
});

describe('web preferences', () => {
  const { asSession } = fakeSession();
  const prefs = buildWebPreferences({ session: asSession, preloadPath: '/app/dist/electron/preload.js', allowDevTools: false });

  it('isolates and sandboxes the page, with no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('uses the given in-memory session and preload', () => {
    expect(prefs.session).toBe(asSession);
    expect(prefs.preload).toBe('/app/dist/electron/preload.js');
    expect(prefs.partition).toBeUndefined();
  });

  it('keeps the window session in memory (no persist: partition)', () => {
    expect(SESSION_PARTITION).toBe('casebook');
    expect(SESSION_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('allows DevTools only when asked (unpackaged builds)', () => {
    const dev = buildWebPreferences({ session: asSession, preloadPath: 'p', allowDevTools: true });
    expect(dev.devTools).toBe(true);
  });
});

describe('content security policy', () => {
  it("allows inline exactly the report's stylesheet, so its sandboxed preview (which inherits this policy) is styled", () => {
    expect(REPORT_CSP).toContain(`style-src '${REPORT_STYLE_HASH}'`);
  });

  it('is exactly the documented policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-3e4Broz32rgt8wBYJbC2MsyOZwUlTUEU47fBsauaL0w='; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; worker-src 'self' blob:; frame-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'; " +
        "require-trusted-types-for 'script'; trusted-types 'none'",
    );
  });
});

describe('session lockdown', () => {
  it.each(['https://example.com/', 'http://example.com/', 'ws://example.com/', 'wss://example.com/', 'file:///etc/passwd'])(
    'cancels a request to %s',
    (url) => {
      const { asSession, handlers } = fakeSession();
      lockDownSession(asSession, { allowDevTools: false });
      expect(decide(handlers.beforeRequest, url)).toBe(true);
    },
  );

  it.each(['app://casebook/index.html', 'blob:app://casebook/0b0e', 'data:text/plain,hi'])('lets %s through', (url) => {
    const { asSession, handlers } = fakeSession();
    lockDownSession(asSession, { allowDevTools: false });
    expect(decide(handlers.beforeRequest, url)).toBe(false);
  });

  it('lets devtools: through only when DevTools are allowed', () => {
    const url = 'devtools://devtools/bundled/devtools_app.html';
    const packaged = fakeSession();
    lockDownSession(packaged.asSession, { allowDevTools: false });
    expect(decide(packaged.handlers.beforeRequest, url)).toBe(true);
    const dev = fakeSession();
    lockDownSession(dev.asSession, { allowDevTools: true });
    expect(decide(dev.handlers.beforeRequest, url)).toBe(false);
  });

  it('denies every permission request and check, and device access', () => {
    const { asSession, handlers } = fakeSession();
    lockDownSession(asSession, { allowDevTools: false });
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.permissionRequest!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.permissionCheck!({}, permission, 'app://casebook', {})).toBe(false);
    }
    expect(handlers.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('refuses every download, and logs it', () => {
    const { asSession, handlers } = fakeSession();
    lockDownSession(asSession, { allowDevTools: false });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const url of ['blob:app://casebook/5f0c', 'data:application/x-sh;base64,IyEvYmluL3No', 'app://casebook/index.html']) {
        const event = { preventDefault: vi.fn() };
        handlers.willDownload!(event, { getFilename: () => 'payload.sh', getURL: () => url });
        expect(event.preventDefault).toHaveBeenCalledTimes(1);
      }
      expect(warn).toHaveBeenCalledTimes(3);
      expect(warn.mock.calls[0]![0]).toContain('refused a download of "payload.sh"');
    } finally {
      warn.mockRestore();
    }
  });

  it('turns the spellchecker off (it downloads dictionaries)', () => {
    const { ses, asSession } = fakeSession();
    lockDownSession(asSession, { allowDevTools: false });
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
  });
});

describe('web contents lockdown', () => {
  function locked() {
    const contents = new fakes.FakeWebContents();
    lockDownWebContents(contents as unknown as WebContents);
    return contents;
  }

  it.each(['https://example.com/', 'file:///etc/passwd', 'app://casebook/other.html', 'app://evil/index.html'])('refuses navigation to %s', (url) => {
    const contents = locked();
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const event = navigationEvent(url);
      contents.emit(name, event, url);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
  });

  it("allows the app's own page", () => {
    const contents = locked();
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const event = navigationEvent('app://casebook/index.html#/cases');
      contents.emit(name, event, event.url);
      expect(event.preventDefault, name).not.toHaveBeenCalled();
    }
  });

  it('lets a subframe show a blob: document the app made (the report preview), and no other blob', () => {
    const contents = locked();
    const own = navigationEvent('blob:app://casebook/5b0f6c1e-8f8e-4b59-9d2b-0d6a3c1f2e11', false);
    contents.emit('will-frame-navigate', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
    for (const url of ['blob:https://evil.example/5b0f6c1e', 'blob:app://evil/5b0f6c1e']) {
      const other = navigationEvent(url, false);
      contents.emit('will-frame-navigate', other);
      expect(other.preventDefault, url).toHaveBeenCalled();
    }
    const top = navigationEvent('blob:app://casebook/5b0f6c1e-8f8e-4b59-9d2b-0d6a3c1f2e11', true);
    contents.emit('will-frame-navigate', top);
    expect(top.preventDefault).toHaveBeenCalled();
  });

  it("refuses the app's page in a subframe", () => {
    const contents = locked();
    const event = navigationEvent('app://casebook/index.html', false);
    contents.emit('will-frame-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("denies window.open, handing only http, https and mailto links to the system (a note's link opens outside the app)", () => {
    const contents = locked();
    openExternal.mockClear();
    for (const url of [
      'https://example.com/',
      'http://intranet/wiki',
      'mailto:soc@example.com',
      'app://casebook/index.html',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://example.com/'], ['http://intranet/wiki'], ['mailto:soc@example.com']]);
  });

  it('prevents attaching a webview', () => {
    const contents = locked();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('installs its listeners once per web contents', () => {
    const contents = locked();
    lockDownWebContents(contents as unknown as WebContents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('main window', () => {
  it('is dark, hidden until ready, locked down and loads the app page', () => {
    const { asSession } = fakeSession();
    createMainWindow({ session: asSession, allowDevTools: false });
    const [window] = fakes.FakeBrowserWindow.created;
    expect(window).toBeDefined();
    const options = window!.options as { backgroundColor: string; show: boolean; webPreferences: Record<string, unknown> };
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(WINDOW_BACKGROUND).toBe('#0f1115');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({ session: asSession, sandbox: true, contextIsolation: true, devTools: false });
    expect(String(options.webPreferences.preload)).toMatch(/[\\/]preload\.js$/);
    expect(window!.loadURL).toHaveBeenCalledWith('app://casebook/index.html');
    expect(window!.show).not.toHaveBeenCalled();
    window!.emit('ready-to-show');
    expect(window!.show).toHaveBeenCalled();
    expect((window!.webContents as EventEmitter).listenerCount('will-navigate')).toBe(1);
    expect(window!.webContents.windowOpenHandler).not.toBeNull();
  });
});
