import { promises as fs } from 'node:fs';
import type { EventEntityColumns } from '../cases/event-entity-table';
import type { InvalidRecord } from '../importers/problems';
import { plasoStorageTail } from '../importers/plaso/plaso-storage';
import type { RunRef } from '../timeline/timeline-writer';
import { Collector } from './collector';
import { IMPORT_READ_FLAGS } from '../fs/import-file';
import { RunPool } from '../timeline/run-pool';

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

export type TailMessage = { progress: { bytes: number; records: number } } | { done: TailResult } | { error: string };

/** Imports the tail; every step is reported through `emit`. */
export async function runTail(input: TailInput, emit: (message: TailMessage) => void, signal: AbortSignal): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(input.path, IMPORT_READ_FLAGS);
    const file = handle;
    const unsupported = () => Promise.reject(new Error('a Plaso storage file is read at offsets'));
    const collector = new Collector({
      file: input.name,
      size: input.size,
      timezone: input.timezone,
      mapping: null,
      importId: input.runPrefix,
      source: input.name,
      open: () => {
        throw new Error('a Plaso storage file is read at offsets');
      },
      readAll: unsupported,
      readAt: async (offset, length) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      },
      runTarget: async () => ({ caseDir: input.caseDir, caseId: input.caseId, key: Buffer.from(input.key), firstOrdinal: 0 }),
      onProgress: (bytes, records) => emit({ progress: { bytes, records } }),
      signal,
      singleGroup: true,
      // This thread is the extra one: its runs are sorted, sealed and written here, not in the run worker.
      runs: new RunPool({ workerFile: null }),
      maxExpansion: input.maxExpansion,
    });
    await plasoStorageTail(collector, input.from);
    emit({ done: await collector.tailResult() });
  } catch (err) {
    emit({ error: err instanceof Error ? err.message : String(err) });
  } finally {
    input.key.fill(0);
    await handle?.close();
  }
}
