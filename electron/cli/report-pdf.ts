import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';

/** Where a Chromium may be; CHROMIUM_PATH first, as in the tests. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The custody report as PDF without Electron: a headless Chromium prints the
 * self-contained HTML page (no network is needed or allowed by the page's own
 * CSP) with --print-to-pdf. Without a Chromium, a clear error says what to do.
 */
export async function htmlToPdf(html: string, pdf: string): Promise<void> {
  const chromium = CANDIDATES.find((c): c is string => !!c && existsSync(c));
  if (!chromium) {
    throw new CasebookError(
      'invalid-input',
      'no Chromium found for --pdf (looked for $CHROMIUM_PATH and /usr/bin/chromium); write --html and print it, or use the app',
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'casebook-report-'));
  try {
    const page = path.join(dir, 'report.html');
    await fs.writeFile(page, html, { mode: 0o600 });
    const out = path.join(dir, 'report.pdf');
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-sandbox',
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      `--print-to-pdf=${out}`,
      `file://${page}`,
    ];
    await new Promise<void>((resolve, reject) =>
      execFile(chromium, args, { timeout: 120_000 }, (err, _stdout, stderr) =>
        err
          ? reject(new CasebookError('internal', `${chromium} could not print the report: ${String(stderr).trim().split('\n').pop() || err.message}`))
          : resolve(),
      ),
    );
    if (!existsSync(out)) throw new CasebookError('internal', `${chromium} wrote no PDF`);
    await fs.copyFile(out, pdf);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
