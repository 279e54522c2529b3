import { plasoStorageTail } from '../importers/plaso/plaso-storage';
import { Collector } from './collector';
import type { ImportedFile } from './collector-types';
import { writingStages } from './collector-stages';
import { FileSource } from './file-source';
import { RunPool } from './run-pool';
import type { Handlers, Method } from '../workers/rpc';
import type { TailInput, TailProgress, TailResult } from './tail-types';

export type { SeenTally, TailInput, TailProgress, TailResult } from './tail-types';

/**
 * The second thread of a parallel import (parallel-tail.ts): it imports the
 * tail of a file (a Plaso storage file's events from a given rowid on) as an
 * import of its own would, with its own collector, its runs sorted, sealed and
 * written on this thread, except that nothing is committed: what it read goes
 * back to the import thread, which commits it with the rest.
 */

/** What the tail thread does (tail-worker.ts), or the import thread itself where no compiled worker exists. */
export type TailProtocol = {
  /** Imports the tail; the input's key is wiped after. */
  tail: Method<TailInput, TailResult, TailProgress>;
};

export const tailHandlers: Handlers<TailProtocol> = {
  tail: (input, { progress, signal }) => runTail(input, progress, signal),
};

/** Imports the tail, reporting how far it got through `onProgress`. */
export async function runTail(input: TailInput, onProgress: (progress: TailProgress) => void, signal: AbortSignal): Promise<TailResult> {
  const source = new FileSource(input.path, input.name, input.size);
  try {
    const file: ImportedFile = { name: input.name, size: input.size, timezone: input.timezone, mapping: null };
    const target = async () => ({ caseDir: input.caseDir, caseId: input.caseId, key: Buffer.from(input.key), firstOrdinal: 0 });
    // This thread is the extra one: its runs are sorted, sealed and written here, not in the run worker.
    const plan = { importId: input.runPrefix, oneCase: true, target, runs: new RunPool({ workerFile: null }), maxExpansion: input.maxExpansion };
    const collector = new Collector(file, writingStages(file, source, plan), { signal, onProgress: (bytes, records) => onProgress({ bytes, records }) });
    await plasoStorageTail(collector, input.from);
    return await tailResult(collector);
  } finally {
    input.key.fill(0);
    await source.close();
  }
}

/** What the tail's collector read: its runs written, its entities tallied, nothing settled. */
async function tailResult(collector: Collector): Promise<TailResult> {
  const { cases, problems, tallies, events } = collector;
  const g = cases.current;
  await events.flush(g);
  return {
    bytes: collector.bytesRead,
    runs: g.timeline?.runs ?? [],
    events: cases.counts.events,
    zoneless: problems.zoneless,
    invalidTotal: problems.invalidTotal,
    invalid: problems.invalidRecords,
    warnings: problems.warnings,
    seen: tallies.seenOf(g),
    written: g.timeline?.written ?? 0,
    found: g.found.columns(),
  };
}
