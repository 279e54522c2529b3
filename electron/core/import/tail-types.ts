import type { EventEntityColumns } from '../cases/event-entity-table';
import type { InvalidRecord } from '../importers/problems';
import type { RunRef } from '../timeline/run-files';

// What a parallel import's second thread (parallel-tail.ts, tail-import.ts) is given and gives
// back: types only, so the collector and the tally merge can name them without importing the
// thread's code, which imports them.

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

export interface TailProgress {
  bytes: number;
  records: number;
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

/** Another thread reading part of a file (a ParallelTail), as the Collector sees it. */
export interface TailThread {
  progress: TailProgress;
  join(): Promise<TailResult>;
  abort(): Promise<void>;
}

/** How a full import has another thread read part of its file: given to its Collector. */
export interface TailSplitter {
  /** Whether a part of so many records is worth a thread of its own. */
  worthIt(records: number): boolean;
  /** Starts the thread on a part of the file (the rest of its input is the file's, known to the splitter). */
  start(input: Omit<TailInput, 'path' | 'maxExpansion'>): TailThread;
}
