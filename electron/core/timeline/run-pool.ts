import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CasebookError } from '../../../shared/ipc/errors';
import { workerStopped, type WorkerStopped } from '../worker-limits';
import { transferList } from './raw-run';
import { processRunJob, type RunDone, type RunJob } from './run-job';
import { TallyBook, noTallies, type EntityTallies } from '../import/run-entities';
import { sha256OfFile } from '../fs/file-hash';

export interface CollectedTallies {
  entities: EntityTallies;
}

export interface RunPoolOptions {
  /**
   * The run worker's script; null processes runs on the calling thread (an
   * import's tail thread, which is itself the extra thread). By default
   * run-worker.js beside this file where the engine runs compiled, else (from
   * TypeScript sources, as in unit tests) the calling thread.
   */
  workerFile?: string | null;
  /** The run worker's V8 heap limits (worker-limits.ts). */
  resourceLimits?: ResourceLimits;
}

function compiledWorker(): string | null {
  const file = path.join(__dirname, 'run-worker.js');
  return __filename.endsWith('.js') && existsSync(file) ? file : null;
}

/**
 * Where full runs are processed: one worker thread shared by the engine's
 * imports, or the calling thread itself. A worker that dies (out of memory,
 * a crash) fails the jobs it had and the imports whose tallies it held; the
 * next job starts a fresh one.
 */
export class RunPool {
  private worker: Worker | null = null;
  private readonly workerFile: string | null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: never) => void; reject: (e: Error) => void }>();
  /** Tally books of imports processed in this thread (no worker). */
  private readonly books = new Map<string, TallyBook>();
  /** Tally keys whose books live in the current worker. */
  private readonly onWorker = new Set<string>();
  /**
   * Tally keys whose books died with a worker: their imports must fail, not
   * collect the tallies of only the runs a fresh worker saw.
   */
  private readonly lost = new Map<string, WorkerStopped>();

  constructor(private readonly options: RunPoolOptions = {}) {
    this.workerFile = options.workerFile === undefined ? compiledWorker() : options.workerFile;
  }

  private ensureWorker(file: string): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file, { resourceLimits: this.options.resourceLimits });
    // An idle pool must not keep the CLI from exiting.
    worker.unref();
    worker.on('message', (m: { id: number; done?: RunDone; tallies?: CollectedTallies; digest?: string; error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiter) return;
      if (m.done) waiter.resolve(m.done as never);
      else if (m.tallies) waiter.resolve(m.tallies as never);
      else if (m.digest) waiter.resolve(m.digest as never);
      else waiter.reject(new CasebookError('internal', `the run worker failed: ${m.error}`));
    });
    const fail = (cause: Error | number) => {
      // 'error' comes before 'exit'; by then a fresh worker may have taken over.
      if (this.worker !== worker) return;
      this.worker = null;
      const err = workerStopped('the run worker', cause, this.options.resourceLimits);
      for (const key of this.onWorker) this.lost.set(key, err);
      this.onWorker.clear();
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }

  submit(job: RunJob): Promise<RunDone> {
    const lost = this.lost.get(job.tallyKey);
    if (lost) return Promise.reject(lost);
    const file = this.workerFile;
    if (!file) {
      let book = this.books.get(job.tallyKey);
      if (!book) this.books.set(job.tallyKey, (book = new TallyBook()));
      return processRunJob(job, book);
    }
    const worker = this.ensureWorker(file);
    this.onWorker.add(job.tallyKey);
    const id = this.nextId++;
    // The worker gets its own copy of the key (wiped when done); the run's buffers move over without a copy.
    const message = { id, job: { ...job, key: new Uint8Array(job.key) } };
    return new Promise<RunDone>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(message, [...transferList(job.raw), message.job.key.buffer as ArrayBuffer]);
    });
  }

  /**
   * SHA-256 of a file, worked out in the worker while the import parses it (or
   * here, where no worker runs). Aborting the signal stops it.
   */
  sha256(file: string, signal: AbortSignal): Promise<string> {
    const workerFile = this.workerFile;
    if (!workerFile) return sha256OfFile(file, signal);
    const worker = this.ensureWorker(workerFile);
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, hash: file });
      signal.addEventListener('abort', () => worker.postMessage({ id, stopHash: true }), { once: true });
    });
  }

  /** The entities tallied over all runs of an import (and forgets them). Call after its last run is done. */
  collect(tallyKey: string): Promise<CollectedTallies> {
    const local = this.books.get(tallyKey);
    this.books.delete(tallyKey);
    const lost = this.lost.get(tallyKey);
    this.lost.delete(tallyKey);
    if (lost) return Promise.reject(lost);
    this.onWorker.delete(tallyKey);
    if (!this.worker) return Promise.resolve({ entities: local?.columns() ?? noTallies() });
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<CollectedTallies>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, collect: tallyKey });
    });
  }

  /** Ends the worker; jobs still in it fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const waiter of this.pending.values()) waiter.reject(new CasebookError('internal', 'the run worker was closed'));
    this.pending.clear();
    this.onWorker.clear();
    await worker?.terminate();
  }
}
