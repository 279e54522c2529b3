import type { ResourceLimits } from 'node:worker_threads';
import { CasebookError } from '../../shared/ipc/errors';

/**
 * V8 heap limits of the engine's worker threads. Without them a crafted file
 * that makes a worker allocate without bound grows until the whole process is
 * killed (a worker shares the process: in the app, the Electron main process).
 * With them the worker alone is stopped (ERR_WORKER_OUT_OF_MEMORY), its import
 * fails, and the engine carries on.
 *
 * They bound the JavaScript heap only: Buffers, typed arrays and large Latin-1
 * strings live outside it, and one allocation larger than the ~16 MiB Node
 * grants past the limit still aborts the process (V8's "Reached heap limit").
 * The decoders' own caps (output sizes) cover those.
 */
export interface WorkerLimits {
  /** The engine's own thread, where the app runs it (engine-host.ts): imports parse here, cases open here. */
  engine: ResourceLimits;
  /** The run worker (run-pool.ts): sorts, seals and writes runs, tallies their entities. */
  run: ResourceLimits;
  /** The second thread of a parallel import (parallel-tail.ts): parses the tail of a Plaso storage file. */
  tail: ResourceLimits;
}

/**
 * Sized from measured peaks of each thread's JavaScript heap (used / committed):
 * - engine thread: 109 / 131 MiB for the README bench at 1M events, 131 / 150
 *   MiB at 10M (import, open, queries); its largest legitimate need is a JSON
 *   document read whole (up to 512 MiB of text, whose objects take about 1.5
 *   times the text again: about 1.3 GiB with the text).
 * - run worker: 7 / 10 MiB at 1M, 8 / 14 MiB at 10M (runs come as buffers).
 * - tail thread: 43 / 65 MiB for a 300,000-event Plaso storage file.
 * Before, every thread had V8's default of about 4 GiB.
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  engine: { maxOldGenerationSizeMb: 3072 },
  run: { maxOldGenerationSizeMb: 256 },
  tail: { maxOldGenerationSizeMb: 512 },
};

/** The defaults, with any limit the caller gave in their place. */
export function workerLimits(given?: Partial<WorkerLimits>): WorkerLimits {
  return { ...DEFAULT_WORKER_LIMITS, ...given };
}

/** A worker thread that died: out of memory, an uncaught error, or an exit. */
export class WorkerStopped extends CasebookError {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    // Out of memory is the input's doing (too large, or crafted): the user can act on it.
    super(outOfMemory ? 'invalid-input' : 'internal', message);
  }
}

/** Says why `worker` (e.g. "the run worker") stopped; `limits` are those it was started with. */
export function workerStopped(worker: string, cause: Error | number, limits?: ResourceLimits): WorkerStopped {
  if (typeof cause === 'number') return new WorkerStopped(`${worker} stopped unexpectedly (exit code ${cause})`, false);
  if ((cause as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = limits?.maxOldGenerationSizeMb;
    return new WorkerStopped(`${worker} ran out of memory${limit === undefined ? '' : ` (its limit is ${limit} MiB of JavaScript heap)`}`, true);
  }
  return new WorkerStopped(`${worker} failed: ${cause.message}`, false);
}
