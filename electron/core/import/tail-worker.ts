import { parentPort } from 'node:worker_threads';
import { serve } from '../workers/rpc';
import { tailHandlers, type TailProtocol } from './tail-import';

/**
 * The thread that reads the tail of a large import (tail-import.ts). Its runs
 * are sorted, sealed and written here rather than handed to the run worker,
 * which the import thread's own runs keep busy. Cancelled by its call's
 * signal, or terminated.
 */
if (!parentPort) throw new Error('tail-worker must run in a worker thread');
serve<TailProtocol>(parentPort, tailHandlers);
