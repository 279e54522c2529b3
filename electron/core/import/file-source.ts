import { promises as fs } from 'node:fs';
import { ImportProblem } from '../importers/problems';
import type { ByteRange } from '../importers/types';
import { IMPORT_READ_FLAGS, readImportFile, statImportable, type FileIdentity } from '../fs/import-file';

/** A whole JSON document is parsed in memory; larger files must be JSONL. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** The three ways an importer reads its file: streamed (a byte range of it), at offsets, or whole. */
export interface FileReader {
  open(range?: ByteRange): AsyncIterable<Buffer>;
  readAt(offset: number, length: number): Promise<Buffer>;
  readAll(): Promise<Buffer>;
}

/**
 * The "read the file" stage: the imported file as importers read it. Offsets
 * are read through one handle, opened when first needed and closed by close().
 */
export class FileSource implements FileReader {
  private handle: Promise<fs.FileHandle> | null = null;

  constructor(
    private readonly path: string,
    /** The file's name, for messages. */
    private readonly name: string,
    private readonly size: number,
  ) {}

  open(range?: ByteRange): AsyncIterable<Buffer> {
    // createReadStream's `end` is inclusive.
    return readImportFile(this.path, { highWaterMark: 1 << 20, start: range?.start, end: range?.end === undefined ? undefined : range.end - 1 });
  }

  async readAt(offset: number, length: number): Promise<Buffer> {
    this.handle ??= fs.open(this.path, IMPORT_READ_FLAGS);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await (await this.handle).read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  }

  async readAll(): Promise<Buffer> {
    if (this.size > MAX_DOCUMENT_BYTES) {
      throw new ImportProblem(
        `${this.name}: a ${Math.round(this.size / 2 ** 20)} MiB JSON document is over the ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB limit; export it as JSONL`,
      );
    }
    return fs.readFile(this.path, { flag: IMPORT_READ_FLAGS });
  }

  /** Closes the handle readAt opened, if it did. */
  async close(): Promise<void> {
    const open = this.handle;
    this.handle = null;
    await (await open?.catch(() => null))?.close();
  }
}

/**
 * The file must be the one that was parsed and hashed: written to, replaced or
 * truncated during the import, its events and its SHA-256 could describe
 * different contents, and the evidence record would be wrong.
 */
export async function checkUnchanged(file: string, name: string, before: FileIdentity): Promise<void> {
  const after = await statImportable(file).catch(() => null);
  const same = after && after.size === before.size && after.mtimeNs === before.mtimeNs && after.ino === before.ino && after.dev === before.dev;
  if (!same) {
    const what = !after
      ? 'it is gone'
      : after.size !== before.size
        ? `its size went from ${before.size} to ${after.size} bytes`
        : 'it was modified or replaced';
    throw new ImportProblem(
      `${name}: the file changed while it was being imported (${what}); nothing was imported. Import it again once nothing writes to it.`,
    );
  }
}
