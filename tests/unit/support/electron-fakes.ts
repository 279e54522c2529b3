import { EventEmitter } from 'node:events';
import type { Session } from 'electron';
import { vi } from 'vitest';
import type { EventName, MethodName } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/errors';

/**
 * Stand-ins for the parts of 'electron' the shell uses, which cannot load
 * under plain Node. One set for every shell test (main, window, ipc): a test
 * mocks 'electron' with these, built in vi.hoisted so that they are ready
 * before the module under test imports 'electron':
 *
 *   const fakes = vi.hoisted(() => import('../tests/unit/support/electron-fakes'));
 *   vi.mock('electron', async () => ({ BrowserWindow: (await fakes).FakeBrowserWindow }));
 */

/** A page's web contents: its frame's URL, what is sent to it, its window-open handler, and the events the shell listens to. */
export class FakeWebContents extends EventEmitter {
  mainFrame: { url: string };
  send = vi.fn();
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  setWindowOpenHandler = vi.fn((handler: (details: unknown) => unknown) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed = vi.fn(() => false);

  constructor(url = 'app://casebook/index.html') {
    super();
    this.mainFrame = { url };
  }
}

/** A BrowserWindow that records what it was built with; every one made is in `created` (clear it between tests). */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loadURL = vi.fn(() => Promise.resolve());
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => true);
  isDestroyed = () => false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
}

type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

/** What the shell installs on a session, kept so that a test can call it. */
export interface SessionHandlers {
  beforeRequest?: BeforeRequest;
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  permissionCheck?: (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
  devicePermission?: (details: unknown) => boolean;
  willDownload?: (event: { preventDefault: () => void }, item: { getFilename: () => string; getURL: () => string }) => void;
}

/** A session whose setters are spies and whose handlers are kept in `handlers`; `asSession` is it typed as Electron's. */
export function fakeSession(partition: string) {
  const handlers: SessionHandlers = {};
  const ses = {
    partition,
    webRequest: { onBeforeRequest: vi.fn((listener: BeforeRequest) => (handlers.beforeRequest = listener)) },
    setPermissionRequestHandler: vi.fn((h: SessionHandlers['permissionRequest']) => (handlers.permissionRequest = h)),
    setPermissionCheckHandler: vi.fn((h: SessionHandlers['permissionCheck']) => (handlers.permissionCheck = h)),
    setDevicePermissionHandler: vi.fn((h: SessionHandlers['devicePermission']) => (handlers.devicePermission = h)),
    setSpellCheckerEnabled: vi.fn(),
    on: vi.fn((name: string, listener: NonNullable<SessionHandlers['willDownload']>) => {
      if (name === 'will-download') handlers.willDownload = listener;
    }),
    protocol: { handle: vi.fn() },
  };
  return { ses, handlers, asSession: ses as unknown as Session };
}

/** An engine host that echoes each call's input, and lets a test emit engine events to whoever subscribed. */
export function fakeEngineHost() {
  let listener: ((event: EventName, payload: unknown) => void) | null = null;
  const host = {
    call: vi.fn(async (_method: MethodName, input: unknown): Promise<Envelope<unknown>> => ({ ok: true, value: { echoed: input } })),
    onEvent: vi.fn((l: (event: EventName, payload: unknown) => void) => {
      listener = l;
      return () => (listener = null);
    }),
  };
  return { host, emit: (event: string, payload: unknown) => listener?.(event as EventName, payload), subscribed: () => listener !== null };
}
