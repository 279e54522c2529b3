import { promises as fs } from 'node:fs';
import path from 'node:path';

/** What the journal records about one run so the case can find and authenticate it (its schema: cases/records/import-records.ts). */
export type { RunRef } from '../cases/records/import-records';

export const TIMELINE_DIR = 'timeline';

/** Where a writer puts its runs: the case folder (possibly still staged), its key, the next run ordinal. */
export interface RunTarget {
  caseDir: string;
  caseId: string;
  key: Buffer;
  firstOrdinal: number;
}

/** Removes run files that no committed import references (left by a crash or a cancelled import). */
export async function removeUnreferencedRuns(caseDir: string, referenced: ReadonlySet<string>): Promise<string[]> {
  const dir = path.join(caseDir, TIMELINE_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const file of names) {
    // An entity page belongs to its import's first run (entities/entity-pages.ts): it goes when that run goes.
    const base = file.replace(/\.(cols|text)$/, '').replace(/\.e\d+\.ents$/, '');
    if (!referenced.has(base)) {
      await fs.rm(path.join(dir, file), { force: true });
      removed.push(file);
    }
  }
  return removed;
}
