import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EvidenceFile, EvidenceItem } from '../../../shared/domain/evidence';
import type { PackageEvidenceCounts, PackagePart } from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import { EVIDENCE_ADDED } from '../cases/records/evidence-records';
import type { JournalEntry } from '../cases/records/journal-record';
import { CHUNK_BYTES, newBlobKey } from '../evidence/blob-format';
import { BlobWriter, evidenceRoot, itemDir, NODE_EVIDENCE_FS } from '../evidence/blob-store';
import { fsyncDir } from '../fs/atomic-write';
import type { StagedCase } from '../vault/vault';
import type { EntryHeader } from './package-reader';

interface ItemToSeal {
  item: EvidenceItem;
  key: Buffer;
  /** Files still to come, by their path in the item. */
  waiting: Map<string, EvidenceFile>;
}

/**
 * Seals a package's evidence files into the staged case's blob store as they
 * stream out of the package: each ingested item gets a new random key, its
 * blobs are bound to the new case's id (the item's id and blob names stay),
 * and each file is checked, as it is written, against the SHA-256 and size
 * its record says it was ingested with and the manifest lists. The blobs live
 * inside the staged case folder, so a failure anywhere discards them with it:
 * no case, no blob.
 */
export class StagedEvidence {
  private readonly items = new Map<string, ItemToSeal>();
  readonly counts: PackageEvidenceCounts = { items: 0, files: 0, bytes: 0 };

  constructor(
    private readonly staged: StagedCase,
    private readonly parts: ReadonlyMap<string, PackagePart>,
    /** The records as they will be appended (their `caseId`s already the new case's). */
    entries: readonly JournalEntry[],
    /** Whether the package carries evidence files at all (format 2 on). */
    private readonly carriesFiles: boolean,
  ) {
    for (const e of entries) {
      if (e.type !== EVIDENCE_ADDED) continue;
      this.counts.items++;
      const { item } = e.data;
      if (item.storage !== 'ingested' || !carriesFiles) continue;
      this.items.set(item.id, { item, key: newBlobKey(), waiting: new Map(item.files.map((f) => [f.path, f])) });
    }
  }

  /** Whether the tar entry is an evidence file this writer takes. */
  takes(name: string): boolean {
    return this.parts.get(name)?.kind === 'evidence';
  }

  async add(entry: EntryHeader, body: AsyncIterable<Buffer>): Promise<void> {
    const part = this.parts.get(entry.name)!;
    const target = this.items.get(part.itemId ?? '');
    const file = target?.waiting.get(part.path ?? '');
    if (!target || !file)
      throw new CasebookError('corrupt', `${entry.name} belongs to no ingested evidence item of the package's journal; nothing was imported`);
    target.waiting.delete(file.path);
    const dir = itemDir(this.staged.dir, target.item.id);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const at = { caseId: this.staged.caseId, itemId: target.item.id, blob: file.blob };
    const writer = await BlobWriter.create(NODE_EVIDENCE_FS, path.join(dir, file.blob), target.key, at);
    try {
      const hash = await sealStream(writer, body, file.size, entry.name);
      if (hash !== file.sha256 || hash !== part.sha256) {
        throw new CasebookError('corrupt', `${entry.name} does not hash to the SHA-256 it was ingested with (${file.sha256}); nothing was imported`);
      }
      await writer.finish();
    } catch (err) {
      await writer.abandon();
      throw err;
    }
    this.counts.files++;
    this.counts.bytes += file.size;
  }

  /** Checks every file came, syncs the item folders, and gives each item's record its new key. */
  async finish(entries: JournalEntry[]): Promise<JournalEntry[]> {
    for (const { item, waiting } of this.items.values()) {
      const missing = [...waiting.keys()][0];
      if (missing !== undefined)
        throw new CasebookError('corrupt', `evidence "${item.title}" (${item.id}): ${missing} is not in the package; nothing was imported`);
    }
    if (this.items.size) {
      for (const id of this.items.keys()) await fsyncDir(itemDir(this.staged.dir, id));
      await fsyncDir(evidenceRoot(this.staged.dir));
    }
    return entries.map((e) => {
      if (e.type !== EVIDENCE_ADDED) return e;
      const sealed = this.items.get(e.data.item.id);
      // Without the files (a package of format 1), an ingested item keeps what the package said.
      return sealed ? { ...e, data: { ...e.data, blobKey: sealed.key.toString('base64') } } : e;
    });
  }
}

/** Cuts the stream into blob chunks, seals them in order (the last one marked), and returns the bytes' SHA-256. */
async function sealStream(writer: BlobWriter, body: AsyncIterable<Buffer>, size: number, name: string): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
  let filled = 0;
  let total = 0;
  for await (const piece of body) {
    hash.update(piece);
    total += piece.length;
    if (total > size) throw new CasebookError('corrupt', `${name} is longer than the ${size} bytes it was ingested with; nothing was imported`);
    let at = 0;
    while (at < piece.length) {
      const n = piece.copy(chunk, filled, at);
      filled += n;
      at += n;
      if (filled === chunk.length && total - (piece.length - at) < size) {
        await writer.append(chunk, false);
        filled = 0;
      }
    }
  }
  if (total !== size) throw new CasebookError('corrupt', `${name} holds ${total} bytes, ${size} expected; nothing was imported`);
  await writer.append(chunk.subarray(0, filled), true);
  return hash.digest('hex');
}
