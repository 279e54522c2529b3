import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventName, MethodName } from '../../../shared/ipc/contract';
import type { Envelope, ErrorCode } from '../../../shared/ipc/errors';
import type { EngineOptions } from '../engine';
import { workerLimits, workerStopped } from '../worker-limits';
import type { EngineWorkerData, FromWorker, ToWorker } from './messages';
import type { Diagnostics } from '../diagnostics/diagnostics';
import { diagnosticsFromOptions } from '../diagnostics/diagnostic-log';

/** A call in the worker: how to answer it, and what to name if the engine dies under it. */
interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
  /** The file an import.start call imports. */
  file: string | null;
}
type EventListener = (event: EventName, payload: unknown) => void;

/** Engine threads that may die in a row, none answering a call, before the host stops restarting them. */
const MAX_CRASHES_IN_A_ROW = 3;

/**
 * Runs the engine in a worker thread (as Signal Desktop runs its database) and
 * offers the contract's methods as messages. Calls never reject: every outcome is
 * an envelope. If the worker dies (out of memory under its heap limit, a
 * crash), its keys die with it: pending calls fail saying why, listeners hear
 * vault.locked with reason 'engine-crashed', and a fresh worker takes the next
 * call. Run files of an import it was writing are swept when their case is
 * next opened; cases it was staging, by a later unlock's sweep.
 */
export class EngineHost {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private stopping: Promise<void> | null = null;
  /** Engine threads that died in a row without answering a call: one that cannot even start is not restarted forever. */
  private crashesInARow = 0;
  /** Why no engine thread runs any more (set after MAX_CRASHES_IN_A_ROW). */
  private broken: string | null = null;
  private readonly diagnostics: Diagnostics;

  private constructor(
    private readonly options: EngineOptions,
    private readonly workerPath: string,
  ) {
    this.diagnostics = diagnosticsFromOptions(options);
    this.worker = this.spawn(false);
  }

  static start(options: EngineOptions, workerPath = path.join(__dirname, 'engine-worker.js')): EngineHost {
    return new EngineHost(options, workerPath);
  }

  private spawn(afterCrash: boolean): Worker {
    const resourceLimits = workerLimits(this.options.workerLimits).engine;
    const workerData: EngineWorkerData = { options: this.options, afterCrash };
    const worker = new Worker(this.workerPath, { workerData, resourceLimits });
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'result') {
        this.crashesInARow = 0;
        this.pending.get(message.id)?.resolve(message.envelope);
        this.pending.delete(message.id);
      } else if (message.kind === 'event') {
        for (const listener of this.listeners) listener(message.event, message.payload);
      }
    });
    // 'error' (with the cause: out of memory, an uncaught exception) comes before 'exit'.
    let cause: Error | null = null;
    worker.on('error', (err) => (cause ??= err));
    worker.on('exit', (code) => {
      if (this.stopping || this.worker !== worker) return;
      const stopped = workerStopped('the engine', cause ?? code, resourceLimits);
      const restart = ++this.crashesInARow < MAX_CRASHES_IN_A_ROW;
      // The worker's own error has the stack that matters; a bare exit code has none.
      this.diagnostics.record('engine-crashed', cause ?? stopped, { exitCode: code, reason: stopped.code, crashesInARow: this.crashesInARow });
      if (!restart) this.broken = `${stopped.message}, ${MAX_CRASHES_IN_A_ROW} times in a row; it was not restarted again`;
      this.failAll(stopped.code, restart ? `${stopped.message}; it was restarted and the vault was locked` : this.broken!);
      for (const listener of this.listeners) listener('vault.locked', { reason: 'engine-crashed' });
      if (restart) this.worker = this.spawn(true);
    });
    return worker;
  }

  private failAll(code: ErrorCode, message: string): void {
    for (const { resolve, file } of this.pending.values()) {
      resolve({ ok: false, error: { code, message: file ? `${path.basename(file)}: the import was stopped because ${message}; nothing was imported` : message } });
    }
    this.pending.clear();
  }

  call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    if (this.stopping) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'the engine is stopping' } });
    if (this.broken) return Promise.resolve({ ok: false, error: { code: 'internal', message: this.broken } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const file = method === 'import.start' && typeof input === 'object' && input !== null ? (input as { file?: unknown }).file : null;
      this.pending.set(id, { resolve, file: typeof file === 'string' ? file : null });
      this.worker.postMessage({ kind: 'call', id, method, input } satisfies ToWorker);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks the vault (wipes keys, releases case locks), then ends the worker. */
  stop(): Promise<void> {
    // Nothing runs to be stopped: the last thread died, and its keys with it.
    if (this.broken) this.stopping ??= Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      const worker = this.worker;
      const done = () => {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      };
      // A stuck engine must not keep the app from quitting; its keys die with the thread.
      const timer = setTimeout(done, 5_000);
      worker.on('message', (message: FromWorker) => message.kind === 'stopped' && done());
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ kind: 'stop' } satisfies ToWorker);
    }).finally(() => this.failAll('internal', 'the engine stopped'));
    return this.stopping;
  }
}
