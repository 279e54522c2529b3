import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventName, MethodName } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/errors';
import type { EngineOptions } from '../engine';
import type { FromWorker, ToWorker } from './messages';

type Pending = (envelope: Envelope<unknown>) => void;
type EventListener = (event: EventName, payload: unknown) => void;

/**
 * Runs the engine in a worker thread (as Signal Desktop runs its database) and
 * offers the contract's methods as messages. Calls never reject: every outcome is
 * an envelope. If the worker dies, its keys die with it: pending calls fail, the
 * vault counts as locked, and a fresh worker takes the next call.
 */
export class EngineHost {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly options: EngineOptions,
    private readonly workerPath: string,
  ) {
    this.worker = this.spawn();
  }

  static start(options: EngineOptions, workerPath = path.join(__dirname, 'engine-worker.js')): EngineHost {
    return new EngineHost(options, workerPath);
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerPath, { workerData: this.options });
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'result') {
        this.pending.get(message.id)?.(message.envelope);
        this.pending.delete(message.id);
      } else if (message.kind === 'event') {
        for (const listener of this.listeners) listener(message.event, message.payload);
      }
    });
    worker.on('error', (err) => this.failAll(`the engine stopped: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.stopping) return;
      this.failAll(`the engine stopped unexpectedly (exit code ${code})`);
      for (const listener of this.listeners) listener('vault.locked', { reason: 'user' });
      this.worker = this.spawn();
    });
    return worker;
  }

  private failAll(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'internal', message } });
    this.pending.clear();
  }

  call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    if (this.stopping) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'the engine is stopping' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ kind: 'call', id, method, input } satisfies ToWorker);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks the vault (wipes keys, releases case locks), then ends the worker. */
  stop(): Promise<void> {
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
    }).finally(() => this.failAll('the engine stopped'));
    return this.stopping;
  }
}
