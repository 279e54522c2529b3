import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { contextSource } from '../zip/byte-source';
import { readZipDirectory, type ZipEntry } from '../zip/zip-directory';
import { readZipEntry } from '../zip/zip-entry';
import { checkArchiveTotal } from '../zip/zip-limits';
import { MAX_ENTRY_BYTES, safeEntryName } from '../tar/tar-entries';
import { importArchiveFiles, type ArchiveFile, type EntryDetector } from './archive-files';
import { entrySource, type SpoolOptions } from './entry-source';

/**
 * Any other ZIP archive (a zip of Zeek logs, of .evtx files, of CloudTrail
 * files…): each file imported by the importer its content calls for
 * (archive-files.ts), read through importers/zip/ with its guards (ratio per
 * entry and in all, overlapping entries, CRC, encryption refused). Its claim
 * is weak: the archives whose content a format importer recognises (the
 * Security-Datasets and Velociraptor zips) go to that importer.
 */

const LOCAL_HEADER = 0x04034b50;
export const ZIP_ARCHIVE_CONFIDENCE = 0.35;

async function* zipFiles(ctx: ImportContext, entries: ZipEntry[], spool?: SpoolOptions): AsyncGenerator<ArchiveFile> {
  for (const entry of entries) {
    if (!safeEntryName(entry.name)) {
      ctx.warn(`entry "${entry.name}" was skipped: its name leads outside the archive`);
      continue;
    }
    if (entry.size > MAX_ENTRY_BYTES) {
      throw new ImportProblem(
        `${ctx.file}: entry "${entry.name}" declares ${entry.size} bytes, more than the ${MAX_ENTRY_BYTES} an archive entry may hold: extract it and import the file itself`,
      );
    }
    yield { name: entry.name, source: await entrySource(entry.name, entry.size, readZipEntry(entry, ctx.file, { onBytes: (n) => ctx.bytes(n) }), spool) };
  }
}

export function zipArchive(detectEntry: EntryDetector, spool?: SpoolOptions): Importer {
  return {
    format: 'zip',
    label: 'ZIP archive of files Casebook reads',
    sniff: (sample: Sample) => (sample.head.length >= 30 && sample.head.readUInt32LE(0) === LOCAL_HEADER ? ZIP_ARCHIVE_CONFIDENCE : 0),
    async run(ctx: ImportContext): Promise<void> {
      const entries = (await readZipDirectory(contextSource(ctx), ctx.file)).filter((e) => !e.isDirectory);
      checkArchiveTotal(entries, ctx.size, ctx.file);
      await importArchiveFiles(ctx, zipFiles(ctx, entries, spool), detectEntry, 'ZIP');
    },
  };
}
