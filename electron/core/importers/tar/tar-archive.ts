import { StringDecoder } from 'node:string_decoder';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { gunzipBudget, maybeGunzip } from '../gzip';
import { unreadableFileMessage } from '../unreadable-kinds';
import { looksLikeTar, tarFiles } from './tar-entries';
import { entryContext } from './entry-context';

/**
 * Tar archives (.tar, .tar.gz, .tgz: detected by the "ustar" header, inside
 * gzip or not): each file in the archive is detected like a file of its own
 * and imported by its importer, all into the one import (all or nothing).
 * Entries no importer recognises, or that need a column mapping, are named
 * in a warning; an archive with nothing importable is refused.
 *
 * The detector is handed in by the registry (which lists this importer
 * among the others): the archive asks it which importer reads each entry.
 */

export type EntryDetector = (sample: Sample) => Importer | null;

const SAMPLE_BYTES = 256 * 1024;

function sampleOf(name: string, data: Buffer): Sample {
  const head = data.subarray(0, SAMPLE_BYTES);
  let text = new StringDecoder('utf8').write(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { name, size: data.length, head, text };
}

async function* counted(ctx: ImportContext): AsyncGenerator<Buffer> {
  for await (const chunk of ctx.open()) {
    ctx.bytes(chunk.length);
    yield chunk;
  }
}

export function tarArchive(detectEntry: EntryDetector): Importer {
  const importer: Importer = {
    format: 'tar',
    label: 'Tar archive (.tar, .tar.gz, .tgz) of files Casebook reads',
    sniff: (sample: Sample) => (looksLikeTar(sample.head) ? 0.9 : 0),
    async run(ctx: ImportContext): Promise<void> {
      const skipped: string[] = [];
      let imported = 0;
      // A plain tar holds what it weighs; a gzipped one may inflate only as far as any gzip log may.
      const inflated = maybeGunzip(counted(ctx), { file: ctx.file, compressedSize: ctx.size });
      for await (const entry of tarFiles(inflated, { file: ctx.file, budget: gunzipBudget(ctx.size), warn: (m) => ctx.warn(m) })) {
        if (entry.data.length === 0) continue;
        const sample = sampleOf(entry.name, entry.data);
        const chosen = detectEntry(sample);
        if (!chosen || chosen.format === importer.format) {
          const what = unreadableFileMessage(entry.name, sample.head);
          skipped.push(entry.name);
          ctx.warn(
            chosen
              ? `entry "${entry.name}" was skipped: an archive inside the archive (extract it and import it itself)`
              : `entry "${entry.name}" was skipped: ${what ? what.slice(entry.name.length + 2) : 'not a format Casebook recognises (extract it to import it with a column mapping)'}`,
          );
          continue;
        }
        await chosen.run(entryContext(ctx, entry.name, entry.data));
        imported++;
        await ctx.checkpoint();
      }
      if (imported === 0) {
        throw new ImportProblem(
          `${ctx.file}: no file in the tar archive is one Casebook imports` +
            (skipped.length ? ` (it holds ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})` : ' (it holds no file)'),
        );
      }
    },
  };
  return importer;
}
