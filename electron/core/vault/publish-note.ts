import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeFileAtomic, fsyncDir } from '../fs/atomic-write';

/**
 * Several staged cases published as one: the cases an import makes of a
 * file's incidents. One rename publishes one case; for several, a note naming
 * them all is written (fsynced) before the first rename and removed after the
 * last. The note is the moment they are published: every case it names is
 * complete (its journal closed) when it is written. While a note exists the
 * cases it names are not listed, so no one ever sees some of them without the
 * others; a note a crash left behind is finished by the next sweep (the
 * remaining renames), since all its cases were whole.
 *
 *   cases/.publish-<uuid>.json   {"caseIds": [...]}
 */

const NOTE = /^\.publish-[0-9a-f-]{36}\.json$/;

export interface PublishNote {
  file: string;
  caseIds: string[];
  mtimeMs: number;
}

export const isPublishNote = (name: string) => NOTE.test(name);

export async function writePublishNote(casesDir: string, caseIds: readonly string[]): Promise<string> {
  const file = path.join(casesDir, `.publish-${randomUUID()}.json`);
  await writeFileAtomic(file, JSON.stringify({ caseIds }) + '\n');
  return file;
}

export async function removePublishNote(file: string): Promise<void> {
  await fs.rm(file, { force: true });
  await fsyncDir(path.dirname(file));
}

/**
 * The notes among a folder's names. A note that cannot be read names nothing
 * (it is written whole or not at all, so that is someone else's file).
 */
export async function readPublishNotes(casesDir: string, names: readonly string[]): Promise<PublishNote[]> {
  const notes: PublishNote[] = [];
  for (const name of names) {
    if (!isPublishNote(name)) continue;
    const file = path.join(casesDir, name);
    try {
      const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
      const caseIds = (JSON.parse(text) as { caseIds?: unknown }).caseIds;
      if (Array.isArray(caseIds) && caseIds.every((id) => typeof id === 'string')) notes.push({ file, caseIds: caseIds as string[], mtimeMs: stat.mtimeMs });
    } catch {
      // Gone since the listing (its publish finished), or not ours.
    }
  }
  return notes;
}
