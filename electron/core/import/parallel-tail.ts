import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ImportProblem } from '../importers/problems';
import { workerStopped } from '../worker-limits';
import { TIMELINE_DIR } from '../timeline/timeline-writer';
import { runTail, type TailInput, type TailMessage, type TailResult } from './tail-import';

/** Files with fewer records are imported by one thread (a thread takes about 0.1 s to start); the engine's parallelImport option overrides it. */
export const DEFAULT_PARALLEL_MIN_RECORDS = 50_000;

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
export class ParallelTail {
  private readonly stop = new AbortController();
  private readonly worker: Worker | null = null;
  private readonly finished: Promise<TailResult>;
  /** Bytes and records the tail read so far. */
  progress = { bytes: 0, records: 0 };

  /** `resourceLimits`: the tail thread's V8 heap limits (worker-limits.ts). */
  constructor(
    private readonly input: TailInput,
    resourceLimits?: ResourceLimits,
  ) {
    let done!: (result: TailResult) => void;
    let fail!: (err: Error) => void;
    this.finished = new Promise((resolve, reject) => ((done = resolve), (fail = reject)));
    // Handled in join(); a tail that fails before it is never leaves a rejection unhandled.
    this.finished.catch(() => undefined);
    const receive = (message: TailMessage) => {
      if ('progress' in message) this.progress = message.progress;
      else if ('done' in message) done(message.done);
      else fail(new ImportProblem(message.error));
    };
    const file = path.join(__dirname, 'tail-worker.js');
    if (__filename.endsWith('.js') && existsSync(file)) {
      this.worker = new Worker(file, { workerData: input, transferList: [input.key.buffer as ArrayBuffer], resourceLimits });
      this.worker.on('message', receive);
      // After its result, the thread's exit changes nothing (the promise is settled).
      this.worker.on('error', (err) => fail(workerStopped('the second import thread', err, resourceLimits)));
      this.worker.on('exit', (code) => fail(workerStopped('the second import thread', code)));
    } else {
      void runTail(input, receive, this.stop.signal);
    }
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
    if (this.worker) await this.worker.terminate();
    else await this.finished.catch(() => undefined);
    const dir = path.join(this.input.caseDir, TIMELINE_DIR);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(`${this.input.runPrefix}-`)).map((name) => fs.rm(path.join(dir, name), { force: true })));
  }
}
