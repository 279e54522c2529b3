import { execFile } from 'node:child_process';
import { promises as fs, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';

/**
 * The report as PDF where there is no Electron window to print it (the CLI,
 * the tests): headless Chromium's page-to-PDF. The report is written to a
 * private temporary folder, printed from there with a throw-away profile and
 * every network route closed (the report's own CSP already forbids any
 * load), and the folder removed. The app prints with Electron's own
 * printToPDF instead (electron/report-pdf.ts).
 */

const PRINT_TIMEOUT_MS = 120_000;

/** Chromium's path: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

async function executable(file: string): Promise<boolean> {
  return fs.access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: PRINT_TIMEOUT_MS, maxBuffer: 4 << 20 }, (err, _stdout, stderr) => {
      if (err)
        reject(new CasebookError('internal', `Chromium could not print the report (${err.message.split('\n')[0]}): ${String(stderr).trim().slice(-500)}`));
      else resolve();
    });
  });
}

/** Prints the HTML document to PDF bytes with headless Chromium; a clear error when Chromium is not installed. */
export async function printPdfWithChromium(html: string): Promise<Buffer> {
  const chromium = chromiumPath();
  if (!(await executable(chromium))) {
    throw new CasebookError(
      'not-found',
      `a PDF needs Chromium, and there is none at ${chromium} (install it, e.g. "apt install chromium", or set CHROMIUM_PATH); the HTML report (--html) needs nothing`,
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'casebook-report-'));
  try {
    const page = path.join(dir, 'report.html');
    const pdf = path.join(dir, 'report.pdf');
    await fs.writeFile(page, html, { mode: 0o600 });
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--proxy-server=127.0.0.1:9',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      // Chromium refuses to run as root with its sandbox (containers, CI).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `file://${page}`,
    ];
    await run(chromium, args);
    const bytes = await fs.readFile(pdf).catch(() => null);
    if (!bytes || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new CasebookError('internal', 'Chromium ran but wrote no PDF');
    return bytes;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
