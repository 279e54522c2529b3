import { parentPort, workerData } from 'node:worker_threads';
import { dispatch } from '../../../shared/ipc/dispatch';
import { Engine } from '../engine';
import type { EngineWorkerData, FromWorker, ToWorker } from './messages';
import { releaseDeadEngineLocks } from './dead-engine-locks';
import { diagnosticsFromOptions } from '../diagnostics/diagnostic-log';

/**
 * The engine's thread. Keys, journals and parsing live here, so the Electron
 * main thread only routes messages and never blocks on crypto or disk.
 */
if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

const { options, afterCrash } = workerData as EngineWorkerData;
const diagnostics = diagnosticsFromOptions(options);
const engine = new Engine(options, (event, payload) => post({ kind: 'event', event, payload }), diagnostics);

function handle(message: ToWorker): void {
  if (message.kind === 'call') {
    // dispatch validates again: the worker does not trust its caller more than the shell does.
    void dispatch(engine.handlers, message.method, message.input).then((envelope) =>
      post({ kind: 'result', id: message.id, envelope }),
    );
  } else if (message.kind === 'stop') {
    void engine.dispose().finally(() => post({ kind: 'stopped' }));
  }
}

// Calls wait in the port until the listener is attached: none may open a case the dead thread still holds locked.
const ready = afterCrash ? releaseDeadEngineLocks(options.vaultDir, diagnostics).catch(diagnostics.swallow('engine.release-dead-locks', {}, { fallback: [] })) : Promise.resolve([]);
void ready.then(() => port.on('message', handle));
