import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { tagOf } from '../vault/aead';
import { fsyncDir } from '../fs/atomic-write';
import { openCaseFile, sealCaseFile } from '../timeline/run-format';
import { TIMELINE_DIR } from '../timeline/run-files';
import type { EventEntityColumns } from '../cases/event-entity-table';

/**
 * The entities an import found in its events, stored as pages beside the
 * timeline's runs rather than in the journal: a case may name millions of
 * addresses, hashes and paths, and the journal is read whole whenever a case
 * is opened or listed. A page is one file under timeline/, sealed with the
 * case key like a run (case id and file name bound), and the import's commit
 * record names each page with its tag, so a page cannot be swapped, replaced
 * or moved to another case unnoticed.
 *
 * A page's name is the import's first run's name plus ".e<k>.ents": the sweep
 * of unreferenced timeline files keeps a page exactly when its import's runs
 * are committed.
 *
 * Plaintext: u32 magic | u32 header length | JSON header {source, count,
 * textUnits} | ends (u32 × 4 per entity) | seen (f64 × 3 per entity) | text
 * (UTF-16LE, so string offsets are exact) — the columns of event-entity-table.ts.
 */
export interface EntityPageRef {
  /** File name under timeline/. */
  name: string;
  count: number;
  /** Hex GCM tag of the file: the journal binds it. */
  tag: string;
}

const MAGIC = 0x43424550; // 'CBEP'
export const ENTITIES_PER_PAGE = 50_000;
export const PAGE_SUFFIX = /\.e\d+\.ents$/;

interface PageHeader {
  source: string;
  count: number;
  textUnits: number;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function pack(source: string, columns: EventEntityColumns): Buffer[] {
  const count = columns.ends.length / 4;
  const header = Buffer.from(JSON.stringify({ source, count, textUnits: columns.text.length } satisfies PageHeader), 'utf8');
  const head = Buffer.alloc(align8(8 + header.length));
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(header.length, 4);
  header.copy(head, 8);
  const ends = Buffer.from(columns.ends.buffer, columns.ends.byteOffset, columns.ends.byteLength);
  const parts = [head, ends];
  if (ends.length % 8) parts.push(Buffer.alloc(8 - (ends.length % 8)));
  parts.push(Buffer.from(columns.seen.buffer, columns.seen.byteOffset, columns.seen.byteLength), Buffer.from(columns.text, 'utf16le'));
  return parts;
}

/** A page's columns, checked: a page that does not add up is refused, never read past its ends. */
export function decodeEntityPage(key: Buffer, caseId: string, name: string, sealed: Buffer): { source: string; columns: EventEntityColumns } {
  const plain = openCaseFile(key, caseId, name, sealed);
  const corrupt = (what: string) => new CasebookError('corrupt', `entity page ${name}: ${what}`);
  if (plain.length < 8 || plain.readUInt32LE(0) !== MAGIC) throw corrupt('not an entity page');
  const headerLength = plain.readUInt32LE(4);
  const header = JSON.parse(plain.toString('utf8', 8, 8 + headerLength)) as PageHeader;
  const n = header.count;
  const at = align8(8 + headerLength);
  const endsBytes = 16 * n;
  const seenAt = at + align8(endsBytes);
  const textAt = seenAt + 24 * n;
  if (!Number.isInteger(n) || n < 0 || textAt + 2 * header.textUnits !== plain.length) throw corrupt(`${plain.length} bytes do not hold ${n} entities`);
  const ends = new Uint32Array(plain.buffer, plain.byteOffset + at, 4 * n);
  const seen = new Float64Array(plain.buffer, plain.byteOffset + seenAt, 3 * n);
  const text = plain.toString('utf16le', textAt, textAt + 2 * header.textUnits);
  for (let k = 0, from = 0; k < ends.length; from = ends[k++]!) {
    if (ends[k]! < from || ends[k]! > text.length) throw corrupt(`string ${k} ends at ${ends[k]}, outside ${from}..${text.length}`);
  }
  return { source: header.source, columns: { text, ends, seen } };
}

/** Reads and opens a page the journal names, checking its tag first. */
export async function readEntityPage(
  caseDir: string,
  caseId: string,
  key: Buffer,
  ref: EntityPageRef,
): Promise<{ source: string; columns: EventEntityColumns }> {
  const sealed = await fs.readFile(path.join(caseDir, TIMELINE_DIR, ref.name)).catch(() => null);
  if (!sealed) throw new CasebookError('corrupt', `entity page ${ref.name} of case ${caseId} is missing`);
  if (tagOf(sealed).toString('hex') !== ref.tag)
    throw new CasebookError('corrupt', `entity page ${ref.name} of case ${caseId} is not the one the journal recorded`);
  return decodeEntityPage(key, caseId, ref.name, sealed);
}

function slice(columns: EventEntityColumns, a: number, b: number): EventEntityColumns {
  const from = a === 0 ? 0 : columns.ends[4 * a - 1]!;
  const ends = columns.ends.slice(4 * a, 4 * b);
  if (from > 0) for (let k = 0; k < ends.length; k++) ends[k]! -= from;
  return { text: columns.text.slice(from, columns.ends[4 * b - 1]), ends, seen: columns.seen.slice(3 * a, 3 * b) };
}

/**
 * Writes `columns` as sealed pages into the case's timeline folder (synced,
 * then the folder), named after `runName`, and returns what the journal keeps.
 */
export async function writeEntityPages(
  caseDir: string,
  caseId: string,
  key: Buffer,
  runName: string,
  source: string,
  columns: EventEntityColumns,
  perPage = ENTITIES_PER_PAGE,
): Promise<EntityPageRef[]> {
  const n = columns.ends.length / 4;
  if (n === 0) return [];
  const dir = path.join(caseDir, TIMELINE_DIR);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const refs: EntityPageRef[] = [];
  for (let a = 0, k = 0; a < n; a += perPage, k++) {
    const b = Math.min(n, a + perPage);
    const name = `${runName}.e${k}.ents`;
    const sealed = sealCaseFile(key, caseId, name, pack(source, slice(columns, a, b)));
    const handle = await fs.open(path.join(dir, name), 'w', 0o600);
    try {
      await handle.writeFile(Buffer.concat(sealed));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    refs.push({ name, count: b - a, tag: sealed.at(-1)!.toString('hex') });
  }
  await fsyncDir(dir);
  return refs;
}
