import { parentPort, workerData } from 'node:worker_threads';
import { runTail, type TailInput } from './tail-import';

/**
 * The thread that reads the tail of a large import (tail-import.ts). Its runs
 * are sorted, sealed and written here rather than handed to the run worker,
 * which the import thread's own runs keep busy. Stopped by a message, or
 * terminated.
 */
if (!parentPort) throw new Error('tail-worker must run in a worker thread');
const port = parentPort;
const controller = new AbortController();
port.on('message', (message: { stop?: true }) => {
  if (message.stop) controller.abort();
});
void runTail(workerData as TailInput, (message) => port.postMessage(message), controller.signal).finally(() => port.close());
