import path from 'node:path';
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions, type WebContents } from 'electron';
import type { ExportResult, ReportPreview } from '../shared/domain/exports';
import { unwrap } from '../shared/ipc/errors';
import { writeFileAtomic } from './core/fs/atomic-write';
import { watchOwner, type ShellHandler, type ShellMethods } from './ipc';
import type { FileTokens } from './file-tokens';
import { printReportToPdf } from './report-pdf';

/** A folder to write into (a restored vault), picked or made in the folder dialog: a 'save' token, since it will be written. */
async function chooseFolderToWrite(title: string | undefined, sender: Parameters<ShellHandler<'files.save'>>[1], tokens: FileTokens<WebContents>) {
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'] };
  const window = BrowserWindow.fromWebContents(sender);
  const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  if (canceled || !filePaths[0]) return null;
  watchOwner(tokens, sender);
  return tokens.issue(sender, [filePaths[0]], 'save')[0]!;
}

/**
 * The shell's part of reports and exports: the save-file dialog (a token per
 * chosen file, like files.choose, of the 'save' kind), and the report as PDF,
 * which only Electron can print in the app (the engine, in its worker, has no
 * window): the engine renders the report, the shell prints and writes it.
 * main.ts registers these beside ipc.ts' shellMethods.
 */
export const exportShellMethods = {
  'files.save': async ({ title, defaultName, filters, folder }, sender, tokens) => {
    if (folder) return { file: await chooseFolderToWrite(title, sender, tokens) };
    const options: SaveDialogOptions = {
      title,
      defaultPath: defaultName || undefined,
      filters,
      properties: ['showOverwriteConfirmation', 'createDirectory', 'dontAddToRecent'],
    };
    const window = BrowserWindow.fromWebContents(sender);
    const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (canceled || !filePath) return { file: null };
    watchOwner(tokens, sender);
    return { file: tokens.issue(sender, [filePath], 'save')[0]! };
  },
  'exports.report': async (input, sender, tokens, host) => {
    const out = tokens.resolve(sender, input.out, 'save');
    if (input.format === 'html') return unwrap(await host.call('exports.report', { ...input, out })) as ExportResult;
    const preview = unwrap(await host.call('exports.reportPreview', { caseId: input.caseId })) as ReportPreview;
    const pdf = await printReportToPdf(preview.html);
    await writeFileAtomic(out, pdf);
    return { name: path.basename(out), bytes: pdf.length, items: 1, head: preview.head, notes: [] };
  },
} satisfies ShellMethods;
