import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, type MethodName } from '../shared/ipc/contract';
import type { Envelope } from '../shared/ipc/errors';
import { registerIpc, shellMethods, type EngineHostPort } from './ipc';
import { exportShellMethods } from './export-shell';
import { vaultShellMethods } from './vault-shell';
import { FakeWebContents } from '../tests/unit/support/electron-fakes';

// The save dialog, and the report printed by Chromium in a hidden window: the parts of 'electron' these methods reach.
const electron = vi.hoisted(() => ({
  dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
  BrowserWindow: { fromWebContents: vi.fn() },
  session: { fromPartition: vi.fn() },
}));
vi.mock('electron', () => electron);
const printed = vi.hoisted(() => ({ printReportToPdf: vi.fn(async (html: string) => Buffer.from(`%PDF-1.7 of ${html.length} chars`)) }));
vi.mock('./report-pdf', () => printed);

const CASE_ID = '0b9f2a4e-6a7c-4f7e-9a57-2f6c1d7d4a10';
const HEAD = { seq: 12, hash: 'ab'.repeat(16) };
type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Envelope<unknown>>;

function setup() {
  const handlers = new Map<string, Handler>();
  const window = new FakeWebContents();
  const host = {
    call: vi.fn(async (method: MethodName, input: unknown): Promise<Envelope<unknown>> => {
      if (method === 'exports.reportPreview') return { ok: true, value: { html: '<!DOCTYPE html><title>r</title>', head: HEAD } };
      return { ok: true, value: { method, input } };
    }),
    onEvent: vi.fn(() => () => undefined),
    reopen: vi.fn(async () => undefined),
  };
  registerIpc({
    ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler), removeHandler: vi.fn() },
    host: host as unknown as EngineHostPort,
    appContents: () => [window] as unknown as WebContents[],
    shell: { ...shellMethods, ...exportShellMethods, ...vaultShellMethods },
  });
  const invoke = (method: MethodName, input: unknown) =>
    handlers.get(channelOf(method))!({ sender: window, senderFrame: window.mainFrame } as unknown as IpcMainInvokeEvent, input);
  return { invoke, host };
}

describe('the save dialog and the report as PDF, in the shell', () => {
  beforeEach(() => {
    electron.dialog.showSaveDialog.mockReset();
    electron.dialog.showOpenDialog.mockReset();
    electron.BrowserWindow.fromWebContents.mockReset().mockReturnValue({ id: 'window' });
  });

  it('files.save shows the system dialog and hands the page a token and a name, never the path', async () => {
    const { invoke, host } = setup();
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/reports/case.html' });
    const answer = await invoke('files.save', { title: 'Save the report', defaultName: 'case.html', filters: [{ name: 'HTML', extensions: ['html'] }] });
    expect(answer).toEqual({ ok: true, value: { file: { token: expect.any(String), name: 'case.html' } } });
    expect(JSON.stringify(answer)).not.toContain('/reports');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(
      { id: 'window' },
      expect.objectContaining({ title: 'Save the report', defaultPath: 'case.html', properties: expect.arrayContaining(['showOverwriteConfirmation']) }),
    );
    expect(host.call).not.toHaveBeenCalled();
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await invoke('files.save', {})).toEqual({ ok: true, value: { file: null } });
  });

  it('exports.* from the page write only where the save dialog said: the token becomes the path on the way to the engine', async () => {
    const { invoke, host } = setup();
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/reports/alerts.csv' });
    const saved = (await invoke('files.save', {})) as { ok: true; value: { file: { token: string } } };
    await invoke('exports.table', { caseId: CASE_ID, table: 'alerts', out: saved.value.file.token });
    expect(host.call).toHaveBeenCalledWith('exports.table', { caseId: CASE_ID, table: 'alerts', out: '/reports/alerts.csv' });
    // A path, or an open-file token, is no save token.
    const path = await invoke('exports.table', { caseId: CASE_ID, table: 'alerts', out: '/etc/passwd' });
    expect(path).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/^exports\.table: out: only a file chosen in the save dialog/) },
    });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/evidence/import.csv'] });
    const opened = (await invoke('files.choose', {})) as { ok: true; value: { files: { token: string }[] } };
    const misuse = await invoke('exports.table', { caseId: CASE_ID, table: 'alerts', out: opened.value.files[0]!.token });
    expect(misuse).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // And the other way round: a save token does not let the engine read a file.
    const read = await invoke('import.preview', { file: saved.value.file.token });
    expect(read).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(host.call).toHaveBeenCalledTimes(1);
  });

  it('a restore reads the backup by its open token and writes into the folder of a folder save token; only that folder can then be opened as the vault', async () => {
    const { invoke, host } = setup();
    const restored = mkdtempSync(path.join(os.tmpdir(), 'casebook-restored-'));
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/backups/vault.cbbak'] });
    const backup = (await invoke('files.choose', {})) as { ok: true; value: { files: { token: string }[] } };
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [restored] });
    const folder = (await invoke('files.save', { title: 'Choose an empty folder', folder: true })) as {
      ok: true;
      value: { file: { token: string; name: string } };
    };
    expect(electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(
      { id: 'window' },
      expect.objectContaining({ properties: expect.arrayContaining(['openDirectory', 'createDirectory']) }),
    );
    expect(folder.value.file.name).toBe(path.basename(restored));
    await invoke('backup.restore', { file: backup.value.files[0]!.token, out: folder.value.file.token, passphrase: 'pass' });
    expect(host.call).toHaveBeenCalledWith('backup.restore', { file: '/backups/vault.cbbak', out: restored, passphrase: 'pass' });
    // The folder holds no vault yet: not opened.
    expect(await invoke('vault.openFolder', { folder: folder.value.file.token })).toMatchObject({ ok: false, error: { message: /holds no Casebook vault/ } });
    writeFileSync(path.join(restored, 'vault.json'), '{}');
    expect(await invoke('vault.openFolder', { folder: folder.value.file.token })).toEqual({ ok: true, value: { opened: path.basename(restored) } });
    expect(host.reopen).toHaveBeenCalledWith(restored);
    // An open token (the backup itself) names no folder to open.
    expect(await invoke('vault.openFolder', { folder: backup.value.files[0]!.token })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('exports.report as PDF: the engine renders the report, the shell prints it and writes it whole', async () => {
    const { invoke, host } = setup();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-shell-pdf-'));
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(dir, 'report.pdf') });
    const saved = (await invoke('files.save', {})) as { ok: true; value: { file: { token: string } } };
    const answer = await invoke('exports.report', { caseId: CASE_ID, format: 'pdf', out: saved.value.file.token });
    expect(host.call).toHaveBeenCalledWith('exports.reportPreview', { caseId: CASE_ID });
    expect(printed.printReportToPdf).toHaveBeenCalledWith('<!DOCTYPE html><title>r</title>');
    const pdf = readFileSync(path.join(dir, 'report.pdf'));
    expect(pdf.toString()).toMatch(/^%PDF-/);
    expect(answer).toEqual({ ok: true, value: { name: 'report.pdf', bytes: pdf.length, items: 1, head: HEAD, notes: [] } });
  });
});
