import { parentPort } from 'node:worker_threads';
import { serve } from '../workers/rpc';
import { runHandlers, type RunProtocol } from './run-protocol';

/**
 * The run worker: sorts, seals and writes full runs and tallies their entities
 * while the import thread parses the next ones (two cores, two threads), and
 * hashes the imported file beside them (run-protocol.ts). Its copy of the case
 * key is wiped after each job.
 */
if (!parentPort) throw new Error('run-worker must run in a worker thread');
serve<RunProtocol>(parentPort, runHandlers());
