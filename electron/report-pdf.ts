import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';

/**
 * The incident report as PDF in the app: Chromium's own printToPDF, on a
 * hidden window that runs no script (the report has none, and JavaScript is
 * off), in a session of its own, in memory, that lets through one request:
 * the report's own file, written to a private temporary folder and removed
 * after. (The CLI and the tests print the same document with headless
 * Chromium: electron/core/exports/chromium-pdf.ts.)
 */

const PRINT_PARTITION = 'casebook-report-print';

export async function printReportToPdf(html: string): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'casebook-report-'));
  const file = path.join(dir, 'report.html');
  const url = pathToFileURL(file).href;
  const ses = session.fromPartition(PRINT_PARTITION);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== url }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow({
    show: false,
    webPreferences: { session: ses, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, spellcheck: false },
  });
  try {
    await fs.writeFile(file, html, { mode: 0o600 });
    await window.loadURL(url);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    window.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
