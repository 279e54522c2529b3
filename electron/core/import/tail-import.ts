import type { EventEntityColumns } from '../cases/event-entity-table';
import type { InvalidRecord } from '../importers/problems';
import { plasoStorageTail } from '../importers/plaso/plaso-storage';
import type { RunRef } from '../timeline/run-files';
import { Collector, type ImportedFile } from './collector';
import { writingStages } from './collector-stages';
import { FileSource } from './file-source';
import { RunPool } from './run-pool';
import type { Handlers, Method } from '../workers/rpc';

/**
 * The second thread of a parallel import (parallel-tail.ts): it imports the
 * tail of a file (a Plaso storage file's events from a given rowid on) as an
 * import of its own would, with its own collector, its runs sorted, sealed and
 * written on this thread, except that nothing is committed: what it read goes
 * back to the import thread, which commits it with the rest.
 */

export interface TailInput {
  /** Path of the file, its name (the events' source) and size. */
  path: string;
  name: string;
  size: number;
  format: 'plaso-storage';
  /** The first rowid of the tail. */
  from: number;
  timezone: string;
  /** Names this tail's run files (the import thread removes them by it if the import fails). */
  runPrefix: string;
  caseDir: string;
  caseId: string;
  key: Uint8Array;
  /** The import's expansion limit (expansion.ts): this part alone must keep to it too. */
  maxExpansion?: number;
}

/** A host or user the tail's events name: type, raw value, key, id, first and last µs, event count. */
export type SeenTally = [string, string, string, string, number, number, number];

export interface TailResult {
  /** Bytes of the file the tail accounts for in progress (its share). */
  bytes: number;
  runs: RunRef[];
  events: number;
  zoneless: number;
  invalidTotal: number;
  invalid: InvalidRecord[];
  warnings: string[];
  seen: SeenTally[];
  /** Bytes of runs the tail wrote (for the import's expansion limit). */
  written: number;
  /** Entities found in the tail's messages and attributes. */
  found: EventEntityColumns;
}

export interface TailProgress {
  bytes: number;
  records: number;
}

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
