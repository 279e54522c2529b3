import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CasebookError } from '../../../shared/ipc/errors';
import { ImportProblem } from '../importers/problems';
import { WorkerStopped } from '../worker-limits';
import { TIMELINE_DIR } from '../timeline/run-files';
import { connect, inThread, type Client } from '../workers/rpc';
import { tailHandlers, type TailProtocol } from './tail-import';
import type { TailInput, TailProgress, TailResult, TailSplitter, TailThread } from './tail-types';
import { settledElsewhere } from '../diagnostics/diagnostics';

export type { TailSplitter, TailThread } from './tail-types';

/** Files with fewer records are imported by one thread (a thread takes about 0.1 s to start); the engine's parallelImport option overrides it (ImportDeps.parallelMinRecords). */
export const DEFAULT_PARALLEL_MIN_RECORDS = 50_000;

/**
 * The splitter of a full import of `path`: its tail threads have these heap limits and keep to its expansion limit;
 * parts of fewer than minRecords records stay on the import's own thread.
 */
export function tailSplitter(
  path: string,
  resourceLimits: ResourceLimits | undefined,
  maxExpansion: number | undefined,
  minRecords = DEFAULT_PARALLEL_MIN_RECORDS,
): TailSplitter {
  return {
    worthIt: (records) => records >= minRecords && ParallelTail.worthIt(),
    start: (input) => new ParallelTail({ ...input, path, maxExpansion }, resourceLimits),
  };
}

/**
 * A Plaso storage file imported by two threads: this one (the import thread)
 * takes the events before a rowid, another (tail-worker.ts) those from it on.
 * Decoding Plaso's events (zlib, JSON, one object per event) is nearly all an
 * import of one costs, and with a thread for each half the two halves are
 * decoded at once. The tail thread writes its own runs into the case, which
 * the import thread commits with its own, or removes with them.
 *
 * Where the engine runs from TypeScript sources (unit tests) the tail is read
 * on this thread, by the same code, interleaved with the head.
 */
export class ParallelTail implements TailThread {
  private readonly stop = new AbortController();
  private readonly thread: Client<TailProtocol>;
  private readonly finished: Promise<TailResult>;
  /** Bytes and records the tail read so far. */
  progress: TailProgress = { bytes: 0, records: 0 };

  /** `resourceLimits`: the tail thread's V8 heap limits (worker-limits.ts). */
  constructor(
    private readonly input: TailInput,
    resourceLimits?: ResourceLimits,
  ) {
    const file = path.join(__dirname, 'tail-worker.js');
    const compiled = __filename.endsWith('.js') && existsSync(file);
    this.thread = compiled
      ? connect<TailProtocol>(new Worker(file, { resourceLimits }), { name: 'the second import thread', resourceLimits })
      : inThread(tailHandlers);
    const options = {
      signal: this.stop.signal,
      onProgress: (progress: TailProgress) => (this.progress = progress),
      transfer: [input.key.buffer as ArrayBuffer],
    };
    this.finished = this.thread.call('tail', input, options).catch((err: Error) => {
      // Bad input in its part of the file is the import's: an unexpected error of the parser too.
      throw err instanceof WorkerStopped || (err instanceof CasebookError && err.code !== 'internal') ? err : new ImportProblem(err.message);
    });
    // Its work done, the thread ends (a worker would wait for more calls).
    void this.finished.catch(settledElsewhere).then(() => this.thread.close(new CasebookError('cancelled', 'the tail thread was closed')));
  }

  /** Whether a second thread can be spared on this machine. */
  static worthIt(): boolean {
    return availableParallelism() >= 2;
  }

  /** What the tail read; its failure (bad input in its part of the file) is the import's. */
  join(): Promise<TailResult> {
    return this.finished;
  }

  /** Stops the tail and removes the run files it wrote. */
  async abort(): Promise<void> {
    this.stop.abort();
    // A worker is ended at once; on this thread the tail stops at its next checkpoint.
    await this.thread.close(new CasebookError('cancelled', 'the import was stopped'));
    // Its failure (or the cancel) is the import's, which awaits it itself.
    await this.finished.catch(settledElsewhere);
    const dir = path.join(this.input.caseDir, TIMELINE_DIR);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(`${this.input.runPrefix}-`)).map((name) => fs.rm(path.join(dir, name), { force: true })));
  }
}
