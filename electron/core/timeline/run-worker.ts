import { parentPort } from 'node:worker_threads';
import { TallyBook, noTallies } from '../import/run-entities';
import { processRunJob, type RunJob } from './run-job';
import { sha256OfFile } from '../fs/file-hash';

/**
 * The run worker: sorts, seals and writes full runs and tallies their entities
 * while the import thread parses the next ones (two cores, two threads), and
 * hashes the imported file beside them. Its copy of the case key is wiped
 * after each job.
 */
if (!parentPort) throw new Error('run-worker must run in a worker thread');
const port = parentPort;
const books = new Map<string, TallyBook>();

type Message = { id: number; job: RunJob } | { id: number; collect: string } | { id: number; hash: string } | { id: number; stopHash: true };

const hashing = new Map<number, AbortController>();

port.on('message', (message: Message) => {
  if ('hash' in message) {
    const controller = new AbortController();
    hashing.set(message.id, controller);
    sha256OfFile(message.hash, controller.signal).then(
      (digest) => port.postMessage({ id: message.id, digest }),
      (err: Error) => port.postMessage({ id: message.id, error: err.message }),
    ).finally(() => hashing.delete(message.id));
    return;
  }
  if ('stopHash' in message) {
    hashing.get(message.id)?.abort();
    return;
  }
  if ('collect' in message) {
    const book = books.get(message.collect);
    books.delete(message.collect);
    const entities = book?.columns() ?? noTallies();
    port.postMessage({ id: message.id, tallies: { entities } }, [entities.ends.buffer as ArrayBuffer, entities.numbers.buffer as ArrayBuffer]);
    return;
  }
  const { id, job } = message;
  let book = books.get(job.tallyKey);
  if (!book) books.set(job.tallyKey, (book = new TallyBook()));
  processRunJob(job, book).then(
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
