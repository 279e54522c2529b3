import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import type { ChainVerification } from '../../../shared/domain/audit';
import { CaseLock } from './case-lock';
import { encodeRecord, recordPlaintext, scanJournal, sealRecord, tagOf, MAGIC, HEADER_BYTES, type JournalRecord, type ScanResult } from './journal-format';
import { newRecord, type JournalEntry } from '../cases/records/journal-record';
import { fsyncDir } from '../fs/atomic-write';
import { headProblem, readHead, writeHead } from './journal-head';
import { NO_DIAGNOSTICS, type Diagnostics, settledElsewhere } from '../diagnostics/diagnostics';

export const JOURNAL_FILE = 'journal.cbj';
export const LOCK_FILE = 'writer.lock';

export interface AppendedRecord {
  record: JournalRecord;
  tag: Buffer;
}

export type JournalMode = 'read' | 'write';

/** A scan with what the journal's head says of it: a journal whose chain is whole but shorter than its head is damaged too. */
export function withHead(scan: ScanResult, head: Awaited<ReturnType<typeof readHead>>): ScanResult {
  if (scan.corruption) return scan;
  const reason = headProblem(
    head,
    scan.records.map((r) => r.tag),
  );
  return reason ? { ...scan, corruption: { offset: scan.goodLength, seq: scan.records.length + 1, reason } } : scan;
}

/** A scan with a further check of its tags (see CaseJournal.open's guard). */
export async function withGuard(scan: ScanResult, guard?: (tags: readonly Buffer[]) => Promise<string | null>): Promise<ScanResult> {
  if (scan.corruption || !guard) return scan;
  const reason = await guard(scan.records.map((r) => r.tag));
  return reason ? { ...scan, corruption: { offset: scan.goodLength, seq: scan.records.length + 1, reason, refused: true } } : scan;
}

/** What opening a journal found, in the shape the audit view shows. */
export function verificationOf(caseId: string, scan: ScanResult): ChainVerification {
  const last = scan.records.at(-1);
  return {
    caseId,
    ok: scan.corruption === null,
    records: scan.records.length,
    head: last ? last.tag.toString('hex') : null,
    tornTail: scan.tornTail,
    problems: scan.corruption ? [{ offset: scan.corruption.offset, seq: scan.corruption.seq, reason: scan.corruption.reason }] : [],
    checkedAt: new Date().toISOString(),
  };
}

/** Why a journal is not opened: damage (or tampering) at a byte, or an authenticated record this code cannot read. */
function openRefusal(caseId: string, file: string, before: number, corruption: NonNullable<ScanResult['corruption']>): CasebookError {
  const { offset, seq, reason, invalid, refused } = corruption;
  if (refused)
    return new CasebookError(
      'corrupt',
      `case ${caseId}: ${reason}. Its ${before} record(s) verify as a chain; the case was not opened and nothing was changed.`,
    );
  const rest = `${before} record(s) before it verify; the case was not opened and nothing was changed.`;
  if (invalid) {
    return new CasebookError(
      'corrupt',
      `case ${caseId}: journal record ${seq} cannot be read: ${reason} (at byte ${offset} of ${file}). ` +
        `It authenticates, so it was written with the case's key, by another version of Casebook or a faulty writer. ${rest}`,
    );
  }
  return new CasebookError('corrupt', `case ${caseId}: journal ${file} is damaged at byte ${offset} (record ${seq}): ${reason}. ${rest}`);
}

/**
 * One case's journal, decrypted in memory. In 'write' mode it holds the case's
 * writer lock, drops a torn tail left by a crash, and appends records that are
 * on disk (fdatasync) before append() resolves. In 'read' mode it changes
 * nothing on disk and ignores a torn tail (a writer may be mid-append).
 */
export class CaseJournal {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly caseId: string,
    readonly file: string,
    readonly mode: JournalMode,
    private readonly key: Buffer,
    private readonly lock: CaseLock | null,
    private handle: fs.FileHandle | null,
    private size: number,
    readonly records: JournalRecord[],
    private tags: Buffer[],
    /** What the open found: chain result, and a torn tail if one was dropped. */
    readonly opened: ChainVerification,
    private readonly diagnostics: Diagnostics,
  ) {}

  /**
   * Creates the journal file of a new case (in a folder not yet visible to others)
   * holding its first record, so that no case is ever visible without one.
   */
  static async create(dir: string, caseId: string, key: Buffer, first: JournalEntry): Promise<void> {
    // Encoded first: a record too large to be read back is refused before the file exists.
    const record = encodeRecord(key, caseId, newRecord(1, first), null);
    const handle = await fs.open(path.join(dir, JOURNAL_FILE), 'wx', 0o600);
    try {
      await handle.writeFile(Buffer.concat([MAGIC, record]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await writeHead(dir, caseId, key, { state: 'closed', seq: 1, tag: tagOf(record.subarray(HEADER_BYTES)).toString('hex'), at: new Date().toISOString() });
  }

  /**
   * `heldLock`: a writer lock the caller already took on this folder (a staged case locks first).
   * `guard`: a further check of the verified records' tags (the vault manifest's), run holding the
   * lock and before anything is written; a reason it returns refuses the open like damage does.
   */
  static async open(
    dir: string,
    caseId: string,
    key: Buffer,
    mode: JournalMode,
    heldLock?: CaseLock,
    guard?: (tags: readonly Buffer[]) => Promise<string | null>,
    diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ): Promise<CaseJournal> {
    const file = path.join(dir, JOURNAL_FILE);
    const lock = mode === 'write' ? (heldLock ?? (await CaseLock.acquire(path.join(dir, LOCK_FILE), caseId, diagnostics))) : null;
    try {
      const bytes = await fs.readFile(file);
      const scan = await withGuard(withHead(scanJournal(key, caseId, bytes), await readHead(dir, caseId, key)), guard);
      if (scan.corruption) throw openRefusal(caseId, file, scan.records.length, scan.corruption);
      let size = bytes.length;
      let handle: fs.FileHandle | null = null;
      if (mode === 'write') {
        handle = await fs.open(file, 'r+');
        if (scan.tornTail || scan.goodLength < MAGIC.length) {
          // A crash cut the last write short: it was never acknowledged, so drop it.
          const keep = Math.max(scan.goodLength, 0);
          await handle.truncate(keep);
          if (keep < MAGIC.length) await handle.write(MAGIC, 0, MAGIC.length, 0);
          await handle.sync();
          size = Math.max(keep, MAGIC.length);
        }
        // From now on the records there are protected; those appended until close() are this writer's.
        const last = scan.records.at(-1);
        await writeHead(dir, caseId, key, { state: 'open', seq: scan.records.length, tag: last ? last.tag.toString('hex') : '', at: new Date().toISOString() });
      }
      return new CaseJournal(
        caseId,
        file,
        mode,
        key,
        lock,
        handle,
        size,
        scan.records.map((r) => r.record),
        scan.records.map((r) => r.tag),
        verificationOf(caseId, scan),
        diagnostics,
      );
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  /** The case's data key, for the files that belong to the case besides its journal (timeline runs). */
  get dataKey(): Buffer {
    return this.key;
  }

  get dir(): string {
    return path.dirname(this.file);
  }

  get lastSeq(): number {
    return this.records.length;
  }

  get headTag(): Buffer | null {
    return this.tags.at(-1) ?? null;
  }

  tagAt(seq: number): Buffer {
    const tag = this.tags[seq - 1];
    if (!tag) throw new Error(`no record ${seq}`);
    return tag;
  }

  /**
   * Appends one record. Resolves only after the bytes are on disk. Appends are
   * serialized; a failed write is rolled back so the file never keeps half a record.
   */
  append(entry: JournalEntry): Promise<AppendedRecord> {
    const run = async (): Promise<AppendedRecord> => {
      if (this.closed || !this.handle) throw new CasebookError('internal', `case ${this.caseId} is not open for writing`);
      const record = newRecord(this.lastSeq + 1, entry);
      const bytes = encodeRecord(this.key, this.caseId, record, this.headTag);
      const before = this.size;
      try {
        await this.handle.write(bytes, 0, bytes.length, before);
        await this.handle.datasync();
      } catch (err) {
        // If the cut fails too, the next open finds a torn tail and drops it: recorded, as that is how it got there.
        await this.handle.truncate(before).catch(this.diagnostics.swallow('journal.truncate-after-failed-append', { caseId: this.caseId }));
        throw new CasebookError('internal', `case ${this.caseId}: could not write the journal ${this.file}: ${(err as Error).message}`);
      }
      this.size = before + bytes.length;
      const tag = tagOf(bytes.subarray(HEADER_BYTES));
      this.records.push(record);
      this.tags.push(tag);
      return { record, tag };
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(settledElsewhere);
    return next;
  }

  /**
   * Appends several records, all or none (an import's batches). All are
   * serialized and checked against the record limit before any is written
   * (one too large refuses them all, with nothing on disk); each is then
   * sealed and chained while the one before it is being written, and one sync
   * covers them all; a failed write truncates the file back and appends none.
   */
  appendAll(entries: readonly JournalEntry[]): Promise<AppendedRecord[]> {
    const run = async (): Promise<AppendedRecord[]> => {
      const handle = this.handle;
      if (this.closed || !handle) throw new CasebookError('internal', `case ${this.caseId} is not open for writing`);
      const records = entries.map((entry, i) => newRecord(this.lastSeq + i + 1, entry));
      const plaintexts = records.map((record) => recordPlaintext(this.caseId, record));
      const before = this.size;
      let at = before;
      let prevTag = this.headTag;
      const appended: AppendedRecord[] = [];
      const writes: Promise<void>[] = [];
      try {
        for (const [i, record] of records.entries()) {
          const bytes = sealRecord(this.key, this.caseId, record.seq, plaintexts[i]!, prevTag);
          // Positional writes: each goes to the thread pool now, beside the sealing of the next.
          const offset = at;
          writes.push(
            handle.write(bytes, 0, bytes.length, offset).then(({ bytesWritten }) => {
              if (bytesWritten !== bytes.length) throw new Error(`wrote ${bytesWritten} of ${bytes.length} bytes at ${offset}`);
            }),
          );
          at += bytes.length;
          prevTag = tagOf(bytes.subarray(HEADER_BYTES));
          appended.push({ record, tag: prevTag });
        }
        await Promise.all(writes);
        await handle.datasync();
      } catch (err) {
        await Promise.allSettled(writes);
        await handle.truncate(before).catch(this.diagnostics.swallow('journal.truncate-after-failed-append', { caseId: this.caseId }));
        throw new CasebookError('internal', `case ${this.caseId}: could not write the journal ${this.file}: ${(err as Error).message}`);
      }
      this.size = at;
      for (const { record, tag } of appended) {
        this.records.push(record);
        this.tags.push(tag);
      }
      return appended;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(settledElsewhere);
    return next;
  }

  /** Re-reads the file from disk and checks the whole chain again. */
  async verify(): Promise<ChainVerification> {
    const bytes = await fs.readFile(this.file);
    return verificationOf(this.caseId, withHead(scanJournal(this.key, this.caseId, bytes), await readHead(this.dir, this.caseId, this.key)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    try {
      if (this.handle) {
        await this.handle.close();
        this.handle = null;
        // Should this fail (a full disk), the head still says "open": the journal stays readable and checkable.
        await writeHead(this.dir, this.caseId, this.key, {
          state: 'closed',
          seq: this.lastSeq,
          tag: this.headTag?.toString('hex') ?? '',
          at: new Date().toISOString(),
        });
      }
    } finally {
      await this.lock?.release();
    }
  }
}

/** Makes a new case folder durable: fsync the files' folder and its parent. */
export async function syncNewCaseDir(dir: string): Promise<void> {
  await fsyncDir(dir);
  await fsyncDir(path.dirname(dir));
}
