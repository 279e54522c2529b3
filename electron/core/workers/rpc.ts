import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { CasebookError, errorInfo, type Envelope } from '../../../shared/ipc/errors';
import { workerStopped, type WorkerStopped } from '../worker-limits';

/**
 * One typed request/response protocol for every worker thread of the engine
 * (the engine host's engine thread, the run worker, a parallel import's tail
 * thread). A protocol maps each method to its input, result and progress:
 *
 *   type RunProtocol = { collect: { input: string; result: Tallies; progress: never } };
 *
 * The worker side `serve()`s handlers; the parent side `connect()`s to the
 * worker (or `inThread()` runs the same handlers on its own thread, where no
 * compiled worker exists) and gets a client whose `call()` resolves with the
 * result, or rejects with a CasebookError: errors cross as the IPC's envelopes
 * (shared/ipc/errors.ts), code and message kept. A call can report progress,
 * and be cancelled through its AbortSignal (the handler sees its own signal
 * aborted and settles the call). A worker that dies rejects every pending
 * call with a WorkerStopped saying why (out of memory under its heap limit, a
 * crash, an exit).
 */
export interface Method<Input = unknown, Result = unknown, Progress = never> {
  input: Input;
  result: Result;
  progress: Progress;
}
export type Protocol = Record<string, Method<unknown, unknown, unknown>>;
/** Events a worker sends unasked (the engine's vault.locked, task.progress): name → payload. */
export type Events = Record<string, unknown>;

/** The messages on the wire; `kind` tells them apart. */
export type ToWorker = { kind: 'call'; id: number; method: string; input: unknown } | { kind: 'cancel'; id: number };
export type FromWorker =
  | { kind: 'result'; id: number; envelope: Envelope<unknown> }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'event'; event: string; payload: unknown };

/** What a handler gets beside its input. */
export interface CallContext<Progress> {
  /** Aborted when the caller cancels the call. */
  signal: AbortSignal;
  progress(progress: Progress): void;
  /** Buffers of the result to move to the caller rather than copy. */
  transfer(list: readonly Transferable[]): void;
}

export type Handlers<P extends Protocol> = {
  [M in keyof P]: (input: P[M]['input'], context: CallContext<P[M]['progress']>) => Promise<P[M]['result']> | P[M]['result'];
};

/** The port a worker serves on (worker_threads' parentPort). */
export interface ServerPort {
  postMessage(message: FromWorker, transfer?: readonly Transferable[]): void;
  on(event: 'message', listener: (message: ToWorker) => void): unknown;
}

export interface Server<E extends Events> {
  emit<K extends keyof E & string>(event: K, payload: E[K]): void;
}

/**
 * Answers calls on `port` with `handlers`. Calls wait in the port until `start`
 * resolves (the engine thread first frees a dead predecessor's case locks).
 */
export function serve<P extends Protocol, E extends Events = Record<string, never>>(
  port: ServerPort,
  handlers: Handlers<P>,
  start: Promise<unknown> = Promise.resolve(),
): Server<E> {
  const running = new Map<number, AbortController>();
  const receive = (message: ToWorker) => {
    if (message.kind === 'cancel') return running.get(message.id)?.abort();
    const { id, method, input } = message;
    const controller = new AbortController();
    running.set(id, controller);
    let transfer: readonly Transferable[] = [];
    const context: CallContext<unknown> = {
      signal: controller.signal,
      progress: (progress) => port.postMessage({ kind: 'progress', id, progress }),
      transfer: (list) => (transfer = list),
    };
    void settle(handlers, method, input, context).then((envelope) => {
      running.delete(id);
      port.postMessage({ kind: 'result', id, envelope }, envelope.ok ? transfer : []);
    });
  };
  void start.then(() => port.on('message', receive));
  return { emit: (event, payload) => port.postMessage({ kind: 'event', event, payload }) };
}

/** Runs a handler; whatever it throws (or a method it does not know) becomes an error envelope. */
async function settle<P extends Protocol>(handlers: Handlers<P>, method: string, input: unknown, context: CallContext<unknown>): Promise<Envelope<unknown>> {
  try {
    if (!Object.hasOwn(handlers, method)) throw new CasebookError('internal', `the worker has no method "${method}"`);
    return { ok: true, value: await handlers[method]!(input, context) };
  } catch (err) {
    return { ok: false, error: errorInfo(err) };
  }
}

export interface CallOptions<Progress> {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Buffers of the input to move to the worker rather than copy (they are unusable here after). */
  transfer?: readonly Transferable[];
}

export interface Client<P extends Protocol, E extends Events = Record<string, never>> {
  call<M extends keyof P & string>(method: M, input: P[M]['input'], options?: CallOptions<P[M]['progress']>): Promise<P[M]['result']>;
  onEvent(listener: <K extends keyof E & string>(event: K, payload: E[K]) => void): () => void;
  /** Called once if the worker dies (not after close()); pending calls are rejected with the same error. */
  onStopped(listener: (err: WorkerStopped) => void): void;
  /** Fails the pending calls with `reason` and ends the worker. */
  close(reason: CasebookError): Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (progress: unknown) => void;
}

export interface ConnectOptions {
  /** Names the worker in errors: "the run worker ran out of memory…". */
  name: string;
  /** The heap limits it was started with, quoted when it runs out of memory. */
  resourceLimits?: ResourceLimits;
  /** An idle worker must not keep the process (the CLI) from exiting. */
  unrefWhenIdle?: boolean;
}

/** The parent's side of a worker that serve()s protocol P. */
export function connect<P extends Protocol, E extends Events = Record<string, never>>(worker: Worker, options: ConnectOptions): Client<P, E> {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const stoppedListeners: ((err: WorkerStopped) => void)[] = [];
  let nextId = 1;
  let stopped: Error | null = null;
  const idle = () => options.unrefWhenIdle && pending.size === 0 && worker.unref();
  idle();

  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'event') {
      for (const listener of eventListeners) listener(message.event, message.payload);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    if (message.kind === 'progress') return waiter.onProgress?.(message.progress);
    pending.delete(message.id);
    idle();
    const { envelope } = message;
    if (envelope.ok) waiter.resolve(envelope.value);
    else waiter.reject(new CasebookError(envelope.error.code, envelope.error.message));
  });
  const failAll = (err: Error) => {
    stopped = err;
    for (const waiter of pending.values()) waiter.reject(err);
    pending.clear();
  };
  // 'error' (with the cause: out of memory, an uncaught exception) comes before 'exit'.
  let cause: Error | null = null;
  worker.on('error', (err) => (cause ??= err));
  worker.on('exit', (code) => {
    if (stopped) return;
    const err = workerStopped(options.name, cause ?? code, options.resourceLimits);
    failAll(err);
    for (const listener of stoppedListeners) listener(err);
  });

  return {
    call(method, input, callOptions = {}) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress: callOptions.onProgress as ((p: unknown) => void) | undefined });
        if (options.unrefWhenIdle) worker.ref();
        worker.postMessage({ kind: 'call', id, method, input } satisfies ToWorker, callOptions.transfer);
        callOptions.signal?.addEventListener('abort', () => pending.has(id) && worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
      });
    },
    onEvent(listener) {
      const untyped = listener as (event: string, payload: unknown) => void;
      eventListeners.add(untyped);
      return () => eventListeners.delete(untyped);
    },
    onStopped(listener) {
      stoppedListeners.push(listener);
    },
    async close(reason) {
      if (!stopped) failAll(reason);
      await worker.terminate();
    },
  };
}

/**
 * The same handlers on the calling thread, behind the same client: where the
 * engine runs from TypeScript sources (unit tests) and no compiled worker
 * exists, or where the calling thread is itself the extra thread. Results and
 * errors go through envelopes as they would over the wire, so both ways behave
 * alike. A handler starts within call(), so calls start in the order made.
 */
export function inThread<P extends Protocol>(handlers: Handlers<P>): Client<P> {
  let closed: Error | null = null;
  const running = new Set<AbortController>();
  return {
    async call(method, input, callOptions = {}) {
      if (closed) throw closed;
      const controller = new AbortController();
      running.add(controller);
      callOptions.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const context: CallContext<unknown> = {
        signal: controller.signal,
        progress: (p) => callOptions.onProgress?.(p as P[typeof method]['progress']),
        transfer: () => undefined,
      };
      const envelope = await settle(handlers, method, input, context);
      running.delete(controller);
      if (closed) throw closed;
      if (!envelope.ok) throw new CasebookError(envelope.error.code, envelope.error.message);
      return envelope.value as P[typeof method]['result'];
    },
    onEvent: () => () => undefined,
    onStopped: () => undefined,
    async close(reason) {
      closed = reason;
      for (const controller of running) controller.abort();
    },
  };
}
