import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { ageSealing, type AgeRecipients } from './age/age';
import type { ChunkSealer } from './age/age-stream';
import { END_OF_TAR, fileHeader, padding } from './tar-header';
import { settledElsewhere } from '../diagnostics/diagnostics';

/** Sealed bytes gathered before one write: large writes, and one in flight while the next are sealed. */
const WRITE_BATCH = 1 << 20;
/** Plaintext sealed between two waits for the file, so a large part keeps the disk busy while it is encrypted. */
const SEAL_SLICE = 4 << 20;

/**
 * Writes a package: a tar, encrypted as one age file, into a file beside the
 * destination, renamed over it only when complete (a cancelled or failed
 * export leaves nothing). Each file added is hashed, framed as tar and sealed
 * in 64 KiB chunks straight from the caller's buffer (which may be reused once
 * add() resolved); the sealed chunks go to disk in 1 MiB writes, one in flight
 * at a time, so memory stays at a few MiB beside the part being added.
 */
export class PackageWriter {
  private readonly outerHash = createHash('sha256');
  private outerBytes = 0;
  private readonly mtime = new Date();
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  /** Every file added, with its size and SHA-256, in order. */
  readonly files: { name: string; bytes: number; sha256: string }[] = [];

  private constructor(
    readonly out: string,
    private readonly temp: string,
    private readonly handle: fs.FileHandle,
    private readonly sealer: ChunkSealer,
    head: Buffer,
  ) {
    this.emit(head);
  }

  static async create(out: string, to: AgeRecipients): Promise<PackageWriter> {
    const dir = path.dirname(out);
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new CasebookError('invalid-input', `cannot write ${out}: folder ${dir} does not exist`);
    const { head, sealer } = await ageSealing(to);
    const temp = path.join(dir, `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
    const handle = await fs.open(temp, 'wx', 0o600);
    return new PackageWriter(out, temp, handle, sealer, head);
  }

  /** Adds one file (at most one timeline run's worth, so memory stays bounded); resolves once `body` was sealed. */
  async add(name: string, body: Buffer): Promise<void> {
    this.files.push({ name, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    await this.seal(fileHeader(name, body.length, 0o644, this.mtime));
    for (let at = 0; at < body.length; at += SEAL_SLICE) await this.seal(body.subarray(at, Math.min(body.length, at + SEAL_SLICE)));
    await this.seal(padding(body.length));
  }

  private async seal(plain: Buffer): Promise<void> {
    this.sealer.push(plain, (b) => this.emit(b));
    if (this.batchBytes >= WRITE_BATCH) await this.flush();
  }

  private emit(sealed: Buffer): void {
    this.outerHash.update(sealed);
    this.outerBytes += sealed.length;
    this.batch.push(sealed);
    this.batchBytes += sealed.length;
  }

  /** Waits for the write in flight, then starts writing the batch. */
  private async flush(): Promise<void> {
    const buffers = this.batch;
    const bytes = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    await this.writing;
    this.writing = this.handle.writev(buffers).then(({ bytesWritten }) => {
      if (bytesWritten !== bytes) throw new Error(`writing ${this.temp}: ${bytesWritten} of ${bytes} bytes written`);
    });
    // Seen by the next flush, finish() or abort(); not an unhandled rejection meanwhile.
    this.writing.catch(settledElsewhere);
  }

  /**
   * Adds one file of a known size from a stream of pieces (an evidence file of any size), hashing it as it
   * goes in; memory holds the piece in hand. The pieces must add up to `size`: the tar header said so.
   */
  async addStream(name: string, size: number, pieces: AsyncIterable<Buffer>): Promise<{ name: string; bytes: number; sha256: string }> {
    const hash = createHash('sha256');
    let bytes = 0;
    await this.seal(fileHeader(name, size, 0o644, this.mtime));
    for await (const piece of pieces) {
      bytes += piece.length;
      if (bytes > size) break;
      hash.update(piece);
      for (let at = 0; at < piece.length; at += SEAL_SLICE) await this.seal(piece.subarray(at, Math.min(piece.length, at + SEAL_SLICE)));
    }
    if (bytes !== size) throw new CasebookError('corrupt', `${name}: ${bytes > size ? 'more than' : `only ${bytes} of`} the ${size} bytes its record gives`);
    await this.seal(padding(size));
    const file = { name, bytes, sha256: hash.digest('hex') };
    this.files.push(file);
    return file;
  }

  /** Ends the tar, waits for the file to be written and synced, and puts it in place. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    await this.seal(END_OF_TAR);
    for (const piece of this.sealer.finish()) this.emit(piece);
    await this.flush();
    await this.writing;
    await this.handle.sync();
    await this.handle.close();
    await fs.rename(this.temp, this.out);
    return { bytes: this.outerBytes, sha256: this.outerHash.digest('hex') };
  }

  async abort(): Promise<void> {
    // A write's failure was the export's error, already thrown to its caller; the abort only cleans up.
    await this.writing.catch(settledElsewhere);
    await this.handle.close().catch(settledElsewhere);
    await fs.rm(this.temp, { force: true });
  }
}
