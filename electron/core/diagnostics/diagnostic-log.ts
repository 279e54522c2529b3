import fs from 'node:fs';
import path from 'node:path';
import { diagnosticsTo, NO_DIAGNOSTICS, type DiagnosticEntry, type Diagnostics } from './diagnostics';

/**
 * The diagnostic log on disk: JSON lines in `diagnostics.log` beside the vault folder (in its
 * parent, so it exists before any vault does and is not part of what a vault holds or copies).
 * Size-bounded: when the next line would take it past `maxBytes`, the file becomes
 * `diagnostics.log.1` (replacing the older one) and a new file starts. Local only: nothing
 * reads it but the `casebook diagnostics` command. Appends are synchronous and small, so lines
 * from the app and a CLI writing at once do not interleave.
 */

export const DIAGNOSTICS_FILE = 'diagnostics.log';
export const DIAGNOSTICS_MAX_BYTES = 1024 * 1024;

export function diagnosticLogPath(vaultDir: string): string {
  return path.join(path.dirname(path.resolve(vaultDir)), DIAGNOSTICS_FILE);
}

export class DiagnosticLog {
  constructor(
    readonly file: string,
    private readonly maxBytes = DIAGNOSTICS_MAX_BYTES,
  ) {}

  /** Appends one entry; throws on a disk error (diagnosticsTo catches it). */
  append(entry: DiagnosticEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    const size = fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) fs.renameSync(this.file, `${this.file}.1`);
    else if (size === 0) fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.file, line, { mode: 0o600 });
  }

  /** The last `limit` entries, oldest first (the rotated file's too when the current one holds fewer). */
  read(limit = 20): DiagnosticEntry[] {
    const lines = [...readLines(`${this.file}.1`), ...readLines(this.file)];
    return lines.slice(-limit).flatMap((line) => {
      try {
        return [JSON.parse(line) as DiagnosticEntry];
      } catch {
        return []; // a line cut short by a crash mid-append
      }
    });
  }
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The diagnostics of the vault in `vaultDir`, written to the log beside it. */
export function diagnosticsFor(vaultDir: string): Diagnostics {
  return diagnosticsTo(new DiagnosticLog(diagnosticLogPath(vaultDir)));
}

/** The diagnostics an engine's options name (their `diagnosticLog` path crosses into the worker as plain data); none without. */
export function diagnosticsFromOptions(options: { diagnosticLog?: string }): Diagnostics {
  return options.diagnosticLog ? diagnosticsTo(new DiagnosticLog(options.diagnosticLog)) : NO_DIAGNOSTICS;
}
