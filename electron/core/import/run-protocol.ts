import type { Method, Handlers } from '../workers/rpc';
import { TallyBook, noTallies, type EntityTallies } from './run-entities';
import { processRunJob, type RunDone, type RunJob } from './run-job';
import { sha256OfFile } from '../fs/file-hash';

export interface CollectedTallies {
  entities: EntityTallies;
}

/** What the run worker does (run-worker.ts), or the calling thread where none runs (run-pool.ts). */
export type RunProtocol = {
  /** Sorts, seals and writes a full run; its entities go into the tally book named by job.tallyKey. The job's key is wiped after. */
  run: Method<RunJob, RunDone>;
  /** The entities tallied over all runs of an import (and forgets them). */
  collect: Method<string, CollectedTallies>;
  /** SHA-256 of a file (hex), worked out beside the import that parses it; cancelling stops it. */
  sha256: Method<string, string>;
};

/** The run worker's handlers, with their own tally books (one per import). */
export function runHandlers(): Handlers<RunProtocol> {
  const books = new Map<string, TallyBook>();
  return {
    run: async (job) => {
      let book = books.get(job.tallyKey);
      if (!book) books.set(job.tallyKey, (book = new TallyBook()));
      try {
        return await processRunJob(job, book);
      } finally {
        job.key.fill(0);
      }
    },
    collect: (tallyKey, { transfer }) => {
      const book = books.get(tallyKey);
      books.delete(tallyKey);
      const entities = book?.columns() ?? noTallies();
      transfer([entities.ends.buffer as ArrayBuffer, entities.numbers.buffer as ArrayBuffer]);
      return { entities };
    },
    sha256: (file, { signal }) => sha256OfFile(file, signal),
  };
}
