import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CasebookError } from '../../../shared/ipc/errors';
import type { WorkerStopped } from '../worker-limits';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import { connect, inThread, type Client } from '../workers/rpc';
import { transferList } from '../timeline/raw-run';
import type { RunDone, RunJob } from './run-job';
import { noTallies } from './run-entities';
import { runHandlers, type CollectedTallies, type RunProtocol } from './run-protocol';

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
  /** Where a failure to drop an abandoned import's tallies is written down (discard). */
  diagnostics?: Diagnostics;
}

function compiledWorker(): string | null {
  const file = path.join(__dirname, 'run-worker.js');
  return __filename.endsWith('.js') && existsSync(file) ? file : null;
}

/**
 * Where full runs are processed (run-protocol.ts): one worker thread shared by
 * the engine's imports, or the calling thread itself. A worker that dies (out
 * of memory, a crash) fails the jobs it had and the imports whose tallies it
 * held; the next job starts a fresh one.
 */
export class RunPool {
  private worker: Client<RunProtocol> | null = null;
  /** The calling thread's handlers, where no worker runs. */
  private readonly local: Client<RunProtocol> | null;
  private readonly workerFile: string | null;
  /** Tally keys whose books live in the current worker. */
  private readonly onWorker = new Set<string>();
  /**
   * Tally keys whose books died with a worker: their imports must fail, not
   * collect the tallies of only the runs a fresh worker saw.
   */
  private readonly lost = new Map<string, WorkerStopped>();

  constructor(private readonly options: RunPoolOptions = {}) {
    this.workerFile = options.workerFile === undefined ? compiledWorker() : options.workerFile;
    this.local = this.workerFile ? null : inThread(runHandlers());
  }

  private client(): Client<RunProtocol> {
    if (this.local) return this.local;
    if (this.worker) return this.worker;
    const resourceLimits = this.options.resourceLimits;
    const client = connect<RunProtocol>(new Worker(this.workerFile!, { resourceLimits }), { name: 'the run worker', resourceLimits, unrefWhenIdle: true });
    client.onStopped((err) => {
      if (this.worker !== client) return;
      this.worker = null;
      for (const key of this.onWorker) this.lost.set(key, err);
      this.onWorker.clear();
    });
    return (this.worker = client);
  }

  submit(job: RunJob): Promise<RunDone> {
    const lost = this.lost.get(job.tallyKey);
    if (lost) return Promise.reject(lost);
    const client = this.client();
    if (!this.local) this.onWorker.add(job.tallyKey);
    // The job gets its own copy of the key (wiped when done); the run's buffers move over without a copy.
    const key = new Uint8Array(job.key);
    return client.call('run', { ...job, key }, { transfer: [...transferList(job.raw), key.buffer as ArrayBuffer] });
  }

  /**
   * SHA-256 of a file, worked out in the worker while the import parses it (or
   * here, where no worker runs). Aborting the signal stops it.
   */
  sha256(file: string, signal: AbortSignal): Promise<string> {
    return this.client().call('sha256', file, { signal });
  }

  /** The entities tallied over all runs of an import (and forgets them). Call after its last run is done. */
  collect(tallyKey: string): Promise<CollectedTallies> {
    const lost = this.lost.get(tallyKey);
    this.lost.delete(tallyKey);
    if (lost) return Promise.reject(lost);
    this.onWorker.delete(tallyKey);
    // No worker runs: the books died with the last one (and were reported lost), or were never made.
    if (!this.local && !this.worker) return Promise.resolve({ entities: noTallies() });
    return this.client().call('collect', tallyKey);
  }

  /**
   * Drops the tallies of an import being abandoned. Nothing waits for them, so a failure (the
   * worker died with them) is not passed on but written to the diagnostic log.
   */
  async discard(tallyKey: string): Promise<void> {
    await this.collect(tallyKey).catch((this.options.diagnostics ?? NO_DIAGNOSTICS).swallow('import.discard-tallies', { tallyKey }));
  }

  /** Ends the worker; jobs still in it fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.onWorker.clear();
    await worker?.close(new CasebookError('internal', 'the run worker was closed'));
  }
}
