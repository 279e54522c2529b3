import { promises as fs } from 'node:fs';
import path from 'node:path';
import { open as openSealed, seal } from './aead';
import { writeFileAtomic } from '../fs/atomic-write';

/**
 * The journal's head, kept beside it (`journal.head`, sealed with the case key).
 *
 * The chain of records catches any record edited, reordered, spliced or
 * removed from the middle, but not records cut off the end at a record
 * boundary: what is left is a valid, shorter chain. The head records how
 * long the journal was: when a writer opens the case (state 'open', the count
 * then) and when it closes it ('closed', the final count and the last tag). So:
 * - after a clean close, any record cut off, and a journal replaced by an
 *   older copy, are found;
 * - while a writer has the case open (or after it crashed), records from
 *   before it opened the case are protected; those it appended since are the
 *   crash's to lose (only the last, unacknowledged one can be).
 * A journal without a head (a case from before heads, or one whose head was
 * deleted) is checked by its chain alone.
 */
export const HEAD_FILE = 'journal.head';

export interface JournalHead {
  state: 'open' | 'closed';
  /** Records in the journal at that moment. */
  seq: number;
  /** Hex tag of record `seq`. */
  tag: string;
  at: string;
}

const aad = (caseId: string) => Buffer.from(`casebook/journal-head/v1\0${caseId}`, 'utf8');

export async function writeHead(dir: string, caseId: string, key: Buffer, head: JournalHead): Promise<void> {
  await writeFileAtomic(path.join(dir, HEAD_FILE), seal(key, Buffer.from(JSON.stringify(head), 'utf8'), aad(caseId)));
}

/** The head, null when there is none, 'damaged' when it fails authentication. */
export async function readHead(dir: string, caseId: string, key: Buffer): Promise<JournalHead | null | 'damaged'> {
  let sealed: Buffer;
  try {
    sealed = await fs.readFile(path.join(dir, HEAD_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const plain = openSealed(key, sealed, aad(caseId));
  if (!plain) return 'damaged';
  try {
    const head = JSON.parse(plain.toString('utf8')) as JournalHead;
    return (head.state === 'open' || head.state === 'closed') && Number.isInteger(head.seq) && typeof head.tag === 'string' ? head : 'damaged';
  } catch {
    return 'damaged';
  }
}

/** What is wrong with a journal of these records (their tags, in order) given its head; null when nothing. */
export function headProblem(head: JournalHead | null | 'damaged', tags: readonly Buffer[]): string | null {
  if (head === null) return null;
  if (head === 'damaged') return `${HEAD_FILE} failed authentication (damaged, replaced, or from another case)`;
  const records = tags.length;
  if (head.state === 'closed' && records !== head.seq) {
    return records < head.seq
      ? `the journal was closed with ${head.seq} records (${head.at}) but holds ${records}: records were cut off its end, or it was replaced by an older copy`
      : `the journal was closed with ${head.seq} records (${head.at}) but holds ${records}: records were added without its writer`;
  }
  if (records < head.seq) {
    return `the journal held ${head.seq} records when its writer opened it (${head.at}) but holds ${records}: records were cut off its end, or it was replaced by an older copy`;
  }
  if (head.seq > 0 && tags[head.seq - 1]!.toString('hex') !== head.tag) {
    return `record ${head.seq} is not the one the journal's head names: the journal was replaced or rewritten`;
  }
  return null;
}
