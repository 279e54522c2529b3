import path from 'node:path';
import { BrowserWindow, session, type WebContents } from 'electron';
import type { MethodName, ParsedInput, Result } from '../shared/ipc/contract';
import { unwrap, type Envelope } from '../shared/ipc/errors';
import type { FileTokens } from './file-tokens';
import { writeFileAtomic } from './core/fs/atomic-write';

/** The part of the engine host this needs (ipc.ts's EngineHostPort, declared here so the two do not import each other). */
interface EngineCalls {
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
}

/**
 * evidence.saveReport, answered by the shell: the engine writes the custody
 * report as one self-contained HTML page (evidence.report); here it is saved
 * as it is, or printed to PDF by Chromium in a hidden window that runs no
 * script and may load nothing (its own in-memory session refuses every
 * request but the data: page itself), into the folder the user chose.
 */
export async function saveEvidenceReport(
  input: ParsedInput<'evidence.saveReport'>,
  sender: WebContents,
  tokens: FileTokens<WebContents>,
  host: EngineCalls,
): Promise<Result<'evidence.saveReport'>> {
  const folder = tokens.resolve(sender, input.file);
  const report = unwrap(await host.call('evidence.report', { caseId: input.caseId, itemId: input.itemId })) as Result<'evidence.report'>;
  const fileName = input.format === 'html' ? report.fileName : report.fileName.replace(/\.html$/, '.pdf');
  const bytes = input.format === 'html' ? report.html : await printToPdf(report.html);
  await writeFileAtomic(path.join(folder, fileName), bytes);
  return { fileName };
}

async function printToPdf(html: string): Promise<Buffer> {
  const printing = session.fromPartition('casebook-report-printing');
  printing.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  const window = new BrowserWindow({ show: false, webPreferences: { session: printing, javascript: false, sandbox: true, contextIsolation: true } });
  try {
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await window.webContents.printToPDF({ printBackground: true, landscape: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
}
