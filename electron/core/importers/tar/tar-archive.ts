import type { ImportContext, Importer, Sample } from '../types';
import { gunzipBudget, maybeGunzip } from '../gzip';
import { importArchiveFiles, type EntryDetector } from '../archive/archive-files';
import { looksLikeTar, tarFiles } from './tar-entries';
import type { SpoolOptions } from '../archive/entry-source';

/**
 * Tar archives (.tar, .tar.gz, .tgz: detected by the "ustar" header, inside
 * gzip or not): each file imported by the importer its content calls for
 * (archive/archive-files.ts), read under tar-entries.ts's guards.
 */

async function* counted(ctx: ImportContext): AsyncGenerator<Buffer> {
  for await (const chunk of ctx.open()) {
    ctx.bytes(chunk.length);
    yield chunk;
  }
}

export function tarArchive(detectEntry: EntryDetector, spool?: SpoolOptions): Importer {
  return {
    format: 'tar',
    label: 'Tar archive (.tar, .tar.gz, .tgz) of files Casebook reads',
    sniff: (sample: Sample) => (looksLikeTar(sample.head) ? 0.9 : 0),
    async run(ctx: ImportContext): Promise<void> {
      // A plain tar holds what it weighs; a gzipped one may inflate only as far as any gzip log may.
      const inflated = maybeGunzip(counted(ctx), { file: ctx.file, compressedSize: ctx.size });
      const files = tarFiles(inflated, { file: ctx.file, budget: gunzipBudget(ctx.size), warn: (m) => ctx.warn(m), spool });
      await importArchiveFiles(ctx, files, detectEntry, 'tar');
    },
  };
}
