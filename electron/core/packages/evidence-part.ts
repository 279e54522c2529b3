import path from 'node:path';
import type { PackageEvidenceCounts, PackagePart } from '../../../shared/domain/packages';
import type { CustodyEntry, EvidenceItem } from '../../../shared/domain/evidence';
import { CasebookError } from '../../../shared/ipc/errors';
import type { JournalRecord } from '../cases/records/journal-record';
import { itemDir, readBlob } from '../evidence/blob-store';
import { evidenceItems } from '../evidence/evidence-state';
import { custodyPartName, evidencePartName, unsafeEvidenceName } from './evidence-names';
import type { PackageWriter } from './package-writer';

/**
 * The evidence part of a package: for every evidence item the exported
 * journal keeps, a custody file (`evidence/<item>.custody.json`: the item's
 * record as exported, its files, its chain of custody), and for an ingested
 * item each of its files as it was ingested (`evidence/<item>/<path>`),
 * decrypted from the blob store chunk by chunk straight into the tar: memory
 * holds one 1 MiB chunk whatever the file's size. A file whose bytes do not
 * hash to the SHA-256 its record says it was ingested with stops the export
 * (the blob store is damaged): a package never carries evidence that differs
 * from its record. Items held by reference carry only their records.
 */

export const CUSTODY_FORMAT = 'casebook-evidence-custody';

/** What `evidence/<item>.custody.json` holds: readable on its own, without Casebook. */
export interface CustodyFile {
  format: typeof CUSTODY_FORMAT;
  caseId: string;
  item: EvidenceItem;
  /** Each file of an ingested item and its name in the package. */
  files: { path: string; part: string; size: number; sha256: string; sha1: string; md5: string }[];
  custody: CustodyEntry[];
}

export interface EvidenceSource {
  /** The case's own records: the items' blob keys and the paths their blobs are sealed under. */
  records: readonly JournalRecord[];
  dir: string;
  signal?: AbortSignal;
  /** Bytes of evidence written so far, of all the package carries (every 16 MiB and at the end). */
  progress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 16 * 1024 * 1024;

/** The blob's pieces, counted into the export's progress as they pass. */
async function* counted(pieces: AsyncIterable<Buffer>, source: EvidenceSource, tally: { done: number; reported: number; total: number }) {
  for await (const piece of pieces) {
    yield piece;
    tally.done += piece.length;
    if (tally.done - tally.reported >= PROGRESS_EVERY || tally.done === tally.total) {
      tally.reported = tally.done;
      source.progress?.(tally.done, tally.total);
    }
  }
}

const cancelled = () => new CasebookError('cancelled', 'the export was cancelled; no package was written');

/** The name checked as a reader will check it, so a package is never written that its own verification refuses. */
function carriedName(name: string, names: Set<string>, title: string): string {
  const refusal = unsafeEvidenceName(name) ?? (names.has(name) ? `"${name}" would appear twice (two paths the same once redacted)` : null);
  if (refusal) throw new CasebookError('invalid-input', `evidence "${title}" cannot be carried in a package: ${refusal}; leave it out with the selection`);
  names.add(name);
  return name;
}

export async function writeEvidence(
  writer: PackageWriter,
  source: EvidenceSource,
  exported: readonly JournalRecord[],
  caseId: string,
): Promise<{ parts: PackagePart[]; counts: PackageEvidenceCounts }> {
  const own = evidenceItems(source.records);
  const parts: PackagePart[] = [];
  const counts: PackageEvidenceCounts = { items: 0, files: 0, bytes: 0 };
  const names = new Set<string>();
  const items = evidenceItems(exported);
  const tally = { done: 0, reported: 0, total: 0 };
  for (const { item } of items.values()) if (item.storage === 'ingested') tally.total += item.files.reduce((n, f) => n + f.size, 0);
  for (const [itemId, state] of items) {
    counts.items++;
    const original = own.get(itemId);
    const item = state.item;
    const files = item.storage === 'ingested' ? item.files : [];
    for (const [index, file] of files.entries()) {
      const sealed = original?.item.files[index];
      if (!original?.key || !sealed)
        throw new CasebookError('corrupt', `evidence "${item.title}" (${itemId}): its blob key or file ${file.path} is not in the case`);
      const at = { caseId: original.item.caseId, itemId, blob: sealed.blob };
      if (source.signal?.aborted) throw cancelled();
      const name = carriedName(evidencePartName(itemId, file.path), names, item.title);
      const blob = readBlob(path.join(itemDir(source.dir, itemId), sealed.blob), original.key, at, sealed.size, source.signal);
      const written = await writer.addStream(name, sealed.size, counted(blob, source, tally)).catch((err: unknown) => {
        throw source.signal?.aborted ? cancelled() : err;
      });
      if (written.sha256 !== sealed.sha256) {
        throw new CasebookError(
          'corrupt',
          `evidence "${item.title}" (${itemId}): ${sealed.path} no longer hashes to the SHA-256 it was ingested with; no package was written`,
        );
      }
      parts.push({ ...written, kind: 'evidence', itemId, path: file.path });
      counts.files++;
      counts.bytes += written.bytes;
    }
    const custody: CustodyFile = {
      format: CUSTODY_FORMAT,
      caseId,
      item,
      files: files.map((f) => ({ path: f.path, part: evidencePartName(itemId, f.path), size: f.size, sha256: f.sha256, sha1: f.sha1, md5: f.md5 })),
      custody: state.custody,
    };
    const name = custodyPartName(itemId);
    await writer.add(name, Buffer.from(`${JSON.stringify(custody, null, 2)}\n`));
    parts.push({ ...writer.files.at(-1)!, kind: 'custody', itemId });
  }
  return { parts, counts };
}
