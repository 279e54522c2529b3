import { createHash } from 'node:crypto';
import type { PackageCheck, PackageManifest } from '../../../shared/domain/packages';
import type { JournalRecord } from '../cases/records/journal-record';
import { evidenceItems } from '../evidence/evidence-state';
import { custodyPartName, evidencePartName } from './evidence-names';
import type { EntryHeader } from './package-reader';

/** Hashes an evidence file as it streams past: memory holds the piece in hand, whatever the file's size. */
export async function hashEntry(entry: EntryHeader, body: AsyncIterable<Buffer>): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of body) {
    hash.update(piece);
    bytes += piece.length;
  }
  if (bytes !== entry.size) throw new Error(`"${entry.name}" holds ${bytes} bytes, its tar header says ${entry.size}`);
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * The evidence part checked against the journal: every file of every ingested
 * item is in the package, under the name its path gives, and hashes (as read,
 * and as the manifest lists it) to the SHA-256 its `evidence.added` record
 * says it was ingested with; every evidence part belongs to an item the
 * journal holds. Packages of format 1 carried no evidence files.
 */
export function evidenceCheck(
  manifest: PackageManifest | null,
  records: readonly JournalRecord[],
  seen: ReadonlyMap<string, { bytes: number; sha256: string }>,
): PackageCheck {
  const name = 'evidence';
  if (!manifest) return { name, ok: false, detail: 'no manifest to check the evidence against' };
  const items = evidenceItems(records);
  const parts = new Map(manifest.parts.filter((p) => p.kind === 'evidence' || p.kind === 'custody').map((p) => [p.name, p]));
  const expected = new Set<string>();
  let files = 0;
  let bytes = 0;
  for (const [itemId, { item }] of items) {
    if (manifest.formatVersion < 2) continue;
    expected.add(custodyPartName(itemId));
    if (!parts.has(custodyPartName(itemId))) return { name, ok: false, detail: `the custody file of "${item.title}" (${itemId}) is missing` };
    if (item.storage !== 'ingested') continue;
    for (const file of item.files) {
      const partName = evidencePartName(itemId, file.path);
      expected.add(partName);
      const part = parts.get(partName);
      const got = seen.get(partName);
      const where = `evidence "${item.title}" (${itemId}), file ${file.path}`;
      if (!part || !got) return { name, ok: false, detail: `${where}: not in the package` };
      if (part.sha256 !== file.sha256 || part.bytes !== file.size)
        return {
          name,
          ok: false,
          detail: `${where}: the manifest lists SHA-256 ${part.sha256}, ${part.bytes} bytes; it was ingested as ${file.sha256}, ${file.size} bytes`,
        };
      if (got.sha256 !== file.sha256 || got.bytes !== file.size)
        return {
          name,
          ok: false,
          detail: `${where}: reads as SHA-256 ${got.sha256}, ${got.bytes} bytes; it was ingested as ${file.sha256}, ${file.size} bytes`,
        };
      files++;
      bytes += file.size;
    }
  }
  const stray = [...parts.keys()].find((n) => !expected.has(n));
  if (stray) return { name, ok: false, detail: `${stray} belongs to no evidence item of the journal` };
  return {
    name,
    ok: true,
    detail: `${items.size} item(s); ${files} file(s), ${bytes} bytes, each hashing to the SHA-256 it was ingested with`,
  };
}
