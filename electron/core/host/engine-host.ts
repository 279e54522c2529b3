import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventName, MethodName } from '../../../shared/ipc/contract';
import { CasebookError, errorInfo, type Envelope } from '../../../shared/ipc/errors';
import type { EngineOptions } from '../engine';
import { workerLimits, WorkerStopped } from '../worker-limits';
import { connect, type Client } from '../workers/rpc';
import type { EngineEvents, EngineProtocol, EngineWorkerData } from './messages';
import type { Diagnostics } from '../diagnostics/diagnostics';
import { diagnosticsFromOptions } from '../diagnostics/diagnostic-log';

type EventListener = (event: EventName, payload: unknown) => void;

/** Engine threads that may die in a row, none answering a call, before the host stops restarting them. */
const MAX_CRASHES_IN_A_ROW = 3;

/** One engine thread, and what its death means for the calls it had (set when it died). */
interface EngineThread {
  client: Client<EngineProtocol, EngineEvents>;
  died: string | null;
}

/**
 * Runs the engine in a worker thread (as Signal Desktop runs its database) and
 * offers the contract's methods through the worker RPC (workers/rpc.ts). Calls
 * never reject: every outcome is an envelope. If the worker dies (out of
 * memory under its heap limit, a crash), its keys die with it: pending calls
 * fail saying why, listeners hear vault.locked with reason 'engine-crashed',
 * and a fresh worker takes the next call. Run files of an import it was
 * writing are swept when their case is next opened; cases it was staging, by
 * a later unlock's sweep.
 */
export class EngineHost {
  private thread: EngineThread;
  private readonly listeners = new Set<EventListener>();
  private stopping: Promise<void> | null = null;
  /** Engine threads that died in a row without answering a call: one that cannot even start is not restarted forever. */
  private crashesInARow = 0;
  /** Why no engine thread runs any more (set after MAX_CRASHES_IN_A_ROW). */
  private broken: string | null = null;
  private readonly diagnostics: Diagnostics;

  private constructor(
    private options: EngineOptions,
    private readonly workerPath: string,
  ) {
    this.diagnostics = diagnosticsFromOptions(options);
    this.thread = this.spawn(false);
  }

  static start(options: EngineOptions, workerPath = path.join(__dirname, 'engine-worker.js')): EngineHost {
    return new EngineHost(options, workerPath);
  }

  private spawn(afterCrash: boolean): EngineThread {
    const resourceLimits = workerLimits(this.options.workerLimits).engine;
    const workerData: EngineWorkerData = { options: this.options, afterCrash };
    const client = connect<EngineProtocol, EngineEvents>(new Worker(this.workerPath, { workerData, resourceLimits }), { name: 'the engine', resourceLimits });
    const thread: EngineThread = { client, died: null };
    client.onEvent((event, payload) => this.tell(event, payload));
    // Runs before the pending calls hear of it: they say what became of the engine.
    client.onStopped((stopped) => {
      const restart = ++this.crashesInARow < MAX_CRASHES_IN_A_ROW;
      this.diagnostics.record('engine-crashed', stopped, { reason: stopped.code, crashesInARow: this.crashesInARow });
      if (!restart) this.broken = `${stopped.message}, ${MAX_CRASHES_IN_A_ROW} times in a row; it was not restarted again`;
      thread.died = restart ? `${stopped.message}; it was restarted and the vault was locked` : this.broken!;
      this.tell('vault.locked', { reason: 'engine-crashed' });
      if (restart) this.thread = this.spawn(true);
    });
    return thread;
  }

  private tell(event: EventName, payload: unknown): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    if (this.stopping) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'the engine is stopping' } });
    if (this.broken) return Promise.resolve({ ok: false, error: { code: 'internal', message: this.broken } });
    const thread = this.thread;
    return thread.client.call('call', { method, input }).then(
      (value): Envelope<unknown> => {
        this.crashesInARow = 0;
        return { ok: true, value };
      },
      (err: CasebookError): Envelope<unknown> => {
        if (!(err instanceof WorkerStopped) || !thread.died) {
          this.crashesInARow = 0;
          return { ok: false, error: errorInfo(err) };
        }
        const file = method === 'import.start' && typeof input === 'object' && input !== null ? (input as { file?: unknown }).file : null;
        const message = typeof file === 'string' ? `${path.basename(file)}: the import was stopped because ${thread.died}; nothing was imported` : thread.died;
        return { ok: false, error: { code: err.code, message } };
      },
    );
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens another vault folder (a vault just restored from a backup): this
   * engine thread locks its vault and ends, and a fresh one starts on the
   * folder. Listeners hear vault.locked (the keys of the vault in use are gone).
   */
  async reopen(vaultDir: string, diagnosticLog?: string): Promise<void> {
    if (this.stopping) throw new CasebookError('internal', 'the engine is stopping');
    const old = this.thread;
    this.options = { ...this.options, vaultDir, ...(diagnosticLog ? { diagnosticLog } : {}) };
    this.thread = this.spawn(false);
    await this.endThread(old);
    this.tell('vault.locked', { reason: 'user' });
  }

  /** Locks the vault (wipes keys, releases case locks), then ends the worker. */
  stop(): Promise<void> {
    this.stopping ??= this.stopThread();
    return this.stopping;
  }

  private stopThread(): Promise<void> {
    return this.endThread(this.thread);
  }

  private async endThread({ client }: EngineThread): Promise<void> {
    // Nothing runs to be stopped: the last thread died, and its keys with it.
    if (!this.broken) {
      let timer: NodeJS.Timeout | undefined;
      // A stuck engine must not keep the app from quitting; its keys die with the thread.
      const stuck = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)));
      await Promise.race([client.call('stop', {}).catch(this.diagnostics.swallow('engine.stop-at-quit')), stuck]);
      clearTimeout(timer);
    }
    await client.close(new CasebookError('internal', 'the engine stopped'));
  }
}
