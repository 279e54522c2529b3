import { ImportProblem } from '../problems';
import type { ZipEntry } from './zip-entry-type';

/**
 * What an archive may inflate to. Deflate can expand a thousandfold, so the
 * sizes an archive declares are checked against the bytes it holds before
 * anything is inflated: each entry's ratio (at every size: a 3 MiB entry
 * made of 3 KiB is no more honest than a 5 GiB one) and the archive's total
 * (many entries each under the ratio, or small enough to pass it, must not add
 * up to a bomb). The real Security-Datasets archives inflate 3 to 26 times;
 * JSON logs rarely pass 50.
 */

/** An entry may inflate to at most this many times its compressed size, and an archive's entries to this many times the archive. */
export const MAX_RATIO = 100;
/** An entry this small is not held to the ratio (a short file compresses as well as it likes); it still counts toward the archive's total. */
export const SMALL_ENTRY = 64 * 1024;

/** A local header's fixed part, before its name and extra field. */
const LOCAL_HEADER_BYTES = 30;

export function isBomb(inflated: number, compressed: number): boolean {
  return inflated > SMALL_ENTRY && inflated > MAX_RATIO * compressed;
}

/** The most an archive of `archiveBytes` may inflate to, all entries read together. */
export function archiveBudget(archiveBytes: number): number {
  return MAX_RATIO * archiveBytes + SMALL_ENTRY;
}

/** Refuses entries whose declared sizes add up to more than the archive's budget, before any is read. */
export function checkArchiveTotal(entries: readonly ZipEntry[], archiveBytes: number, file: string): void {
  let total = 0;
  for (const e of entries) total += e.size;
  const budget = archiveBudget(archiveBytes);
  if (total > budget) {
    throw new ImportProblem(
      `${file}: its ${entries.length} entries declare ${total} bytes in all, more than ${MAX_RATIO} times the archive's ${archiveBytes} bytes: ` +
        `refused as a likely zip bomb (the largest: ${[...entries]
          .sort((a, b) => b.size - a.size)
          .slice(0, 3)
          .map((e) => `"${e.name}" ${e.size} bytes`)
          .join(', ')})`,
    );
  }
}

/**
 * Gives each entry the end of its span (the next header by offset, or the
 * directory) and refuses entries that overlap: an archive whose directory lists
 * one body many times (under other names, or at offsets inside it) multiplies
 * its content without growing, which no ratio limit sees. The exact end of an
 * entry's data needs its local header, checked when it is read; here the
 * smallest possible entry (a header and its compressed bytes) must fit.
 */
export function checkNoOverlap(entries: ZipEntry[], directoryOffset: number, file: string): void {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  byOffset.forEach((entry, i) => {
    const next = byOffset[i + 1];
    entry.spanEnd = next ? next.localHeaderOffset : directoryOffset;
    if (entry.localHeaderOffset + LOCAL_HEADER_BYTES + entry.compressedSize > entry.spanEnd) {
      throw new ImportProblem(
        `${file}: entry "${entry.name}" (header at byte ${entry.localHeaderOffset}, ${entry.compressedSize} compressed bytes) overlaps ` +
          (next ? `entry "${next.name}" (header at byte ${next.localHeaderOffset})` : `the central directory at byte ${directoryOffset}`) +
          `: entries sharing their bytes are refused (a zip bomb's trick)`,
      );
    }
  });
}
