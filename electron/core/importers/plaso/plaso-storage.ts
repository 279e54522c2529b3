import { inflateSync } from 'node:zlib';
import { MAX_NESTING, tooDeep } from '../nesting';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { plasoEvent } from './plaso-jsonl';
import { isPlasoStorage, SqliteFile, type SqlTable, type SqlValue } from './sqlite-file';
import { copyFields, dataObject } from '../data-object';

/**
 * Plaso's own storage file (.plaso): an SQLite database with one table per
 * kind of attribute container. Read here without SQLite (sqlite-file.ts):
 * every row of `event` (time, timestamp_desc, and the identifier of its
 * `event_data`), joined with its event data (zlib-compressed JSON in `_data`,
 * or one column per field in other format versions) and that data's stream
 * (path specification, hashes). psort formats messages with per-parser
 * formatters Casebook does not have; the common ones (Windows event logs,
 * file system times) are written the way psort writes them, others list the
 * event data's fields.
 */

type Obj = Record<string, unknown>;

/** Fields that say how Plaso stored the container, not what happened. */
const INTERNAL = new Set([
  '__type__',
  '__container_type__',
  '_event_values_hash',
  '_event_data_identifier',
  '_event_data_stream_identifier',
  '_event_data_row_identifier',
  '_parser_chain',
  '_identifier',
]);
/** Decoded event data and streams kept for the next events (events of one record come together)... */
const CACHED = 2048;
/** ...as long as their JSON text comes to no more than this. */
const CACHED_CHARS = 64 * 1024 * 1024;
/**
 * A row's `_data` inflates to at most this many bytes: Plaso's event data are
 * kilobytes (an event log record with its XML), and a zlib stream can inflate
 * a thousandfold, so a few MiB of crafted rows could otherwise ask for
 * gigabytes before the JSON parser even starts.
 */
export const MAX_INFLATED_ROW = 16 * 1024 * 1024;
/** ...and to at most this many times its compressed size, once past SMALL_ROW (real rows: under 20). */
export const MAX_ROW_RATIO = 200;
const SMALL_ROW = 1024 * 1024;

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** psort's message for the data types a responder meets most; the rest list their fields. */
export function plasoMessage(data: Obj): string {
  switch (data.data_type) {
    case 'windows:evtx:record': {
      const id = typeof data.message_identifier === 'number' ? ` / 0x${data.message_identifier.toString(16).padStart(4, '0')}` : '';
      const strings = Array.isArray(data.strings) ? `[${data.strings.map((s) => `'${str(s)}'`).join(', ')}]` : str(data.strings);
      return (
        `[${str(data.event_identifier)}${id}] Provider identifier: ${str(data.provider_identifier)} Source Name: ${str(data.source_name)} ` +
        `Strings: ${strings} Computer Name: ${str(data.computer_name)} Record Number: ${str(data.record_number)} Event Level: ${str(data.event_level)}`
      );
    }
    case 'fs:stat':
      return `${str(data.display_name) || str(data.filename)} Type: ${str(data.file_entry_type)}${data.is_allocated === false ? ' (unallocated)' : ''}`;
    default: {
      const parts: string[] = [];
      for (const [key, value] of Object.entries(data)) {
        if (
          INTERNAL.has(key) ||
          key === 'data_type' ||
          key === 'xml_string' ||
          value === null ||
          value === '' ||
          (typeof value === 'object' && value !== null && '__type__' in value)
        )
          continue;
        parts.push(`${key}: ${str(value).slice(0, 200)}`);
      }
      return parts.join(' ');
    }
  }
}

/** A row's `_data` inflated, never past MAX_INFLATED_ROW nor past MAX_ROW_RATIO times its compressed size. */
export function inflateRow(bytes: Buffer, where: () => string): Buffer {
  const limit = Math.min(MAX_INFLATED_ROW, Math.max(SMALL_ROW, bytes.length * MAX_ROW_RATIO));
  try {
    return inflateSync(bytes, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImportProblem(
        `${where()}: _data inflates to more than ${limit} bytes from ${bytes.length} compressed (the limit is ${MAX_ROW_RATIO} times its size, ` +
          `at most ${MAX_INFLATED_ROW / 2 ** 20} MiB): refused as a zlib bomb`,
      );
    }
    throw new ImportProblem(`${where()}: _data is not zlib-compressed as the storage's metadata says`);
  }
}

/** A container row as an object: its `_data` (JSON, zlib-compressed or not) and its other columns, and the length of its text. */
function decode(values: Record<string, SqlValue>, compressed: boolean, where: () => string): { row: Obj; chars: number } {
  const row: Obj = dataObject();
  let chars = 0;
  for (const [key, value] of Object.entries(values)) {
    if (key === '_data' || value === null) continue;
    if (typeof value === 'string') chars += value.length;
    // Column-per-field formats keep objects (date_time, path_spec) as JSON text.
    row[key] = typeof value === 'string' && value.startsWith('{"') ? parseJson(value, where) : typeof value === 'bigint' ? value.toString() : value;
  }
  const data = values._data;
  if (data !== null && data !== undefined) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer);
    const text = (compressed ? inflateRow(bytes, where) : bytes).toString('utf8');
    chars += text.length;
    copyFields(row, parseJson(text, where));
  }
  return { row, chars };
}

/** A row whose JSON nests too deep: one invalid record (the events that use it), not a refusal of the whole file. */
class NestedTooDeep extends Error {
  constructor(
    readonly field: string | null,
    where: string,
  ) {
    super(`${where}: ${field === null ? 'the data' : `field "${field}"`} is nested more than ${MAX_NESTING} levels deep`);
  }
}

function parseJson(text: string, where: () => string): Obj {
  let value: Obj;
  try {
    value = JSON.parse(text) as Obj;
  } catch (err) {
    throw new ImportProblem(`${where()}: not valid JSON (${(err as Error).message})`);
  }
  const deep = tooDeep(value);
  if (deep) throw new NestedTooDeep(deep.field, where());
  return value;
}

/** A small cache of rows by rowid, for the joins: each event looks up its event data and that data's stream. */
class RowCache {
  /** Each row read, or why it cannot be used (nested too deep), so that every event that uses it says so. */
  private readonly rows = new Map<number, { row: Obj | null; chars: number; deep?: NestedTooDeep }>();
  private chars = 0;
  constructor(
    private readonly file: SqliteFile,
    private readonly table: SqlTable | undefined,
    private readonly compressed: boolean,
    private readonly label: string,
  ) {}

  async get(rowid: number): Promise<Obj | null> {
    if (!this.table) return null;
    let entry = this.rows.get(rowid);
    if (entry === undefined) {
      const found = await this.file.row(this.table, rowid);
      try {
        entry = found ? decode(found.values, this.compressed, () => `${this.label} ${rowid}`) : { row: null, chars: 0 };
      } catch (err) {
        if (!(err instanceof NestedTooDeep)) throw err;
        entry = { row: null, chars: 0, deep: err };
      }
      this.rows.set(rowid, entry);
      this.chars += entry.chars;
      // Oldest first; the newest row stays, however large.
      while (this.rows.size > 1 && (this.rows.size > CACHED || this.chars > CACHED_CHARS)) {
        const oldest = this.rows.keys().next().value!;
        this.chars -= this.rows.get(oldest)!.chars;
        this.rows.delete(oldest);
      }
    }
    if (entry.deep) throw entry.deep;
    return entry.row;
  }
}

/** "event_data.12" → 12 (Plaso's identifiers name the table and the row). */
function rowidOf(identifier: unknown, table: string): number | null {
  if (typeof identifier === 'number') return identifier;
  if (typeof identifier !== 'string' || !identifier.startsWith(table) || identifier.charCodeAt(table.length) !== 46) return null;
  const rowid = Number(identifier.slice(table.length + 1));
  return Number.isSafeInteger(rowid) && rowid > 0 ? rowid : null;
}

export const plasoStorage: Importer = {
  format: 'plaso-storage',
  label: 'Plaso storage (.plaso)',
  sniff(sample: Sample): number {
    return isPlasoStorage(sample.head) ? 0.97 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const storage = await openStorage(ctx);
    // A large file's second half is decoded by another thread at the same time (import/parallel-tail.ts).
    const from = Math.floor(storage.total / 2) + 1;
    const tail = (await ctx.parallelTail?.({ format: 'plaso-storage', from, records: storage.total })) ?? null;
    await readEvents(ctx, storage, 1, tail ? from : Infinity);
    await tail?.join();
  },
};

/** The events of a storage file from rowid `from` on: the part another thread imports (import/tail-import.ts). */
export async function plasoStorageTail(ctx: ImportContext, from: number): Promise<void> {
  await readEvents(ctx, await openStorage(ctx), from, Infinity);
}

interface Storage {
  db: SqliteFile;
  events: SqlTable;
  eventData: RowCache;
  streams: RowCache;
  /** Whether containers' `_data` is zlib-compressed. */
  compressed: boolean;
  /** The last event's rowid (the table's size, near enough: AUTOINCREMENT never reuses one); 0 when unknown. */
  total: number;
}

async function openStorage(ctx: ImportContext): Promise<Storage> {
  const db = await SqliteFile.open((offset, length) => ctx.readAt(offset, length), ctx.file, ctx.size);
  if (db.walMode) ctx.warn('the storage file is in write-ahead-log mode: changes Plaso had not yet merged into it (a .plaso-wal file) are not read');
  const metadata = new Map<string, string>();
  const metaTable = db.table('metadata');
  if (metaTable) for await (const row of db.rows(metaTable)) metadata.set(str(row.values.key), str(row.values.value));
  const serialization = metadata.get('serialization_format') ?? 'json';
  if (serialization !== 'json') throw new ImportProblem(`${ctx.file}: Plaso serialization format "${serialization}"; only JSON storage files are read`);
  const compressed = (metadata.get('compression_format') ?? 'zlib') === 'zlib';
  const events = db.table('event');
  if (!events)
    throw new ImportProblem(`${ctx.file}: a Plaso storage file without an "event" table (format version ${metadata.get('format_version') ?? 'unknown'})`);
  ctx.columns(events.columns);
  let total = 0;
  const sequence = db.table('sqlite_sequence');
  if (sequence) for await (const row of db.rows(sequence)) if (row.values.name === 'event') total = Number(row.values.seq) || 0;
  if (total > 0) ctx.expectRecords?.(total);
  return {
    db,
    events,
    eventData: new RowCache(db, db.table('event_data'), compressed, `${ctx.file}: event_data row`),
    streams: new RowCache(db, db.table('event_data_stream'), compressed, `${ctx.file}: event_data_stream row`),
    compressed,
    total,
  };
}

interface Joined {
  event: Obj;
  data: Obj | null;
  stream: Obj | null;
}

/** An event row with its event data and that data's stream; NestedTooDeep when one of them nests too deep. */
async function join(ctx: ImportContext, storage: Storage, values: Record<string, SqlValue>, rowid: number): Promise<Joined> {
  const event = decode(values, storage.compressed, () => `${ctx.file}: event row ${rowid}`).row;
  const dataId = rowidOf(event._event_data_identifier ?? event._event_data_row_identifier, 'event_data');
  const data = dataId === null ? null : await storage.eventData.get(dataId);
  if (dataId !== null && !data) ctx.warn(`event row ${rowid}: its event data (event_data.${dataId}) is missing`);
  const streamId = rowidOf(data?._event_data_stream_identifier, 'event_data_stream');
  const stream = streamId === null ? null : await storage.streams.get(streamId);
  return { event, data, stream };
}

/** The events with rowids in [from, to), joined with their event data and streams; progress as the share of rowids read. */
async function readEvents(ctx: ImportContext, storage: Storage, from: number, to: number): Promise<void> {
  const { db, events, total } = storage;
  // Progress: the share of the table's rowids this part has read.
  const bytesAt = (rowid: number) => (total > 0 ? Math.min(ctx.size, Math.floor((ctx.size * Math.max(0, rowid - from + 1)) / total)) : 0);
  let reported = 0;
  let seen = 0;

  for await (const row of db.rows(events, from, to)) {
    let joined: Joined;
    try {
      joined = await join(ctx, storage, row.values, row.rowid);
    } catch (err) {
      if (!(err instanceof NestedTooDeep)) throw err;
      ctx.invalid({ position: { record: row.rowid }, field: err.field, reason: err.message });
      continue;
    }
    const { event, data, stream } = joined;

    // The event's own timestamp column is exact µs; date_time's numbers went through JSON doubles
    // (a FILETIME has 18 digits). date_time decides only for wall-clock times, which need the import's zone.
    const exact = typeof event.timestamp === 'number' && event.timestamp !== 0 && (event.date_time as Obj | undefined)?.is_local_time !== true;
    const merged: Obj = dataObject();
    for (const source of [stream, data, event]) {
      if (!source) continue;
      for (const key in source) if (!INTERNAL.has(key) && key !== 'path_spec' && !(exact && key === 'date_time')) merged[key] = source[key];
    }
    if (data) {
      merged.parser = data._parser_chain ?? data.parser;
      merged.message = plasoMessage(data);
      merged.hostname = data.hostname ?? data.computer_name;
      merged.username = data.username ?? data.user_sid;
    }
    if (stream?.path_spec) merged.pathspec = stream.path_spec;
    const timeline = plasoEvent(ctx, merged, { record: row.rowid });
    if (timeline) ctx.event(timeline);

    if (++seen % 1000 === 0) {
      const done = bytesAt(row.rowid);
      ctx.bytes(done - reported);
      reported = done;
      await ctx.checkpoint();
    }
  }
  // The whole file once both parts are read: the first part counts up to where the second starts.
  const share = to === Infinity ? ctx.size - Math.min(ctx.size, Math.floor((ctx.size * (from - 1)) / Math.max(total, 1))) : bytesAt(to - 1);
  ctx.bytes(Math.max(0, share - reported));
  await ctx.checkpoint();
}
