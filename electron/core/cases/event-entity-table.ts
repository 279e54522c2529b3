import { isoUs } from '../../../shared/time';
import { ENTITY_TYPES, type EntityRecord, type EntityType } from '../../../shared/domain/records';
import type { EventEntityTable } from './records/import-records';

/**
 * The entities an import found in its events, journaled as tables rather than
 * as one EntityRecord each. A large import finds up to 100,000 of them, and
 * they differ only in type, value, key, id, first and last seen and event
 * count: none has roles, a verdict or a remediation status, and the imported
 * file is the one source of all. As records they were about 340 bytes of JSON
 * each, and serializing and sealing 34 MB took a third of a second at the end
 * of every large import; as a table they are about 110 bytes each and a few
 * milliseconds.
 *
 * Entity i has four strings in `text`, one after another: type, value as found,
 * normalized key and id. String k ends at ends[k] and starts where string k-1
 * ends (0 for the first). Its numbers are seen[3i] and seen[3i+1], first and
 * last seen in µs since the epoch (UTC), and seen[3i+2], its event count.
 * `ends` is base64 of little-endian uint32s and `seen` of little-endian
 * float64s: the byte order of every platform Electron runs on.
 */
export type { EventEntityTable };

/** The columns a table is made from and read back into. */
export interface EventEntityColumns {
  text: string;
  ends: Uint32Array;
  seen: Float64Array;
}

/** Entities per table: one journal record each, far below its size limit even for long values, and each sealed while the one before it is written. */
export const ENTITIES_PER_TABLE = 10_000;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('event entity tables are little-endian; this machine is not');

function base64Of(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

/** Copies decoded bytes into a fresh, aligned array (Buffer.from may return a view at any offset of a shared pool). */
function decode<T extends Uint32Array | Float64Array>(base64: string, make: (length: number) => T, what: string): T {
  const bytes = Buffer.from(base64, 'base64');
  const width = make(0).BYTES_PER_ELEMENT;
  if (bytes.length % width !== 0) throw new Error(`event entity table: ${what} is ${bytes.length} bytes, not a whole number of ${width}-byte values`);
  const out = make(bytes.length / width);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** `columns` as tables of at most `perTable` entities each. */
export function encodeEventEntities(source: string, columns: EventEntityColumns, perTable = ENTITIES_PER_TABLE): EventEntityTable[] {
  const { text, ends, seen } = columns;
  const n = ends.length / 4;
  const tables: EventEntityTable[] = [];
  for (let a = 0; a < n; a += perTable) {
    const b = Math.min(n, a + perTable);
    const from = a === 0 ? 0 : ends[4 * a - 1]!;
    let tableEnds = ends.subarray(4 * a, 4 * b);
    if (from > 0) tableEnds = tableEnds.map((end) => end - from);
    tables.push({
      source,
      text: text.slice(from, ends[4 * b - 1]),
      ends: base64Of(tableEnds),
      seen: base64Of(seen.subarray(3 * a, 3 * b)),
    });
  }
  return tables;
}

/** How many entities a table holds, from the length of its base64 `ends` (16 bytes each), without decoding it. */
export function eventEntityCount(table: EventEntityTable | undefined): number {
  if (!table) return 0;
  const padding = table.ends.endsWith('==') ? 2 : table.ends.endsWith('=') ? 1 : 0;
  return Math.floor(((table.ends.length / 4) * 3 - padding) / 16);
}

/** A table's columns, checked for consistency: a table that does not add up is refused, never read past its ends. */
export function decodeEventEntities(table: EventEntityTable): EventEntityColumns {
  const ends = decode(table.ends, (n) => new Uint32Array(n), 'ends');
  const seen = decode(table.seen, (n) => new Float64Array(n), 'seen');
  const n = ends.length / 4;
  if (!Number.isInteger(n) || seen.length !== 3 * n) {
    throw new Error(`event entity table: ${ends.length} string ends and ${seen.length} numbers do not make whole entities (4 ends and 3 numbers each)`);
  }
  for (let k = 0, from = 0; k < ends.length; from = ends[k++]!) {
    if (ends[k]! < from || ends[k]! > table.text.length)
      throw new Error(`event entity table: string ${k} ends at ${ends[k]}, outside ${from}..${table.text.length}`);
  }
  return { text: table.text, ends, seen };
}

/** The entities of a table as records of case `caseId`. */
export function eventEntityRecords(table: EventEntityTable, caseId: string): EntityRecord[] {
  return entityRecordsOf(decodeEventEntities(table), table.source, caseId);
}

const ENTITY_TYPE_SET: ReadonlySet<string> = new Set(ENTITY_TYPES);
const isEntityType = (type: string): type is EntityType => ENTITY_TYPE_SET.has(type);

/** Entities in columns as records of case `caseId`, all from `source`. */
export function entityRecordsOf(columns: EventEntityColumns, source: string, caseId: string): EntityRecord[] {
  const { text, ends, seen } = columns;
  const records = new Array<EntityRecord>(ends.length / 4);
  for (let i = 0, from = 0; i < records.length; from = ends[4 * i + 3]!, i++) {
    const type = text.slice(from, ends[4 * i]);
    if (!isEntityType(type)) throw new Error(`event entity table: entity ${i + 1} has the type "${type}", which is not an entity type`);
    records[i] = {
      id: text.slice(ends[4 * i + 2], ends[4 * i + 3]),
      caseId,
      type,
      key: text.slice(ends[4 * i + 1], ends[4 * i + 2]),
      display: text.slice(ends[4 * i], ends[4 * i + 1]).trim(),
      roles: [],
      verdict: null,
      remediationStatus: null,
      sources: [source],
      firstSeen: isoUs(seen[3 * i]!),
      lastSeen: isoUs(seen[3 * i + 1]!),
      attributes: { events: seen[3 * i + 2]! },
    };
  }
  return records;
}
