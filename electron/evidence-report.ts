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

/** The session the hidden printing window runs in: in memory (no "persist:" prefix), its own. */
export const CUSTODY_PRINT_PARTITION = 'casebook-custody-printing';

/**
 * evidence.saveReport, answered by the shell: the engine writes the custody
 * report as one self-contained HTML page (evidence.report); here it is saved
 * as it is, or printed to PDF by Chromium in a hidden window that runs no
 * script and may load nothing (its own in-memory session refuses every
 * request but the data: page itself), to the file the user chose in the save
 * dialog (files.save; the dialog asks before replacing a file, so nothing is
 * overwritten silently). The file is written whole or not at all.
 */
export async function saveEvidenceReport(
  input: ParsedInput<'evidence.saveReport'>,
  sender: WebContents,
  tokens: FileTokens<WebContents>,
  host: EngineCalls,
): Promise<Result<'evidence.saveReport'>> {
  const out = tokens.resolve(sender, input.out, 'save');
  const report = unwrap(await host.call('evidence.report', { caseId: input.caseId, itemId: input.itemId })) as Result<'evidence.report'>;
  const bytes = input.format === 'html' ? report.html : await printToPdf(report.html);
  await writeFileAtomic(out, bytes);
  return { fileName: path.basename(out) };
}

/** The page printed by Chromium: A4 landscape (the chain's columns are wide), backgrounds kept (the mismatch banner is a colour). */
export async function printToPdf(html: string): Promise<Buffer> {
  const printing = session.fromPartition(CUSTODY_PRINT_PARTITION);
  printing.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  printing.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow({ show: false, webPreferences: { session: printing, javascript: false, sandbox: true, contextIsolation: true } });
  try {
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await window.webContents.printToPDF({ printBackground: true, landscape: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
}
