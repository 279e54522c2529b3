import { parentPort, workerData } from 'node:worker_threads';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import { Engine } from '../engine';
import { serve, type Server } from '../workers/rpc';
import type { EngineEvents, EngineProtocol, EngineWorkerData } from './messages';
import { releaseDeadEngineLocks } from './dead-engine-locks';
import { diagnosticsFromOptions } from '../diagnostics/diagnostic-log';

/**
 * The engine's thread. Keys, journals and parsing live here, so the Electron
 * main thread only routes messages and never blocks on crypto or disk.
 */
if (!parentPort) throw new Error('engine-worker must run in a worker thread');

const { options, afterCrash } = workerData as EngineWorkerData;
let server: Server<EngineEvents> | null = null;
const diagnostics = diagnosticsFromOptions(options);
const engine = new Engine(options, (event, payload) => server?.emit(event, payload), diagnostics);

// Calls wait in the port until the server starts: none may open a case the dead thread still holds locked.
const ready = afterCrash
  ? releaseDeadEngineLocks(options.vaultDir, diagnostics).catch(diagnostics.swallow('engine.release-dead-locks', {}, { fallback: [] }))
  : Promise.resolve([]);
server = serve<EngineProtocol, EngineEvents>(
  parentPort,
  {
    // dispatch validates again: the worker does not trust its caller more than the shell does.
    call: async ({ method, input }) => unwrap(await dispatch(engine.handlers, method, input)),
    stop: () => engine.dispose(),
  },
  ready,
);
