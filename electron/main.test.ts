import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, methodNames } from '../shared/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../shared/security/csp';

/**
 * The lifecycle, driven through a fake 'electron' and a fake engine host. main.ts
 * runs on import, so every test re-imports it after resetting the fakes.
 */
const fakes = vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const { FakeBrowserWindow, fakeSession } = await import('../tests/unit/support/electron-fakes');

  class FakeApp extends EventEmitter {
    isPackaged = true;
    singleInstance = true;
    ready!: () => void;
    readyPromise!: Promise<void>;
    calls: string[] = [];
    /** Whether each app.quit() was held back by a before-quit listener. */
    quitsPrevented: boolean[] = [];
    requestSingleInstanceLock = vi.fn(() => this.singleInstance);
    enableSandbox = vi.fn(() => this.calls.push('enableSandbox'));
    getPath = vi.fn((name: string) => `/home/analyst/.config/Casebook-${name}`);
    quit = vi.fn(() => {
      // Like Electron: quitting emits before-quit, which may be prevented.
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      this.emit('before-quit', event);
      this.quitsPrevented.push(event.defaultPrevented);
    });
    exit = vi.fn();
    whenReady = vi.fn(() => this.readyPromise);
    reset() {
      this.removeAllListeners();
      this.isPackaged = true;
      this.singleInstance = true;
      this.calls = [];
      this.quitsPrevented = [];
      this.readyPromise = new Promise((resolve) => (this.ready = resolve));
      for (const mock of [this.requestSingleInstanceLock, this.enableSandbox, this.getPath, this.quit, this.exit, this.whenReady]) {
        mock.mockClear();
      }
    }
  }

  const app = new FakeApp();
  const sessions = new Map<string, ReturnType<typeof fakeSession>['ses']>();
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => ({ template })) },
    protocol: { registerSchemesAsPrivileged: vi.fn(() => app.calls.push('registerSchemesAsPrivileged')) },
    session: {
      defaultSession: fakeSession('').ses,
      fromPartition: vi.fn((partition: string) => {
        let ses = sessions.get(partition);
        if (!ses) sessions.set(partition, (ses = fakeSession(partition).ses));
        return ses;
      }),
    },
  };

  let stopResolve: () => void = () => undefined;
  const host = {
    call: vi.fn(),
    onEvent: vi.fn(() => () => undefined),
    stop: vi.fn(() => new Promise<void>((resolve) => (stopResolve = resolve))),
    finishStop: () => stopResolve(),
  };
  const EngineHost = { start: vi.fn(() => host) };

  return { app, electron, sessions, host, EngineHost, FakeBrowserWindow };
});

vi.mock('electron', async () => (await fakes).electron);
vi.mock('./core/host/engine-host', async () => ({ EngineHost: (await fakes).EngineHost }));

const f = await fakes;

async function launch(options: { packaged?: boolean; singleInstance?: boolean } = {}) {
  f.app.reset();
  f.app.isPackaged = options.packaged ?? true;
  f.app.singleInstance = options.singleInstance ?? true;
  f.sessions.clear();
  f.FakeBrowserWindow.created.length = 0;
  vi.clearAllMocks();
  vi.resetModules();
  await import('./main');
}

async function ready() {
  f.app.ready();
  // Let whenReady().then(start) run.
  await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  delete process.env.CASEBOOK_VAULT;
});

describe('before ready', () => {
  it('registers app: as a standard, secure, fetch-capable scheme and enables the sandbox', async () => {
    await launch();
    expect(f.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(f.app.calls).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(f.EngineHost.start).not.toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', async () => {
    await launch({ singleInstance: false });
    expect(f.app.quit).toHaveBeenCalled();
    expect(f.app.whenReady).not.toHaveBeenCalled();
  });
});

describe('on ready', () => {
  it('uses an in-memory session for the window, with app:// served on it', async () => {
    await launch();
    await ready();
    expect(f.electron.session.fromPartition).toHaveBeenCalledTimes(1);
    const partition = f.electron.session.fromPartition.mock.calls[0]![0];
    expect(partition).toBe('casebook');
    expect(partition).not.toMatch(/^persist:/);
    const ses = f.sessions.get('casebook')!;
    expect(ses.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const [window] = f.FakeBrowserWindow.created;
    expect((window!.options.webPreferences as { session: unknown }).session).toBe(ses);
  });

  it('puts the CSP header on app:// answers', async () => {
    await launch();
    await ready();
    const handler = f.sessions.get('casebook')!.protocol.handle.mock.calls[0]![1] as (r: Request) => Promise<Response>;
    const response = await handler(new Request('app://casebook/does-not-exist.js'));
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('locks down the window session and the default session', async () => {
    await launch();
    await ready();
    for (const ses of [f.sessions.get('casebook')!, f.electron.session.defaultSession]) {
      expect(ses.webRequest.onBeforeRequest).toHaveBeenCalled();
      expect(ses.setPermissionRequestHandler).toHaveBeenCalled();
      expect(ses.setPermissionCheckHandler).toHaveBeenCalled();
      expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
      expect(ses.on).toHaveBeenCalledWith('will-download', expect.any(Function));
    }
  });

  it('locks down sessions and web contents created later', async () => {
    await launch();
    const late = {
      webRequest: { onBeforeRequest: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      setSpellCheckerEnabled: vi.fn(),
      on: vi.fn(),
    };
    f.app.emit('session-created', late);
    expect(late.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect(late.on).toHaveBeenCalledWith('will-download', expect.any(Function));
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    f.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on).toHaveBeenCalledWith('will-attach-webview', expect.any(Function));
  });

  it('starts the engine on the default vault folder in userData', async () => {
    await launch();
    await ready();
    expect(f.EngineHost.start).toHaveBeenCalledWith({
      vaultDir: '/home/analyst/.config/Casebook-userData/vault',
      // Beside the vault, not in it: it exists before any vault does.
      diagnosticLog: '/home/analyst/.config/Casebook-userData/diagnostics.log',
    });
  });

  it('starts the engine on CASEBOOK_VAULT when it is set', async () => {
    process.env.CASEBOOK_VAULT = '/media/usb/case-vault';
    await launch();
    await ready();
    expect(f.EngineHost.start).toHaveBeenCalledWith({ vaultDir: '/media/usb/case-vault', diagnosticLog: '/media/usb/diagnostics.log' });
  });

  it('registers one IPC handler per contract method', async () => {
    await launch();
    await ready();
    const channels = f.electron.ipcMain.handle.mock.calls.map((call) => call[0]);
    expect(channels.sort()).toEqual(methodNames.map(channelOf).sort());
  });

  it('creates one window and allows DevTools only when unpackaged', async () => {
    await launch({ packaged: true });
    await ready();
    expect(f.FakeBrowserWindow.created).toHaveLength(1);
    expect((f.FakeBrowserWindow.created[0]!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);

    await launch({ packaged: false });
    await ready();
    expect((f.FakeBrowserWindow.created[0]!.options.webPreferences as { devTools: boolean }).devTools).toBe(true);
  });

  it('replaces the default menu (whose Help items open web pages)', async () => {
    await launch();
    await ready();
    expect(f.electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = JSON.stringify(f.electron.Menu.buildFromTemplate.mock.calls[0]![0]);
    expect(template).not.toMatch(/help|http/i);
    expect(template).not.toContain('toggleDevTools');
  });

  it('focuses the existing window when a second instance starts', async () => {
    await launch();
    await ready();
    const [window] = f.FakeBrowserWindow.created;
    f.app.emit('second-instance');
    expect(window!.restore).toHaveBeenCalled();
    expect(window!.focus).toHaveBeenCalled();
  });
});

describe('quitting', () => {
  it('quits when the last window closes', async () => {
    await launch();
    await ready();
    f.app.emit('window-all-closed');
    expect(f.app.quit).toHaveBeenCalled();
  });

  it('holds the quit until the engine host has stopped, then quits once', async () => {
    await launch();
    await ready();
    const first = { defaultPrevented: false, preventDefault: vi.fn() };
    f.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(f.host.stop).toHaveBeenCalledTimes(1);
    expect(f.electron.ipcMain.removeHandler).not.toHaveBeenCalled();

    // A second quit request while stopping does not stop twice.
    const second = { preventDefault: vi.fn() };
    f.app.emit('before-quit', second);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(f.host.stop).toHaveBeenCalledTimes(1);
    expect(f.app.quit).not.toHaveBeenCalled();

    f.host.finishStop();
    await vi.waitFor(() => expect(f.app.quit).toHaveBeenCalledTimes(1));
    // The quit that follows goes through.
    expect(f.app.quitsPrevented).toEqual([false]);
    expect(f.host.stop).toHaveBeenCalledTimes(1);
  });

  it('quits anyway when the engine does not stop in time', async () => {
    await launch();
    await ready();
    vi.useFakeTimers();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      f.app.emit('before-quit', { preventDefault: vi.fn() });
      await vi.advanceTimersByTimeAsync(9_000);
      expect(f.app.quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(f.app.quit).toHaveBeenCalledTimes(1);
      expect(f.app.quitsPrevented).toEqual([false]);
    } finally {
      vi.useRealTimers();
      error.mockRestore();
    }
  });

  it('does not hold the quit when the engine never started', async () => {
    await launch();
    const event = { preventDefault: vi.fn() };
    f.app.emit('before-quit', event);
    await vi.waitFor(() => expect(f.app.quit).toHaveBeenCalled());
    expect(f.host.stop).not.toHaveBeenCalled();
  });
});
