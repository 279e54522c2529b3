import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import { WorkerStopped } from '../../electron/core/worker-limits';
import { connect, inThread, type Handlers, type Method } from '../../electron/core/workers/rpc';
import { built } from './support/built';

/**
 * The one worker RPC (electron/core/workers/rpc.ts) between the engine and its
 * threads: typed calls with progress and cancellation, errors as the IPC's
 * envelopes, and a worker that dies failing every call it had, saying why.
 */
type TestProtocol = {
  echo: Method<{ text: string; at: number[] }, { text: string; at: number[] }>;
  count: Method<number, number, number>;
  wait: Method<string, never>;
  refuse: Method<string, never>;
  stumble: Method<null, never>;
  announce: Method<string, boolean>;
  buffer: Method<number, Uint8Array>;
  exit: Method<number, never>;
  allocate: Method<null, never>;
};
type TestEvents = { said: { text: string } };

const WORKER = path.join(__dirname, 'support', 'rpc-test-worker.cjs');

function start(maxOldGenerationSizeMb?: number) {
  built('electron/core/workers/rpc.js');
  const resourceLimits = maxOldGenerationSizeMb ? { maxOldGenerationSizeMb } : undefined;
  const worker = new Worker(WORKER, { resourceLimits });
  const client = connect<TestProtocol, TestEvents>(worker, { name: 'the test worker', resourceLimits });
  return { worker, client, close: () => client.close(new CasebookError('internal', 'the test is over')) };
}

describe('worker RPC', () => {
  it('answers typed calls with their results, and moves transferred buffers rather than copying them', async () => {
    const { client, close } = start();
    try {
      expect(await client.call('echo', { text: 'hello', at: [1, 2] })).toEqual({ text: 'hello', at: [1, 2] });
      const bytes = await client.call('buffer', 1024);
      expect(bytes.length).toBe(1024);
      expect(bytes[1023]).toBe(7);
      const sent = new Uint8Array(16);
      await client.call('echo', { text: 'moved', at: [] }, { transfer: [sent.buffer] });
      expect(sent.byteLength).toBe(0);
    } finally {
      await close();
    }
  });

  it('reports progress to the caller before the result', async () => {
    const { client, close } = start();
    const seen: number[] = [];
    try {
      expect(await client.call('count', 5, { onProgress: (n) => seen.push(n) })).toBe(5);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await close();
    }
  });

  it('cancels a call by its signal: the handler sees its own signal aborted and settles the call', async () => {
    const { client, close } = start();
    try {
      const stop = new AbortController();
      const waiting = client.call('wait', 'the long wait', { signal: stop.signal });
      const other = client.call('count', 3);
      stop.abort();
      await expect(waiting).rejects.toEqual(new CasebookError('cancelled', 'the long wait was cancelled'));
      // Only that call: the others carry on.
      expect(await other).toBe(3);
    } finally {
      await close();
    }
  });

  it('turns errors into the IPC envelope: a CasebookError keeps its code, any other error becomes internal with its message', async () => {
    const { client, close } = start();
    try {
      const refused = await client.call('refuse', 'c1').catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(CasebookError);
      expect(refused).toMatchObject({ code: 'case-locked', message: 'case c1 is open in another window' });
      await expect(client.call('stumble', null)).rejects.toMatchObject({ code: 'internal', message: 'reading "x" of undefined' });
      await expect(client.call('nothing' as 'echo', { text: '', at: [] })).rejects.toMatchObject({
        code: 'internal',
        message: 'the worker has no method "nothing"',
      });
    } finally {
      await close();
    }
  });

  it('hands events the worker sends unasked to its listeners', async () => {
    const { client, close } = start();
    const heard: unknown[] = [];
    client.onEvent((event, payload) => heard.push([event, payload]));
    try {
      expect(await client.call('announce', 'the vault was locked')).toBe(true);
      expect(heard).toEqual([['said', { text: 'the vault was locked' }]]);
    } finally {
      await close();
    }
  });

  it('fails every pending call when the worker exits, saying so, and refuses later calls the same way', async () => {
    const { client } = start();
    const stopped: WorkerStopped[] = [];
    client.onStopped((err) => stopped.push(err));
    const waiting = client.call('wait', 'a wait');
    const exiting = client.call('exit', 3);
    const expected = new WorkerStopped('the test worker stopped unexpectedly (exit code 3)', false);
    await expect(waiting).rejects.toEqual(expected);
    await expect(exiting).rejects.toBeInstanceOf(WorkerStopped);
    expect(stopped).toEqual([expected]);
    await expect(client.call('echo', { text: 'late', at: [] })).rejects.toEqual(expected);
  });

  it('says a worker ran out of memory under its heap limit, as an input problem (the input made it allocate)', async () => {
    const { client } = start(16);
    const waiting = client.call('wait', 'a wait');
    const allocating = client.call('allocate', null);
    const message = 'the test worker ran out of memory (its limit is 16 MiB of JavaScript heap)';
    await expect(allocating).rejects.toMatchObject({ code: 'invalid-input', message, outOfMemory: true });
    await expect(waiting).rejects.toMatchObject({ code: 'invalid-input', message });
  }, 30_000);

  it('close() fails the pending calls with the reason given, without calling it a crash', async () => {
    const { client } = start();
    const stopped: WorkerStopped[] = [];
    client.onStopped((err) => stopped.push(err));
    const waiting = expect(client.call('wait', 'a wait')).rejects.toEqual(new CasebookError('internal', 'the engine stopped'));
    await client.close(new CasebookError('internal', 'the engine stopped'));
    await waiting;
    expect(stopped).toEqual([]);
  });

  it('runs the same handlers on the calling thread behind the same client, with the same envelopes', async () => {
    const handlers: Handlers<Pick<TestProtocol, 'count' | 'wait' | 'stumble'>> = {
      count: (n, { progress }) => {
        for (let i = 1; i <= n; i++) progress(i);
        return n;
      },
      wait: (label, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new CasebookError('cancelled', `${label} was cancelled`)))),
      stumble: () => {
        throw new TypeError('reading "x" of undefined');
      },
    };
    const client = inThread(handlers);
    const seen: number[] = [];
    expect(await client.call('count', 2, { onProgress: (n) => seen.push(n) })).toBe(2);
    expect(seen).toEqual([1, 2]);
    const stop = new AbortController();
    const waiting = client.call('wait', 'the wait', { signal: stop.signal });
    stop.abort();
    await expect(waiting).rejects.toEqual(new CasebookError('cancelled', 'the wait was cancelled'));
    const stumbled = await client.call('stumble', null).catch((err: unknown) => err);
    expect(stumbled).toBeInstanceOf(CasebookError);
    expect(stumbled).toMatchObject({ code: 'internal', message: 'reading "x" of undefined' });
  });
});
