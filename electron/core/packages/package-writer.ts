import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { CasebookError } from '../../../shared/ipc/errors';
import { ageEncryptor, type AgeRecipients } from './age/age';
import { settledElsewhere } from '../diagnostics/diagnostics';

/**
 * Writes a package: a tar, streamed through the age encryptor into a file
 * beside the destination, renamed over it only when complete (a cancelled or
 * failed export leaves nothing). Each file added is hashed as it goes in.
 */
export class PackageWriter {
  private readonly pack = tar.pack();
  private readonly done: Promise<void>;
  private readonly outerHash = createHash('sha256');
  private outerBytes = 0;
  private readonly temp: string;
  private readonly mtime = new Date();
  /** Every file added, with its size and SHA-256, in order. */
  readonly files: { name: string; bytes: number; sha256: string }[] = [];

  private constructor(
    readonly out: string,
    encryptor: NodeJS.ReadWriteStream,
  ) {
    this.temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
    const counter = new PassThrough();
    counter.on('data', (b: Buffer) => {
      this.outerHash.update(b);
      this.outerBytes += b.length;
    });
    this.done = pipeline(this.pack as unknown as NodeJS.ReadableStream, encryptor, counter, createWriteStream(this.temp, { mode: 0o600 }));
    // Seen by finish() or abort(); kept from being an unhandled rejection meanwhile.
    this.done.catch(settledElsewhere);
  }

  static async create(out: string, to: AgeRecipients): Promise<PackageWriter> {
    const dir = path.dirname(out);
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new CasebookError('invalid-input', `cannot write ${out}: folder ${dir} does not exist`);
    return new PackageWriter(out, await ageEncryptor(to));
  }

  /** Adds one file (at most one timeline run's worth, so memory stays bounded); resolves when the tar took it. */
  add(name: string, body: Buffer): Promise<void> {
    this.files.push({ name, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    return new Promise((resolve, reject) => {
      this.pack.entry({ name, size: body.length, mode: 0o644, mtime: this.mtime, type: 'file' }, body, (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Adds one file of a known size from a stream of pieces (an evidence file of any size), hashing it as it
   * goes in; memory holds the piece in hand. The pieces must add up to `size` (tar-stream refuses otherwise).
   */
  async addStream(name: string, size: number, pieces: AsyncIterable<Buffer>): Promise<{ name: string; bytes: number; sha256: string }> {
    const hash = createHash('sha256');
    let bytes = 0;
    const entry = this.pack.entry({ name, size, mode: 0o644, mtime: this.mtime, type: 'file' });
    const hashed = async function* () {
      for await (const piece of pieces) {
        hash.update(piece);
        bytes += piece.length;
        yield piece;
      }
    };
    await pipeline(Readable.from(hashed()), entry);
    const file = { name, bytes, sha256: hash.digest('hex') };
    this.files.push(file);
    return file;
  }

  /** Ends the tar, waits for the file to be written and synced, and puts it in place. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    this.pack.finalize();
    await this.done;
    const handle = await fs.open(this.temp, 'r');
    await handle.sync().finally(() => handle.close());
    await fs.rename(this.temp, this.out);
    return { bytes: this.outerBytes, sha256: this.outerHash.digest('hex') };
  }

  async abort(): Promise<void> {
    this.pack.destroy();
    // The pipeline fails because the pack was just destroyed: the abort's own doing.
    await this.done.catch(settledElsewhere);
    await fs.rm(this.temp, { force: true });
  }
}
