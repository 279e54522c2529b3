import { ImportProblem } from '../importers/problems';

/**
 * How much an import may write for each byte of its file. A compressed or
 * cross-referencing format can describe far more than it holds: a ZIP entry
 * inflates a thousandfold, a Plaso storage file can point every event at one
 * large event-data row. Without a bound, a file of kilobytes fills the disk
 * with runs (a 36 KB .plaso wrote 1.6 GB). Real files stay far below the
 * default: of the sample corpus, the Security-Datasets archives write the
 * most, 35 bytes of runs per byte (covenant_copy_smb_CreateRequest.zip), a
 * Plaso storage file 3.3, text formats under 2. 1000 is still above what
 * deflate itself can expand (1032 at most, and JSON text compresses far less).
 */
export const DEFAULT_MAX_EXPANSION = 1000;

/** Tiny files may write this much whatever their size (a few events' fixed columns outweigh a short line). */
const FLOOR_BYTES = 1024 * 1024;

/** The bytes of runs an import of a `size`-byte file may write. */
export function outputBudget(size: number, maxExpansion = DEFAULT_MAX_EXPANSION): number {
  return Math.max(FLOOR_BYTES, size * maxExpansion);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The refusal of an import whose output outgrew its budget, with the way to import the file anyway. */
export function expansionProblem(file: string, size: number, written: number, events: number, maxExpansion = DEFAULT_MAX_EXPANSION): ImportProblem {
  return new ImportProblem(
    `${file}: after ${events} events the import has written ${mib(written)}, more than ${maxExpansion} times the file's ${size} bytes: ` +
      `refused as a likely decompression bomb, nothing was imported. If the file is genuine, import it again with a higher ` +
      `limit (--max-expansion, now ${maxExpansion}).`,
  );
}
