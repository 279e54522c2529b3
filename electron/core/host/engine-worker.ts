import { parentPort, workerData } from 'node:worker_threads';
import { dispatch } from '../../../shared/ipc/dispatch';
import { Engine, type EngineOptions } from '../engine';
import type { FromWorker, ToWorker } from './messages';

/**
 * The engine's thread. Keys, journals and parsing live here, so the Electron
 * main thread only routes messages and never blocks on crypto or disk.
 */
if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

const engine = new Engine(workerData as EngineOptions, (event, payload) => post({ kind: 'event', event, payload }));

port.on('message', (message: ToWorker) => {
  if (message.kind === 'call') {
    // dispatch validates again: the worker does not trust its caller more than the shell does.
    void dispatch(engine.handlers, message.method, message.input).then((envelope) =>
      post({ kind: 'result', id: message.id, envelope }),
    );
  } else if (message.kind === 'stop') {
    void engine.dispose().finally(() => post({ kind: 'stopped' }));
  }
});
