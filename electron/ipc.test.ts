import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, methodNames, type MethodName } from '../shared/ipc/contract';
import type { Envelope } from '../shared/ipc/errors';
import { registerIpc, shellMethods, type EngineHostPort } from './ipc';
import { FakeWebContents, fakeEngineHost as fakeHost } from '../tests/unit/support/electron-fakes';

// The shell's own methods use the native dialog on the caller's window; nothing else of 'electron' may be reached.
const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  BrowserWindow: { fromWebContents: vi.fn() },
}));
vi.mock('electron', () => electron);

const CASE_ID = '0b9f2a4e-6a7c-4f7e-9a57-2f6c1d7d4a10';

/** A web contents: its page's frame, send, and the events the shell listens to ('destroyed', 'did-navigate'). */
const fakeContents = (url?: string) => new FakeWebContents(url);
type FakeContents = FakeWebContents;

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Envelope<unknown>>;

function setup(windows: FakeContents[] = [fakeContents()]) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  const { host, emit, subscribed } = fakeHost();
  const unregister = registerIpc({
    ipcMain,
    host: host as EngineHostPort,
    appContents: () => windows as unknown as WebContents[],
  });
  /** Calls a method as if from the given web contents and frame (default: our window's main frame). */
  const invoke = (method: MethodName, input: unknown, from: { sender?: FakeContents; frame?: { url: string } | null } = {}) => {
    const sender = from.sender ?? windows[0]!;
    const senderFrame = from.frame === undefined ? sender.mainFrame : from.frame;
    const handler = handlers.get(channelOf(method));
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler({ sender, senderFrame } as unknown as IpcMainInvokeEvent, input);
  };
  return { handlers, ipcMain, host, emit, subscribed, unregister, invoke, windows };
}

describe('IPC registration', () => {
  it('registers exactly one handler per contract method', () => {
    const { handlers, ipcMain } = setup();
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(channelOf).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(methodNames.length);
  });

  it('removes every handler and the event subscription when unregistered', () => {
    const { handlers, unregister, subscribed } = setup();
    expect(subscribed()).toBe(true);
    unregister();
    expect(handlers.size).toBe(0);
    expect(subscribed()).toBe(false);
  });
});

describe('sender check', () => {
  it('refuses a call from another web contents and never reaches the engine', async () => {
    const { invoke, host } = setup();
    const stranger = fakeContents();
    const answer = await invoke('vault.status', {}, { sender: stranger });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it('refuses a call from a subframe of our window', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('vault.status', {}, { frame: { url: 'app://casebook/index.html' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it.each(['https://example.com/', 'file:///tmp/evil.html', 'app://evil/index.html', 'about:blank', 'devtools://devtools/x'])(
    'refuses a call from a main frame showing %s',
    async (url) => {
      const { invoke, host } = setup([fakeContents(url)]);
      const answer = await invoke('vault.unlock', { passphrase: 'correct horse' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(host.call).not.toHaveBeenCalled();
    },
  );

  it('refuses a call whose frame is gone', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('vault.status', {}, { frame: null });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });
});

describe('input validation', () => {
  it('refuses a bad enum value, naming the field, without calling the engine', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('cases.update', { id: CASE_ID, patch: { severity: 'banana' } });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid-input');
    expect(answer.error.message).toContain('patch.severity');
    expect(host.call).not.toHaveBeenCalled();
  });

  it('refuses an unknown extra field, naming it, without calling the engine', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('vault.unlock', { passphrase: 'correct horse', remember: true });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid-input');
    expect(answer.error.message).toContain('remember');
    expect(host.call).not.toHaveBeenCalled();
  });

  it('refuses a missing required field', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('cases.open', { id: 'not-a-uuid' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(host.call).not.toHaveBeenCalled();
  });
});

describe('forwarding', () => {
  it('forwards a valid call with the parsed input and returns the engine envelope', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('cases.update', { id: CASE_ID, patch: { severity: 'high' }, expectedVersion: 3 });
    expect(host.call).toHaveBeenCalledTimes(1);
    expect(host.call).toHaveBeenCalledWith('cases.update', { id: CASE_ID, patch: { severity: 'high' }, expectedVersion: 3 });
    expect(answer).toEqual({ ok: true, value: { echoed: { id: CASE_ID, patch: { severity: 'high' }, expectedVersion: 3 } } });
  });

  it('passes the parsed input, defaults applied, not the raw one', async () => {
    const { invoke, host } = setup();
    await invoke('vault.lock', {});
    expect(host.call).toHaveBeenCalledWith('vault.lock', { reason: 'user' });
  });

  it('treats a missing input as empty', async () => {
    const { invoke, host } = setup();
    await invoke('vault.status', undefined);
    expect(host.call).toHaveBeenCalledWith('vault.status', {});
  });

  it('returns the engine error envelope unchanged', async () => {
    const { invoke, host } = setup();
    host.call.mockResolvedValueOnce({ ok: false, error: { code: 'wrong-passphrase', message: 'no' } });
    expect(await invoke('vault.unlock', { passphrase: 'x' })).toEqual({ ok: false, error: { code: 'wrong-passphrase', message: 'no' } });
  });

  it('turns an engine host that throws into an internal envelope instead of an IPC rejection', async () => {
    const { invoke, host } = setup();
    host.call.mockRejectedValueOnce(new Error('worker exploded'));
    expect(await invoke('vault.status', {})).toEqual({ ok: false, error: { code: 'internal', message: 'worker exploded' } });
  });
});

describe('engine events', () => {
  it('are sent to every open app window on the event channel', () => {
    const first = fakeContents();
    const second = fakeContents();
    const closed = fakeContents();
    closed.isDestroyed.mockReturnValue(true);
    const { emit } = setup([first, second, closed]);
    emit('vault.locked', { reason: 'idle' });
    for (const contents of [first, second]) {
      expect(contents.send).toHaveBeenCalledWith(channelOf('vault.locked'), { reason: 'idle' });
    }
    expect(closed.send).not.toHaveBeenCalled();
  });

  it('drops an event outside the contract', () => {
    const window = fakeContents();
    const { emit } = setup([window]);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    emit('shell.exec', { cmd: 'rm -rf /' });
    expect(window.send).not.toHaveBeenCalled();
    error.mockRestore();
  });
});

describe('shell methods', () => {
  const window = { id: 'the app window' };

  beforeEach(() => {
    electron.dialog.showOpenDialog.mockReset();
    electron.BrowserWindow.fromWebContents.mockReset().mockReturnValue(window);
  });

  it('are contract methods, each with a handler registered like the others', () => {
    const { handlers } = setup();
    for (const method of Object.keys(shellMethods)) {
      expect(methodNames).toContain(method);
      expect(handlers.has(channelOf(method as MethodName))).toBe(true);
    }
  });

  it('files.choose opens the system dialog on the calling window and never calls the engine', async () => {
    const { invoke, host, windows } = setup();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/cases/a.csv', '/cases/b.jsonl'] });
    const answer = await invoke('files.choose', {
      title: 'Choose files to import',
      multiple: true,
      filters: [{ name: 'Timelines', extensions: ['csv', 'jsonl'] }],
    });
    expect(answer).toEqual({
      ok: true,
      value: {
        files: [
          { token: expect.any(String), name: 'a.csv' },
          { token: expect.any(String), name: 'b.jsonl' },
        ],
      },
    });
    expect(JSON.stringify(answer)).not.toContain('/cases');
    expect(electron.BrowserWindow.fromWebContents).toHaveBeenCalledWith(windows[0]);
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, {
      title: 'Choose files to import',
      filters: [{ name: 'Timelines', extensions: ['csv', 'jsonl'] }],
      properties: ['openFile', 'multiSelections', 'dontAddToRecent'],
    });
    expect(host.call).not.toHaveBeenCalled();
  });

  it('files.choose picks one file unless asked for several, and answers no files when cancelled', async () => {
    const { invoke } = setup();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: ['/ignored'] });
    expect(await invoke('files.choose', {})).toEqual({ ok: true, value: { files: [] } });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, {
      title: undefined,
      filters: [],
      properties: ['openFile', 'dontAddToRecent'],
    });
  });

  it('files.choose with directory picks a folder (a triage collection, where an export goes), with no file filters', async () => {
    const { invoke } = setup();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/evidence/KAPE'] });
    const answer = await invoke('files.choose', { directory: true, filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(answer).toEqual({ ok: true, value: { files: [{ token: expect.any(String), name: 'KAPE' }] } });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, {
      title: undefined,
      filters: [],
      properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
    });
  });

  it('files.choose refuses a caller that is not our window before any dialog opens', async () => {
    const { invoke, host } = setup();
    const answer = await invoke('files.choose', {}, { sender: fakeContents() });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(host.call).not.toHaveBeenCalled();
  });

  it('files.choose validates its input, naming the field, before any dialog opens', async () => {
    const { invoke } = setup();
    const answer = await invoke('files.choose', { filters: [{ name: 'CSV', extensions: ['.csv'] }] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!answer.ok && answer.error.message).toContain('filters.0.extensions.0');
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('turns a dialog that fails into an error envelope', async () => {
    const { invoke } = setup();
    electron.dialog.showOpenDialog.mockRejectedValueOnce(new Error('no display'));
    expect(await invoke('files.choose', {})).toEqual({ ok: false, error: { code: 'internal', message: 'no display' } });
  });

  it('every other method still goes to the engine', async () => {
    const { invoke, host } = setup();
    await invoke('cases.list', {});
    expect(host.call).toHaveBeenCalledWith('cases.list', {});
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('file tokens', () => {
  const window = { id: 'the app window' };

  beforeEach(() => {
    electron.dialog.showOpenDialog.mockReset();
    electron.BrowserWindow.fromWebContents.mockReset().mockReturnValue(window);
  });

  /** The user picks these files in the dialog of `sender`'s window; answers the tokens the page got. */
  async function pick(invoke: ReturnType<typeof setup>['invoke'], paths: string[], sender?: FakeContents) {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: paths });
    const answer = await invoke('files.choose', { multiple: true }, { sender });
    if (!answer.ok) throw new Error(answer.error.message);
    return (answer.value as { files: { token: string; name: string }[] }).files.map((f) => f.token);
  }

  it('a token from the dialog reaches the engine as the path the user picked', async () => {
    const { invoke, host } = setup();
    const [token] = await pick(invoke, ['/cases/fw.csv']);
    await invoke('import.preview', { file: token });
    expect(host.call).toHaveBeenCalledWith('import.preview', { file: '/cases/fw.csv', timezone: 'UTC' });
    await invoke('import.start', { taskId: 't1', file: token, caseId: CASE_ID });
    expect(host.call).toHaveBeenLastCalledWith('import.start', {
      taskId: 't1',
      file: '/cases/fw.csv',
      caseId: CASE_ID,
      timezone: 'UTC',
      skipInvalid: false,
      duplicate: 'refuse',
    });
    await invoke('import.duplicates', { file: token, caseId: CASE_ID });
    expect(host.call).toHaveBeenLastCalledWith('import.duplicates', { file: '/cases/fw.csv', caseId: CASE_ID });
  });

  it('tokens are long random strings that say nothing of the path, and a file picked again keeps its token', async () => {
    const { invoke, windows } = setup();
    const [a, b] = await pick(invoke, ['/cases/a.csv', '/cases/b.csv']);
    const [again] = await pick(invoke, ['/cases/a.csv']);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(again).toBe(a);
    // The window is watched once, however many dialogs it opens.
    expect(windows[0]!.listenerCount('did-navigate')).toBe(1);
    expect(windows[0]!.listenerCount('destroyed')).toBe(1);
    const other = setup();
    expect(await pick(other.invoke, ['/cases/a.csv'])).not.toEqual([a]);
  });

  it.each(['/etc/shadow', '/proc/self/environ', 'C:\\Windows\\System32\\config\\SAM', '../../etc/passwd'])(
    'refuses import.preview, import.start and import.duplicates with the raw path %s, never reaching the engine',
    async (file) => {
      const { invoke, host } = setup();
      await pick(invoke, ['/cases/fw.csv']);
      for (const [method, input] of [
        ['import.preview', { file }],
        ['import.start', { taskId: 't', file }],
        ['import.duplicates', { file }],
      ] as const) {
        const answer = await invoke(method, input);
        expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(!answer.ok && answer.error.message).toContain(`${method}: file: only a file chosen in the open-file dialog`);
        // The refusal does not echo what the page asked for.
        expect(!answer.ok && answer.error.message).not.toContain(file);
      }
      expect(host.call).not.toHaveBeenCalled();
    },
  );

  it('refuses an unknown token, and one given to another window', async () => {
    const mine = fakeContents();
    const other = fakeContents();
    const { invoke, host } = setup([mine, other]);
    const [token] = await pick(invoke, ['/cases/fw.csv'], mine);
    const unknown = 'A'.repeat(43);
    expect(await invoke('import.preview', { file: unknown }, { sender: mine })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('import.preview', { file: token }, { sender: other })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it('forgets every token when the vault locks', async () => {
    const { invoke, host, emit } = setup();
    const [token] = await pick(invoke, ['/cases/fw.csv']);
    emit('vault.locked', { reason: 'idle' });
    expect(await invoke('import.start', { taskId: 't', file: token })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it.each(['destroyed', 'did-navigate'])("forgets a window's tokens when its web contents emits %s", async (event) => {
    const { invoke, host, windows } = setup();
    const [token] = await pick(invoke, ['/cases/fw.csv']);
    windows[0]!.emit(event);
    expect(await invoke('import.preview', { file: token })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
    // A file picked afterwards works again.
    const [fresh] = await pick(invoke, ['/cases/fw.csv']);
    expect(fresh).not.toBe(token);
    await invoke('import.preview', { file: fresh });
    expect(host.call).toHaveBeenCalledWith('import.preview', { file: '/cases/fw.csv', timezone: 'UTC' });
  });

  it('a cancelled dialog hands out no token', async () => {
    const { invoke, host } = setup();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: ['/cases/fw.csv'] });
    expect(await invoke('files.choose', {})).toEqual({ ok: true, value: { files: [] } });
    expect(await invoke('import.preview', { file: '/cases/fw.csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).not.toHaveBeenCalled();
  });
});
