import { StringDecoder } from 'node:string_decoder';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { unreadableFileMessage } from '../unreadable-kinds';
import { entryContext } from './entry-context';
import type { EntrySource } from './entry-source';

/**
 * The files of an archive (tar or zip), each detected like a file of its own
 * and imported by its importer into the one import (all or nothing). Entries
 * no importer recognises, that need a column mapping, or that are archives
 * of the generic kind themselves (one level only: nesting multiplies what a
 * few bytes expand to) are named in a warning; an archive with nothing
 * importable is refused, naming what it holds.
 *
 * The detector is handed in by the registry, which lists the archive
 * importers among the others: the archive asks it which importer reads each entry.
 */

export type EntryDetector = (sample: Sample) => Importer | null;

export interface ArchiveFile {
  name: string;
  /** Its bytes, in memory or spooled; closed (freed or deleted) once the entry is imported or skipped. */
  source: EntrySource;
}

/** Formats that are archives of anything: not read inside one another. */
export const ARCHIVE_FORMATS = new Set(['tar', 'zip']);

const SAMPLE_BYTES = 256 * 1024;

async function sampleOf(name: string, source: EntrySource): Promise<Sample> {
  const head = Buffer.from(await source.readAt(0, SAMPLE_BYTES));
  let text = new StringDecoder('utf8').write(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { name, size: source.size, head, text };
}

function skipReason(name: string, sample: Sample, chosen: Importer | null): string {
  if (chosen) return 'an archive inside the archive (extract it and import it itself)';
  const what = unreadableFileMessage(name, sample.head);
  return what ? what.slice(name.length + 2) : 'not a format Casebook recognises (extract it to import it with a column mapping)';
}

export async function importArchiveFiles(ctx: ImportContext, files: AsyncIterable<ArchiveFile>, detect: EntryDetector, kind: string): Promise<void> {
  const skipped: string[] = [];
  let imported = 0;
  for await (const file of files) {
    try {
      if (file.source.size === 0) continue;
      const sample = await sampleOf(file.name, file.source);
      const chosen = detect(sample);
      if (!chosen || ARCHIVE_FORMATS.has(chosen.format)) {
        skipped.push(file.name);
        ctx.warn(`entry "${file.name}" was skipped: ${skipReason(file.name, sample, chosen)}`);
        continue;
      }
      await chosen.run(entryContext(ctx, file.name, file.source));
      imported++;
    } finally {
      await file.source.close();
    }
    await ctx.checkpoint();
  }
  if (imported === 0) {
    throw new ImportProblem(
      `${ctx.file}: no file in the ${kind} archive is one Casebook imports` +
        (skipped.length ? ` (it holds ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})` : ' (it holds no file)'),
    );
  }
}
