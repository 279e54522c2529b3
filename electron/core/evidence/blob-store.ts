import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { fsyncDir } from '../fs/atomic-write';
import { BLOB_HEADER_BYTES, CHUNK_BYTES, CHUNK_OVERHEAD, blobHeader, chunkCount, openChunk, readBlobHeader, sealChunk, type BlobAddress } from './blob-format';
import { settledElsewhere } from '../diagnostics/diagnostics';

/**
 * The case's evidence blob store: `cases/<id>/evidence/<item id>/f<n>.blob`,
 * one blob per file of an item (blob-format.ts). An item is written whole into
 * `evidence/.<item id>.staging/`, each blob synced, then published by renaming
 * the folder (and syncing the parent): a reader never sees half an item, and
 * what a failure leaves in staging is removed (here, or by the next sweep).
 *
 * Writes go through an injectable EvidenceFs, so a test can make the disk fill
 * up (ENOSPC) at a chosen byte.
 */

/** Where a blob's bytes go; the default writes a new file with positional writes. */
export interface BlobSink {
  write(pieces: readonly Buffer[]): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface EvidenceFs {
  /** Creates a new file (never an existing one) for writing. */
  create(file: string): Promise<BlobSink>;
}

export const NODE_EVIDENCE_FS: EvidenceFs = {
  async create(file) {
    const handle = await fs.open(file, 'wx', 0o600);
    return {
      write: async (pieces) => {
        await handle.writev(pieces as Buffer[]);
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
};

export const evidenceRoot = (caseDir: string) => path.join(caseDir, 'evidence');
export const itemDir = (caseDir: string, itemId: string) => path.join(evidenceRoot(caseDir), itemId);
export const stagingDir = (caseDir: string, itemId: string) => path.join(evidenceRoot(caseDir), `.${itemId}.staging`);
export const blobName = (index: number) => `f${String(index).padStart(6, '0')}.blob`;

/**
 * Writes one blob chunk by chunk: append() seals a chunk and starts its write
 * while the caller reads the next one; at most one write is in flight, so
 * memory stays at a few chunks whatever the size.
 */
export class BlobWriter {
  private index = 0;
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(
    private readonly sink: BlobSink,
    private readonly key: Buffer,
    private readonly at: BlobAddress,
  ) {}

  static async create(evidenceFs: EvidenceFs, file: string, key: Buffer, at: BlobAddress): Promise<BlobWriter> {
    const sink = await evidenceFs.create(file);
    const writer = new BlobWriter(sink, key, at);
    writer.inFlight = sink.write([blobHeader()]);
    return writer;
  }

  /** Seals and writes one chunk (CHUNK_BYTES, the last may be shorter); `plain` may be reused once this returns. */
  async append(plain: Uint8Array, last: boolean): Promise<void> {
    const pieces = sealChunk(this.key, this.at, this.index++, last, plain);
    await this.inFlight;
    this.inFlight = this.sink.write(pieces);
    // A failed write must not go unobserved while the caller reads the next chunk.
    this.inFlight.catch(settledElsewhere);
  }

  /** Waits for the last write, syncs and closes. */
  async finish(): Promise<void> {
    try {
      await this.inFlight;
      await this.sink.sync();
    } finally {
      await this.sink.close();
    }
  }

  /** Closes after a failure, waiting for nothing but the close. */
  async abandon(): Promise<void> {
    // Both are echoes of the failure the caller is reporting.
    await this.inFlight.catch(settledElsewhere);
    await this.sink.close().catch(settledElsewhere);
  }
}

/** Why a blob cannot be read, naming it; thrown by readBlob. */
export class BlobProblem extends CasebookError {
  constructor(message: string) {
    super('corrupt', message);
  }
}

/**
 * A blob's plaintext, chunk by chunk, each authenticated before it is given
 * out. `size` is the plaintext size the journal records: a blob longer,
 * shorter, reordered or altered is a BlobProblem naming the chunk.
 */
export async function* readBlob(file: string, key: Buffer, at: BlobAddress, size: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BlobProblem(`blob ${at.blob} cannot be opened (${err.code ?? err.message})`);
  });
  try {
    const header = Buffer.alloc(BLOB_HEADER_BYTES);
    await handle.read(header, 0, header.length, 0);
    const chunkBytes = readBlobHeader(header);
    if (chunkBytes === null) throw new BlobProblem(`blob ${at.blob} has no blob header (replaced or damaged)`);
    const count = chunkCount(size, chunkBytes);
    const expected = BLOB_HEADER_BYTES + size + count * CHUNK_OVERHEAD;
    const actual = (await handle.stat()).size;
    if (actual !== expected) throw new BlobProblem(`blob ${at.blob} is ${actual} bytes on disk, ${expected} expected (cut short or added to)`);
    const sealed = Buffer.alloc(chunkBytes + CHUNK_OVERHEAD);
    let position = BLOB_HEADER_BYTES;
    for (let i = 0; i < count; i++) {
      signal?.throwIfAborted();
      const plainBytes = i < count - 1 ? chunkBytes : size - chunkBytes * (count - 1);
      const view = sealed.subarray(0, plainBytes + CHUNK_OVERHEAD);
      const { bytesRead } = await handle.read(view, 0, view.length, position);
      if (bytesRead !== view.length) throw new BlobProblem(`blob ${at.blob}: chunk ${i} is cut short`);
      position += view.length;
      const plain = openChunk(key, at, i, i === count - 1, view);
      if (!plain)
        throw new BlobProblem(
          `blob ${at.blob}: chunk ${i} (bytes ${i * chunkBytes} to ${i * chunkBytes + plainBytes}) fails authentication (altered or damaged)`,
        );
      yield plain;
    }
  } finally {
    await handle.close();
  }
}

/** Publishes a staged item: one rename, then the folder synced. */
export async function publishItem(caseDir: string, itemId: string): Promise<void> {
  const target = itemDir(caseDir, itemId);
  await fs.rename(stagingDir(caseDir, itemId), target);
  await fsyncDir(evidenceRoot(caseDir));
}

export async function removeItemFolders(caseDir: string, itemId: string): Promise<void> {
  await fs.rm(stagingDir(caseDir, itemId), { recursive: true, force: true });
  await fs.rm(itemDir(caseDir, itemId), { recursive: true, force: true });
}

/**
 * Removes what no journal record names: staged items a failure or a crash
 * left, and published ones whose record was never appended (a crash between
 * the rename and the append). Run under the case's mutex, before an ingest.
 */
export async function sweepEvidence(caseDir: string, referenced: ReadonlySet<string>): Promise<string[]> {
  const root = evidenceRoot(caseDir);
  const names = await fs.readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const removed: string[] = [];
  for (const name of names) {
    if (referenced.has(name)) continue;
    await fs.rm(path.join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export { CHUNK_BYTES };
