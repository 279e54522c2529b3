import { parentPort } from 'node:worker_threads';
import { processRunJob, type RunJob } from './run-job';

/**
 * The run worker: sorts, seals and writes full runs and scans them for
 * entities while the import thread parses the next ones (two cores, two
 * threads). Its copy of the case key is wiped after each job.
 */
if (!parentPort) throw new Error('run-worker must run in a worker thread');
const port = parentPort;

port.on('message', (message: { id: number; job: RunJob }) => {
  const { id, job } = message;
  processRunJob(job).then(
    (done) => {
      job.key.fill(0);
      port.postMessage({ id, done });
    },
    (err: Error) => {
      job.key.fill(0);
      port.postMessage({ id, error: err.message });
    },
  );
});
