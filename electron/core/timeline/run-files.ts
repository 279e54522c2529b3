import { promises as fs } from 'node:fs';
import path from 'node:path';

/** What the journal records about one run so the case can find and authenticate it. */
export interface RunRef {
  /** File base name under timeline/ (without .cols/.text). */
  name: string;
  /** Position among the case's runs, in commit order; part of every event id. */
  ordinal: number;
  count: number;
  minTime: number;
  maxTime: number;
  /** Hex GCM tags of the two files: the journal binds them. */
  colsTag: string;
  textTag: string;
}

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
    const base = file.replace(/\.(cols|text)$/, '');
    if (!referenced.has(base)) {
      await fs.rm(path.join(dir, file), { force: true });
      removed.push(file);
    }
  }
  return removed;
}
