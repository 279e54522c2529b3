import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import { fsyncDir } from '../fs/atomic-write';
import { settledElsewhere } from '../diagnostics/diagnostics';

/** Bytes gathered before one write to disk: large enough that a million short lines are a few hundred writes. */
const FLUSH_AT = 1 << 20;

/**
 * A file an export writes, all or nothing: the bytes go to a temporary file
 * beside the target (so the rename stays on one filesystem), which is
 * fsynced and renamed over the target only when whole. An error or a cancel
 * removes the temporary file: no half-written export is ever left where the
 * user asked for one. Writes are gathered into 1 MiB pieces, and each piece
 * waits for the disk, so a streamed export holds at most one piece in memory.
 */
export class ExportFile {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  private constructor(
    private readonly target: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens the temporary file beside `target`; a missing folder is a clear error naming it. */
  static async create(target: string): Promise<ExportFile> {
    const dir = path.dirname(path.resolve(target));
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new CasebookError('invalid-input', `out: the folder ${dir} does not exist`);
    const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    return new ExportFile(target, tmp, await fs.open(tmp, 'wx', 0o600));
  }

  /** Adds text or bytes; resolves once they are buffered or, past 1 MiB, on disk. */
  async write(chunk: string | Buffer): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const piece = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(piece);
    this.written += piece.length;
  }

  /** Makes the file appear at its target, whole; returns its size. */
  async commit(): Promise<number> {
    try {
      await this.flush();
      await this.handle.sync();
    } catch (err) {
      await this.discard();
      throw err;
    }
    await this.handle.close();
    await fs.rename(this.tmp, this.target).catch(async (err: unknown) => {
      await fs.rm(this.tmp, { force: true });
      throw err;
    });
    await fsyncDir(path.dirname(path.resolve(this.target)));
    return this.written;
  }

  /** Removes the temporary file; the target is untouched. */
  async discard(): Promise<void> {
    // Discarded after a failure or a cancel the caller reports; the file goes next either way.
    await this.handle.close().catch(settledElsewhere);
    await fs.rm(this.tmp, { force: true });
  }
}

/** Runs `fill` on a new export file and commits it, or discards it if `fill` throws (a cancel included). */
export async function writeExport<T>(target: string, fill: (file: ExportFile) => Promise<T>): Promise<{ value: T; bytes: number }> {
  const file = await ExportFile.create(target);
  let value: T;
  try {
    value = await fill(file);
  } catch (err) {
    await file.discard();
    throw err;
  }
  return { value, bytes: await file.commit() };
}
