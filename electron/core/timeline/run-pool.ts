import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CasebookError } from '../../../shared/ipc/errors';
import { transferList } from './raw-run';
import { processRunJob, type RunDone, type RunJob } from './run-job';
import { TallyBook, noTallies, type EntityTallies } from '../import/run-entities';
import { sha256OfFile } from '../fs/file-hash';

export interface CollectedTallies {
  entities: EntityTallies;
  /** More distinct values than the book keeps: some were dropped. */
  capped: boolean;
}

/**
 * Where full runs are processed: one worker thread shared by every import of
 * the process, or, where the compiled worker is not available (the engine run
 * from TypeScript sources, as in unit tests), the calling thread itself.
 */
class RunPool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: never) => void; reject: (e: Error) => void }>();
  /** Tally books of imports processed in this thread (no worker). */
  private readonly books = new Map<string, TallyBook>();

  /** Set in a thread that processes its own runs (an import's tail thread). */
  private here = false;

  /** Processes runs on the calling thread from now on: no run worker is started. */
  processHere(): void {
    this.here = true;
  }

  private workerFile(): string | null {
    if (this.here) return null;
    const file = path.join(__dirname, 'run-worker.js');
    return __filename.endsWith('.js') && existsSync(file) ? file : null;
  }

  private ensureWorker(file: string): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file);
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
    const fail = (why: string) => {
      for (const waiter of this.pending.values()) waiter.reject(new CasebookError('internal', `the run worker stopped: ${why}`));
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  submit(job: RunJob): Promise<RunDone> {
    const file = this.workerFile();
    if (!file) {
      let book = this.books.get(job.tallyKey);
      if (!book) this.books.set(job.tallyKey, (book = new TallyBook()));
      return processRunJob(job, book);
    }
    const worker = this.ensureWorker(file);
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
    const workerFile = this.workerFile();
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
    if (!this.worker) return Promise.resolve({ entities: local?.columns() ?? noTallies(), capped: local?.capped ?? false });
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<CollectedTallies>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, collect: tallyKey });
    });
  }
}

export const runPool = new RunPool();
