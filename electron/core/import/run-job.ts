import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scanRunEntities, type TallyBook } from './run-entities';
import { buildRun } from '../timeline/raw-run';
import type { RawRun } from '../timeline/raw-run';
import { encodeColumns, encodeText } from '../timeline/run-format';

/** One full run to sort, seal, write and scan for entities. */
export interface RunJob {
  raw: RawRun;
  /** The folder the run files go in (the case's timeline/, possibly in a staged case). */
  dir: string;
  caseId: string;
  key: Uint8Array;
  name: string;
  /** Which import's tally book the run's entities go into. */
  tallyKey: string;
}

export interface RunDone {
  count: number;
  minTime: number;
  maxTime: number;
  colsTag: string;
  textTag: string;
}

/**
 * Writes a run file and waits until it is on disk. This runs in the run worker,
 * beside the parsing of the next runs, so the disk writes as the import goes
 * rather than all at once before the commit.
 */
async function writeFile(file: string, parts: Buffer[]): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    // writev may write less than asked; continue from where it stopped.
    let pending = parts;
    while (pending.length) {
      const { bytesWritten } = await handle.writev(pending);
      pending = skipBytes(pending, bytesWritten);
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function skipBytes(parts: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < parts.length && n >= parts[i]!.length) n -= parts[i++]!.length;
  if (i === parts.length) return [];
  return [parts[i]!.subarray(n), ...parts.slice(i + 1)];
}

/** Does a run's whole job (its entities go into `book`); the run worker calls it, and so does the engine itself where no worker runs. */
export async function processRunJob(job: RunJob, book: TallyBook): Promise<RunDone> {
  const key = Buffer.from(job.key.buffer, job.key.byteOffset, job.key.byteLength);
  // Before the first await: TimelineWriter.flush() collects an import's tallies as soon as its last job is handed over.
  scanRunEntities(job.raw, book);
  const { columns, text } = buildRun(job.raw);
  await fs.mkdir(job.dir, { recursive: true, mode: 0o700 });
  const cols = encodeColumns(key, job.caseId, `${job.name}.cols`, columns);
  const txt = encodeText(key, job.caseId, `${job.name}.text`, text);
  await Promise.all([writeFile(path.join(job.dir, `${job.name}.cols`), cols), writeFile(path.join(job.dir, `${job.name}.text`), txt)]);
  return {
    count: columns.header.count,
    minTime: columns.header.minTime,
    maxTime: columns.header.maxTime,
    colsTag: cols.at(-1)!.toString('hex'),
    textTag: txt.at(-1)!.toString('hex'),
  };
}
