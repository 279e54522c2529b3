import { DiagnosticLog, diagnosticLogPath } from '../core/diagnostics/diagnostic-log';
import type { DiagnosticEntry } from '../core/diagnostics/diagnostics';
import { str, type CommandTable } from './cli-context';
import { CasebookError } from '../../shared/ipc/errors';

/**
 * casebook diagnostics: where the diagnostic log is and its last entries. Needs no
 * passphrase and no vault: the log holds codes, ids and stack frames, no case data.
 */
export const diagnosticsCommands: CommandTable = {
  diagnostics: async (ctx) => {
    const limitFlag = str(ctx.flags.last);
    const limit = limitFlag === undefined ? 20 : Number(limitFlag);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new CasebookError('invalid-input', `diagnostics: --last "${limitFlag}" is not a whole number from 1 to 10000`);
    }
    const file = diagnosticLogPath(ctx.vaultDir);
    const entries = new DiagnosticLog(file).read(limit);
    return { json: { path: file, entries }, text: [`diagnostic log: ${file}`, ...(entries.length ? entries.map(entryText) : ['no entries'])].join('\n') };
  },
};

function entryText(entry: DiagnosticEntry): string {
  const ids = Object.entries(entry.ids)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const where = entry.stack[0] ? `\n    ${entry.stack[0]}` : '';
  return `${entry.time}  ${entry.code}  ${entry.message}${ids ? `  ${ids}` : ''}${where}`;
}
