import { createHash } from 'node:crypto';
import type { PackageManifest } from '../../../shared/domain/packages';
import { parseJournalRecord, type JournalRecord } from '../cases/records/journal-record';
import { EventLineReader } from './event-line-reader';
import { entityColumns } from './entity-lines';
import type { EntryHeader, EntryVisitor } from './package-reader';
import { hashEntry } from './evidence-check';
import { isEvidenceFileName } from './evidence-names';
import { chainNext, CHAIN_START, ENTITIES_DIR, EVENTS_DIR, JOURNAL_FILE, MANIFEST_FILE, parseManifest, SIGNATURE_FILE, SUMS_FILE } from './package-format';

/** The largest file a package may hold: a timeline run's events are far less; a bigger one is hostile. */
export const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;

export interface FileSeen {
  bytes: number;
  sha256: string;
}

export interface JournalCheck {
  records: JournalRecord[];
  head: string | null;
  /** The first line that is not a well-formed, correctly chained record. */
  problem: string | null;
}

/**
 * What one reading of a package found: every file's size and hash, the small
 * files themselves, the journal checked line by line against its chain and
 * the record schemas, and each events file's lines read as events.
 */
export class PackageContents {
  readonly files = new Map<string, FileSeen>();
  /** In the order they came. */
  readonly order: string[] = [];
  manifestBytes: Buffer | null = null;
  manifest: PackageManifest | null = null;
  manifestProblem: string | null = null;
  sums: string | null = null;
  signature: Buffer | null = null;
  journal: JournalCheck | null = null;
  readonly events = new Map<string, { count: number; problem: string | null }>();
  readonly entities = new Map<string, { count: number; problem: string | null }>();

  /** Reads each file whole (each is at most one run's events), hashing it and keeping what later checks need. */
  readonly visit: EntryVisitor = async (entry, body) => {
    // Evidence files may be of any size: hashed as they stream past, never held.
    if (isEvidenceFileName(entry.name)) {
      this.files.set(entry.name, await hashEntry(entry, body));
      this.order.push(entry.name);
      return;
    }
    const bytes = await readAll(entry, body);
    this.files.set(entry.name, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    this.order.push(entry.name);
    if (entry.name === MANIFEST_FILE) this.readManifest(bytes);
    else if (entry.name === SUMS_FILE) this.sums = bytes.toString('utf8');
    else if (entry.name === SIGNATURE_FILE) this.signature = bytes;
    else if (entry.name === JOURNAL_FILE) this.journal = checkJournal(bytes);
    else if (entry.name.startsWith(`${EVENTS_DIR}/`)) this.events.set(entry.name, countEvents(bytes, entry.name));
    else if (entry.name.startsWith(`${ENTITIES_DIR}/`)) this.entities.set(entry.name, countEntities(bytes, entry.name));
  };

  private readManifest(bytes: Buffer): void {
    this.manifestBytes = bytes;
    try {
      this.manifest = parseManifest(bytes);
    } catch (err) {
      this.manifestProblem = (err as Error).message;
    }
  }
}

export async function readAll(entry: EntryHeader, body: AsyncIterable<Buffer>): Promise<Buffer> {
  if (entry.size > MAX_ENTRY_BYTES) throw new Error(`"${entry.name}" is ${entry.size} bytes, over the limit of ${MAX_ENTRY_BYTES}`);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Splits a JSON-lines file, calling fn with each non-empty line and its number; stops at the first problem fn returns. */
function eachLine(bytes: Buffer, fn: (line: string, n: number) => string | null): string | null {
  let start = 0;
  let n = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    n++;
    const problem = fn(bytes.toString('utf8', start, end), n);
    if (problem) return problem;
    start = end + 1;
  }
  return null;
}

export function checkJournal(bytes: Buffer): JournalCheck {
  const records: JournalRecord[] = [];
  let chain = CHAIN_START;
  const problem = eachLine(bytes, (text, n) => {
    const where = `${JOURNAL_FILE} line ${n}`;
    let line: { seq?: unknown; record?: unknown; chain?: unknown };
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      return `${where}: not JSON`;
    }
    if (line === null || typeof line !== 'object' || line.record === null || typeof line.record !== 'object')
      return `${where}: not a journal line ({"seq","record","chain"})`;
    const next = chainNext(chain, JSON.stringify(line.record));
    if (line.chain !== next) return `${where}: its chain value does not follow from the lines before (a line was changed, dropped or moved)`;
    const parsed = parseJournalRecord(line.record);
    if ('problem' in parsed) return `${where}: ${parsed.problem}`;
    if (line.seq !== parsed.record.seq) return `${where}: "seq" differs from the record's own`;
    records.push(parsed.record);
    chain = next;
    return null;
  });
  return { records, head: records.length ? chain : null, problem };
}

function countEvents(bytes: Buffer, name: string): { count: number; problem: string | null } {
  const reader = new EventLineReader(bytes, name);
  try {
    while (reader.check());
  } catch (err) {
    return { count: reader.count - 1, problem: (err as Error).message };
  }
  return { count: reader.count, problem: null };
}

function countEntities(bytes: Buffer, name: string): { count: number; problem: string | null } {
  const lines = splitLines(bytes);
  try {
    entityColumns(lines, name);
  } catch (err) {
    return { count: 0, problem: (err as Error).message };
  }
  return { count: lines.length, problem: null };
}

/** The non-empty lines of a JSON-lines file. */
export function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  eachLine(bytes, (line) => {
    lines.push(line);
    return null;
  });
  return lines;
}
