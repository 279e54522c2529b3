import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, type MethodName } from '../shared/ipc/contract';
import type { Envelope } from '../shared/ipc/errors';
import { registerIpc, shellMethods, type EngineHostPort } from './ipc';
import { exportShellMethods } from './export-shell';
import { CUSTODY_PRINT_PARTITION } from './evidence-report';
import { FakeWebContents } from '../tests/unit/support/electron-fakes';

/*
 * evidence.saveReport in the shell, with Electron mocked: the hidden printing window, its session and
 * printToPDF are fakes that record what they were asked. (No Electron binary runs here: the real
 * printToPDF of this path has not been run by these tests; docs/architecture.md says so.)
 */
const fake = vi.hoisted(() => {
  const requestFilter: { fn: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | null } = { fn: null };
  const permissions: { fn: ((c: unknown, p: string, callback: (ok: boolean) => void) => void) | null } = { fn: null };
  const printing = {
    webRequest: { onBeforeRequest: (fn: typeof requestFilter.fn) => void (requestFilter.fn = fn) },
    setPermissionRequestHandler: (fn: typeof permissions.fn) => void (permissions.fn = fn),
  };
  const windows: { options: unknown; loaded: string[]; printed: unknown[]; destroyed: boolean }[] = [];
  const print = { result: (): Promise<Buffer> => Promise.resolve(Buffer.from('%PDF-1.7 custody')) };
  class BrowserWindow {
    static fromWebContents = () => ({ id: 'window' });
    record: (typeof windows)[number];
    webContents: { printToPDF: (options: unknown) => Promise<Buffer> };
    constructor(options: unknown) {
      this.record = { options, loaded: [], printed: [], destroyed: false };
      windows.push(this.record);
      this.webContents = {
        printToPDF: (opts: unknown) => {
          this.record.printed.push(opts);
          return print.result();
        },
      };
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return {
    electron: { BrowserWindow, session: { fromPartition: vi.fn(() => printing) }, dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() } },
    windows,
    requestFilter,
    permissions,
    print,
  };
});
vi.mock('electron', () => fake.electron);

const CASE_ID = '0b9f2a4e-6a7c-4f7e-9a57-2f6c1d7d4a10';
const REPORT = '<!doctype html><html><head><title>Custody report</title></head><body><h1>Custody report: FIN-WKS-12 memory</h1></body></html>';
type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Envelope<unknown>>;

function setup() {
  const handlers = new Map<string, Handler>();
  const window = new FakeWebContents();
  const host = {
    call: vi.fn(async (method: MethodName): Promise<Envelope<unknown>> =>
      method === 'evidence.report' ? { ok: true, value: { html: REPORT, fileName: 'custody-FIN-WKS-12-memory.html' } } : { ok: true, value: null },
    ),
    onEvent: vi.fn(() => () => undefined),
  };
  registerIpc({
    ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler), removeHandler: vi.fn() },
    host: host as unknown as EngineHostPort,
    appContents: () => [window] as unknown as WebContents[],
    shell: { ...shellMethods, ...exportShellMethods },
  });
  const invoke = (method: MethodName, input: unknown) =>
    handlers.get(channelOf(method))!({ sender: window, senderFrame: window.mainFrame } as unknown as IpcMainInvokeEvent, input);
  const saveAs = async (file: string) => {
    fake.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    return ((await invoke('files.save', {})) as { ok: true; value: { file: { token: string } } }).value.file.token;
  };
  return { invoke, host, saveAs };
}

describe('the custody report saved by the shell (evidence.saveReport)', () => {
  beforeEach(() => {
    fake.windows.length = 0;
    fake.print.result = () => Promise.resolve(Buffer.from('%PDF-1.7 custody'));
  });

  it('prints the engine’s self-contained HTML in a hidden, script-less window whose session loads nothing else, A4 landscape with backgrounds', async () => {
    const { invoke, host, saveAs } = setup();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-custody-'));
    const out = path.join(dir, 'custody.pdf');
    const answer = await invoke('evidence.saveReport', { caseId: CASE_ID, itemId: 'item-1', out: await saveAs(out) });

    expect(host.call).toHaveBeenCalledWith('evidence.report', { caseId: CASE_ID, itemId: 'item-1' });
    expect(answer).toEqual({ ok: true, value: { fileName: 'custody.pdf' } });
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.7 custody');

    expect(fake.electron.session.fromPartition).toHaveBeenCalledWith(CUSTODY_PRINT_PARTITION);
    expect(CUSTODY_PRINT_PARTITION).not.toMatch(/^persist:/);
    const [window] = fake.windows;
    expect(window!.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true } });
    // The page loaded is the report itself, whole, as a data: URL.
    const loaded = window!.loaded[0]!;
    expect(loaded.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(loaded.split(',')[1]!, 'base64').toString('utf8')).toBe(REPORT);
    expect(window!.printed).toEqual([{ printBackground: true, landscape: true, pageSize: 'A4' }]);
    expect(window!.destroyed).toBe(true);

    // Its session lets through the data: page only, and grants no permission.
    const verdict = (url: string) => new Promise<boolean>((resolve) => fake.requestFilter.fn!({ url }, (r) => resolve(r.cancel)));
    expect(await verdict('data:text/html;base64,AAAA')).toBe(false);
    expect(await verdict('https://example.com/x.png')).toBe(true);
    expect(await verdict('file:///etc/passwd')).toBe(true);
    expect(await new Promise((resolve) => fake.permissions.fn!(null, 'media', resolve))).toBe(false);
  });

  it('saves the HTML as it is when asked for HTML, without a window', async () => {
    const { invoke, saveAs } = setup();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-custody-'));
    const out = path.join(dir, 'custody.html');
    await invoke('evidence.saveReport', { caseId: CASE_ID, out: await saveAs(out), format: 'html' });
    expect(readFileSync(out, 'utf8')).toBe(REPORT);
    expect(fake.windows).toHaveLength(0);
  });

  it('writes all or nothing: a failed print leaves the chosen file as it was and no temporary file beside it', async () => {
    const { invoke, saveAs } = setup();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-custody-'));
    const out = path.join(dir, 'custody.pdf');
    writeFileSync(out, 'the report saved yesterday');
    fake.print.result = () => Promise.reject(new Error('printing failed'));
    const answer = await invoke('evidence.saveReport', { caseId: CASE_ID, out: await saveAs(out) });
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringContaining('printing failed') } });
    expect(readFileSync(out, 'utf8')).toBe('the report saved yesterday');
    expect(readdirSync(dir)).toEqual(['custody.pdf']);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('takes only a token of the save dialog: a path or an open-file token is refused before anything is printed', async () => {
    const { invoke, host } = setup();
    const refused = await invoke('evidence.saveReport', { caseId: CASE_ID, out: '/tmp/custody.pdf' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    fake.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/evidence/disk.E01'] });
    const opened = (await invoke('files.choose', {})) as { ok: true; value: { files: { token: string }[] } };
    expect(await invoke('evidence.saveReport', { caseId: CASE_ID, out: opened.value.files[0]!.token })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(host.call).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });
});
