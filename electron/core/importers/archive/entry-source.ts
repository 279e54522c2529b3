import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ByteRange } from '../types';
import { ImportProblem } from '../problems';
import { settledElsewhere } from '../../diagnostics/diagnostics';

/**
 * The bytes of one archive entry as its importer reads them (streamed, at
 * offsets, or whole). A small entry is held in memory; a large one (a 2 GB
 * .evtx in a zip) is spooled, as it is inflated, to a temporary file so the
 * import needs no more memory than for the file itself. The spool is
 * AES-256-GCM in 1 MiB blocks under a key made for it and held only in
 * memory (each block's index is its associated data, so blocks cannot be
 * moved or swapped unnoticed), and it is deleted when the entry has been
 * imported or the import fails: a crash leaves ciphertext whose key is gone.
 */

export interface EntrySource {
  readonly size: number;
  open(range?: ByteRange): AsyncIterable<Buffer>;
  readAt(offset: number, length: number): Promise<Buffer>;
  readAll(): Promise<Buffer>;
  /** Frees the memory or deletes the spool. */
  close(): Promise<void>;
}

/** Entries up to this size are held in memory; larger ones are spooled. */
export const IN_MEMORY_ENTRY_BYTES = 64 * 1024 ** 2;
/** A JSON document is parsed whole: a spooled entry read whole may hold this much (as a file may: file-source.ts). */
const MAX_WHOLE_BYTES = 512 * 1024 ** 2;
const PIECE = 1024 * 1024;

export function memorySource(data: Buffer): EntrySource {
  const slice = (range?: ByteRange) => data.subarray(range?.start ?? 0, Math.min(range?.end ?? data.length, data.length));
  return {
    size: data.length,
    open(range) {
      const bytes = slice(range);
      return (async function* () {
        for (let i = 0; i < bytes.length; i += PIECE) yield bytes.subarray(i, Math.min(i + PIECE, bytes.length));
      })();
    },
    readAt: async (offset, length) => data.subarray(offset, offset + length),
    readAll: async () => data,
    close: async () => undefined,
  };
}

const BLOCK = 1024 * 1024;
const NONCE = 12;
const TAG = 16;
const STRIDE = NONCE + BLOCK + TAG;

const blockAad = (index: number) => {
  const aad = Buffer.alloc(8);
  aad.writeBigUInt64LE(BigInt(index));
  return aad;
};

/** An entry spooled to an encrypted temporary file (see the module comment). */
export class SpooledEntry implements EntrySource {
  private cached: { index: number; plain: Buffer } | null = null;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly folder: string,
    private readonly key: Buffer,
    readonly size: number,
    private readonly entry: string,
  ) {}

  /** Writes the entry's bytes as they come; the spool is removed if reading them fails. */
  static async write(entry: string, chunks: AsyncIterable<Buffer>, dir = os.tmpdir()): Promise<SpooledEntry> {
    const folder = await fs.mkdtemp(path.join(dir, 'casebook-entry-'));
    const handle = await fs.open(path.join(folder, 'entry.spool'), 'wx+', 0o600);
    const key = randomBytes(32);
    let size = 0;
    let index = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const seal = async (plain: Buffer) => {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(blockAad(index));
      const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      await handle.write(sealed, 0, sealed.length, index * STRIDE);
      index++;
    };
    try {
      for await (const chunk of chunks) {
        size += chunk.length;
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= BLOCK) {
          const all = Buffer.concat(pending);
          await seal(all.subarray(0, BLOCK));
          pending = [all.subarray(BLOCK)];
          pendingBytes -= BLOCK;
        }
      }
      if (pendingBytes > 0) await seal(Buffer.concat(pending));
    } catch (err) {
      await handle.close();
      await fs.rm(folder, { recursive: true, force: true });
      throw err;
    }
    return new SpooledEntry(handle, folder, key, size, entry);
  }

  private async block(index: number): Promise<Buffer> {
    if (this.cached?.index === index) return this.cached.plain;
    const plainLength = Math.min(BLOCK, this.size - index * BLOCK);
    const sealed = Buffer.alloc(NONCE + plainLength + TAG);
    const { bytesRead } = await this.handle.read(sealed, 0, sealed.length, index * STRIDE);
    let plain: Buffer;
    try {
      if (bytesRead !== sealed.length) throw new Error('short read');
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE)).setAAD(blockAad(index));
      decipher.setAuthTag(sealed.subarray(NONCE + plainLength));
      plain = Buffer.concat([decipher.update(sealed.subarray(NONCE, NONCE + plainLength)), decipher.final()]);
    } catch {
      throw new ImportProblem(
        `${this.entry}: the temporary copy of this archive entry was changed or cut while it was imported (block ${index}); import again`,
      );
    }
    this.cached = { index, plain };
    return plain;
  }

  async readAt(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(offset + length, this.size);
    const parts: Buffer[] = [];
    for (let at = offset; at < end;) {
      const index = Math.floor(at / BLOCK);
      const plain = await this.block(index);
      const from = at - index * BLOCK;
      const take = Math.min(plain.length - from, end - at);
      parts.push(plain.subarray(from, from + take));
      at += take;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  open(range?: ByteRange): AsyncIterable<Buffer> {
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? this.size, this.size);
    return (async function* (spool: SpooledEntry) {
      for (let at = start; at < end; at += PIECE) yield Buffer.from(await spool.readAt(at, Math.min(PIECE, end - at)));
    })(this);
  }

  async readAll(): Promise<Buffer> {
    if (this.size > MAX_WHOLE_BYTES) {
      throw new ImportProblem(
        `${this.entry}: a ${Math.round(this.size / 2 ** 20)} MiB document is over the ${MAX_WHOLE_BYTES / 2 ** 20} MiB it may be to be read whole; extract it and export it as JSONL`,
      );
    }
    return this.readAt(0, this.size);
  }

  async close(): Promise<void> {
    this.cached = null;
    this.key.fill(0);
    // A close that fails leaves only ciphertext whose key was just wiped; the folder is removed next.
    await this.handle.close().catch(settledElsewhere);
    await fs.rm(this.folder, { recursive: true, force: true });
  }
}

/** Where and from what size entries are spooled (tests make it small). */
export interface SpoolOptions {
  inMemoryBytes?: number;
  dir?: string;
}

/** The entry's bytes as a source: in memory when small, else spooled. `declared` is the size the archive says (checked by the caller). */
export async function entrySource(entry: string, declared: number, chunks: AsyncIterable<Buffer>, options: SpoolOptions = {}): Promise<EntrySource> {
  if (declared > (options.inMemoryBytes ?? IN_MEMORY_ENTRY_BYTES)) return SpooledEntry.write(entry, chunks, options.dir);
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return memorySource(Buffer.concat(parts));
}
