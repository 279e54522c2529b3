import { ImportProblem } from '../problems';
import { childFor, leafCellFor, PageSet, varint } from './sqlite-btree';
import { dataObject } from '../data-object';

/**
 * A read-only reader of SQLite database files, for Plaso's storage files: it
 * walks table b-trees page by page (https://www.sqlite.org/fileformat2.html),
 * so a file of any size is read in bounded memory, and it needs no SQLite
 * engine (no native module, no WebAssembly). It reads what a table holds, in
 * rowid order or by rowid; it does not run SQL, and it refuses what it cannot
 * read faithfully (UTF-16 text) rather than guess.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

export type SqlValue = null | number | bigint | string | Buffer;

export interface SqlRow {
  rowid: number;
  /** By column name; an INTEGER PRIMARY KEY column holds the rowid, as SQLite stores it. */
  values: Record<string, SqlValue>;
}

export interface SqlTable {
  name: string;
  rootPage: number;
  columns: string[];
  /** The column that is an alias of the rowid (INTEGER PRIMARY KEY), if any. */
  rowidColumn: string | null;
}

const MAGIC = 'SQLite format 3\0';

export function isSqlite(head: Buffer): boolean {
  return head.length >= 16 && head.toString('latin1', 0, 16) === MAGIC;
}

/** An SQLite file whose schema (in its first pages) has Plaso's tables. */
export function isPlasoStorage(head: Buffer): boolean {
  if (!isSqlite(head)) return false;
  const schema = head.toString('latin1');
  return /CREATE TABLE\s+"?metadata"?/i.test(schema) && /CREATE TABLE\s+"?(event_data|event|event_source)"?/i.test(schema);
}
/** Pages are read in blocks of this many bytes, and this many blocks are kept. */
const BLOCK = 256 * 1024;
const CACHED_BLOCKS = 64;

/** The largest row read (Plaso's event data are kilobytes; a damaged length must not exhaust memory). */
const MAX_ROW_BYTES = 256 * 1024 * 1024;

const LEAF_TABLE = 0x0d;
const INTERIOR_TABLE = 0x05;

export class SqliteFile {
  private pageSize = 0;
  private usable = 0;
  private pageCount = 0;
  /**
   * The row each overflow page reached by a lookup (row()) belongs to, as its
   * table's root page and its rowid: a chain shared by two rows (which would
   * repeat one row's content as another's) is refused. Made at the first lookup.
   */
  private overflowOwners: { root: Uint32Array; rowid: Float64Array } | null = null;
  private readonly blocks = new Map<number, Buffer>();
  private tablesByName: Map<string, SqlTable> | null = null;

  private constructor(
    private readonly readAt: ReadAt,
    private readonly name: string,
    private readonly size: number,
  ) {}

  /** The file was left in write-ahead-log mode: changes still in a -wal file beside it are not seen. */
  walMode = false;

  /** Opens the file: checks its header and reads its schema. */
  static async open(readAt: ReadAt, name: string, size: number): Promise<SqliteFile> {
    const file = new SqliteFile(readAt, name, size);
    const header = await readAt(0, 100);
    if (header.length < 100 || header.toString('latin1', 0, 16) !== MAGIC) throw new ImportProblem(`${name}: not an SQLite database`);
    const raw = header.readUInt16BE(16);
    file.pageSize = raw === 1 ? 65536 : raw;
    if (file.pageSize < 512 || (file.pageSize & (file.pageSize - 1)) !== 0) throw new ImportProblem(`${name}: SQLite header: page size ${raw} is not valid`);
    file.usable = file.pageSize - header[20]!;
    file.pageCount = Math.floor(size / file.pageSize);
    if (file.pageCount < 1) file.fail(1, 'cut short');
    const encoding = header.readUInt32BE(56);
    if (encoding !== 0 && encoding !== 1) throw new ImportProblem(`${name}: the database stores text as UTF-16, which this reader does not read`);
    file.walMode = header[18] === 2;
    file.tablesByName = await file.readSchema();
    return file;
  }

  private fail(page: number, what: string): never {
    throw new ImportProblem(`${this.name}: SQLite page ${page}: ${what}; the file is damaged or truncated`);
  }

  private async page(number: number): Promise<Buffer> {
    if (number < 1 || number > this.pageCount) this.fail(number, `page number out of range (the file has ${this.pageCount})`);
    const offset = (number - 1) * this.pageSize;
    const blockStart = Math.floor(offset / BLOCK) * BLOCK;
    let block = this.blocks.get(blockStart);
    if (block) {
      // Most recently used last.
      this.blocks.delete(blockStart);
      this.blocks.set(blockStart, block);
    } else {
      block = await this.readAt(blockStart, Math.min(BLOCK, this.size - blockStart));
      this.blocks.set(blockStart, block);
      if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    }
    const page = block.subarray(offset - blockStart, offset - blockStart + this.pageSize);
    if (page.length < this.pageSize) this.fail(number, 'cut short');
    return page;
  }

  table(name: string): SqlTable | undefined {
    return this.tablesByName!.get(name);
  }

  private async readSchema(): Promise<Map<string, SqlTable>> {
    const master: SqlTable = { name: 'sqlite_master', rootPage: 1, columns: ['type', 'name', 'tbl_name', 'rootpage', 'sql'], rowidColumn: null };
    const tables = new Map<string, SqlTable>();
    for await (const row of this.rows(master)) {
      const { type, name, rootpage, sql } = row.values;
      if (type !== 'table' || typeof name !== 'string' || typeof rootpage !== 'number' || typeof sql !== 'string') continue;
      tables.set(name, { name, rootPage: rootpage, ...columnsOf(sql) });
    }
    return tables;
  }

  /**
   * Every row of a table in rowid order, or those with rowids in [from, to).
   * A b-tree is a tree: each page (b-tree or overflow) is reached once and the
   * rowids only grow. A damaged or crafted file breaks that (a child named by
   * two parents, the same leaf copied twice, an overflow chain shared by many
   * cells), repeating rows silently or multiplying a small file's content, so
   * the walk refuses a page reached twice and a rowid that does not grow.
   */
  async *rows(table: SqlTable, from = -Infinity, to = Infinity): AsyncGenerator<SqlRow> {
    // Depth-first over the b-tree; the stack holds pages still to visit, leftmost last.
    const stack: number[] = [table.rootPage];
    const seen = new PageSet(this.pageCount);
    let last = -Infinity;
    while (stack.length) {
      const number = stack.pop()!;
      if (!seen.add(number)) this.fail(number, `reached a second time in table "${table.name}": its b-tree pages form a loop or share a child`);
      const page = await this.page(number);
      const at = number === 1 ? 100 : 0;
      const type = page[at]!;
      const cells = page.readUInt16BE(at + 3);
      if (type === INTERIOR_TABLE) {
        this.guard(number, () => {
          // Cell i's child holds the rowids after key i-1 up to key i; the right-most pointer, those after the last key.
          const keys: number[] = [];
          for (let i = 0; i < cells; i++) keys.push(varint(page, page.readUInt16BE(at + 12 + i * 2) + 4)[0]);
          const wanted = (low: number, high: number) => low < to && high >= from;
          if (wanted(cells ? keys[cells - 1]! + 1 : -Infinity, Infinity)) stack.push(page.readUInt32BE(at + 8));
          for (let i = cells - 1; i >= 0; i--) {
            if (wanted(i ? keys[i - 1]! + 1 : -Infinity, keys[i]!)) stack.push(page.readUInt32BE(page.readUInt16BE(at + 12 + i * 2)));
          }
        });
        continue;
      }
      if (type !== LEAF_TABLE) this.fail(number, `not a table b-tree page (type 0x${type.toString(16)})`);
      for (let i = 0; i < cells; i++) {
        const cell = this.guard(number, () => page.readUInt16BE(at + 8 + i * 2));
        const rowid = this.guard(number, () => varint(page, cell + varint(page, cell)[1])[0]);
        if (rowid <= last) this.fail(number, `table "${table.name}": row ${rowid} comes after row ${last}: a rowid is repeated or out of order`);
        last = rowid;
        if (rowid < from || rowid >= to) continue;
        yield await this.leafCell(table, page, number, cell, seen);
      }
    }
  }

  /** Runs a read of page `number`; a read past the page's end is reported as damage to that page. */
  private guard<T>(number: number, read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) this.fail(number, `it cannot be read (${err.message})`);
      throw err;
    }
  }

  /** The row with this rowid, or null. */
  async row(table: SqlTable, rowid: number): Promise<SqlRow | null> {
    let number = table.rootPage;
    for (let depth = 0; depth < 64; depth++) {
      const page = await this.page(number);
      const at = number === 1 ? 100 : 0;
      const type = page[at]!;
      const cells = page.readUInt16BE(at + 3);
      if (type === INTERIOR_TABLE) {
        number = this.guard(number, () => childFor(page, at, cells, rowid));
        continue;
      }
      if (type !== LEAF_TABLE) this.fail(number, `not a table b-tree page (type 0x${type.toString(16)})`);
      const cell = this.guard(number, () => leafCellFor(page, at, cells, rowid));
      return cell === null ? null : this.leafCell(table, page, number, cell, new PageSet(this.pageCount), true);
    }
    this.fail(number, 'the b-tree is deeper than any real one');
  }

  /**
   * A leaf cell's row; `seen`, the pages a walk has reached (its overflow pages
   * join them); `lookup`, whether the row was looked up by rowid (its overflow
   * pages are then checked against every other row looked up).
   */
  private async leafCell(table: SqlTable, page: Buffer, number: number, cell: number, seen: PageSet, lookup = false): Promise<SqlRow> {
    // A damaged page can point anywhere: every read past its end is reported as damage, with the page.
    try {
      return await this.readCell(table, page, number, cell, seen, lookup);
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) this.fail(number, `a cell at offset ${cell} cannot be read (${err.message})`);
      throw err;
    }
  }

  private async readCell(table: SqlTable, page: Buffer, number: number, cell: number, seen: PageSet, lookup: boolean): Promise<SqlRow> {
    const [payloadLength, n1] = varint(page, cell);
    const [rowid, n2] = varint(page, cell + n1);
    const start = cell + n1 + n2;
    const claim = lookup ? (overflow: number) => this.claimOverflow(overflow, table, rowid, number) : null;
    const payload = await this.payload(page, number, start, payloadLength, seen, claim);
    return { rowid, values: this.record(table, payload, number, rowid) };
  }

  /** Records that overflow page `overflow` holds part of row `rowid` of `table`; refuses it if another row's chain reached it first. */
  private claimOverflow(overflow: number, table: SqlTable, rowid: number, from: number): void {
    const owners = (this.overflowOwners ??= { root: new Uint32Array(this.pageCount + 1), rowid: new Float64Array(this.pageCount + 1) });
    // A page past the file is refused when it is read.
    if (overflow >= owners.root.length) return;
    const root = owners.root[overflow]!;
    if (root === 0) {
      owners.root[overflow] = table.rootPage;
      owners.rowid[overflow] = rowid;
    } else if (root !== table.rootPage || owners.rowid[overflow] !== rowid) {
      const other = root === table.rootPage ? `row ${owners.rowid[overflow]}` : `a row of another table`;
      this.fail(from, `overflow page ${overflow} of row ${rowid} in table "${table.name}" also holds part of ${other}: rows share an overflow chain`);
    }
  }

  /** A cell's payload: its part on the page, then its overflow pages (each claimed by `claim`, for rows looked up by rowid). */
  private async payload(
    page: Buffer,
    number: number,
    start: number,
    length: number,
    seen: PageSet,
    claim: ((overflow: number) => void) | null,
  ): Promise<Buffer> {
    const u = this.usable;
    if (length > MAX_ROW_BYTES) this.fail(number, `a row of ${length} bytes, over the ${MAX_ROW_BYTES / 2 ** 20} MiB a row may have here`);
    // Overflow pages are the file's own: a row cannot hold more than the file.
    if (length > this.size) this.fail(number, `a row of ${length} bytes in a file of ${this.size}`);
    const maxLocal = u - 35;
    if (length <= maxLocal) {
      if (start + length > page.length) this.fail(number, 'a cell runs past the page');
      return page.subarray(start, start + length);
    }
    const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
    const k = minLocal + ((length - minLocal) % (u - 4));
    const local = k <= maxLocal ? k : minLocal;
    const parts = [page.subarray(start, start + local)];
    let got = local;
    let next = page.readUInt32BE(start + local);
    while (got < length) {
      if (next === 0) this.fail(number, 'an overflow chain ends early');
      if (!seen.add(next)) this.fail(number, `overflow page ${next} is reached a second time: the chain loops or is shared with another row`);
      claim?.(next);
      const overflow = await this.page(next);
      const take = Math.min(u - 4, length - got);
      parts.push(overflow.subarray(4, 4 + take));
      got += take;
      next = overflow.readUInt32BE(0);
    }
    return Buffer.concat(parts);
  }

  /** A record: its header of serial types, then the values (https://www.sqlite.org/fileformat2.html#record_format). */
  private record(table: SqlTable, payload: Buffer, number: number, rowid: number): Record<string, SqlValue> {
    const [headerLength, n] = varint(payload, 0);
    const types: number[] = [];
    for (let at = n; at < headerLength;) {
      const [type, len] = varint(payload, at);
      types.push(type);
      at += len;
    }
    const values: Record<string, SqlValue> = dataObject();
    let at = headerLength;
    types.forEach((type, i) => {
      let value: SqlValue;
      let size: number;
      const need = type <= 6 ? [0, 1, 2, 3, 4, 6, 8][type]! : type === 7 ? 8 : type >= 12 ? Math.floor((type - 12) / 2) : 0;
      if (at + need > payload.length) this.fail(number, `row ${rowid}: a value runs past its record`);
      if (type === 0) [value, size] = [null, 0];
      else if (type <= 6) {
        size = need;
        const big = readInt(payload, at, size);
        value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      } else if (type === 7) [value, size] = [payload.readDoubleBE(at), 8];
      else if (type === 8 || type === 9) [value, size] = [type - 8, 0];
      else if (type >= 12) {
        size = Math.floor((type - 12) / 2);
        value = type % 2 === 0 ? Buffer.from(payload.subarray(at, at + size)) : payload.toString('utf8', at, at + size);
      } else this.fail(number, `row ${rowid}: unknown serial type ${type}`);
      at += size;
      const column = table.columns[i] ?? `column${i + 1}`;
      values[column] = column === table.rowidColumn && value === null ? rowid : value;
    });
    // Columns added later (ALTER TABLE) and absent from older rows read as NULL; the rowid alias as the rowid.
    for (const column of table.columns) if (!(column in values)) values[column] = column === table.rowidColumn ? rowid : null;
    return values;
  }
}

/** A big-endian two's-complement integer of 1 to 8 bytes. */
function readInt(buf: Buffer, at: number, size: number): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(buf[at + i]!);
  const bits = BigInt(size * 8);
  return v & (1n << (bits - 1n)) ? v - (1n << bits) : v;
}

/** Column names from a CREATE TABLE statement, and which one aliases the rowid. */
export function columnsOf(sql: string): { columns: string[]; rowidColumn: string | null } {
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  if (open === -1 || close < open) return { columns: [], rowidColumn: null };
  const defs: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of sql.slice(open + 1, close)) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      defs.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) defs.push(current.trim());
  const columns: string[] = [];
  let rowidColumn: string | null = null;
  for (const def of defs) {
    // Table constraints are not columns.
    if (/^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b/i.test(def)) continue;
    const m = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|(\S+))\s*(.*)$/s.exec(def);
    if (!m) continue;
    const name = m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4]!;
    columns.push(name);
    if (/^INTEGER\s+PRIMARY\s+KEY\b/i.test(m[5]!.trim())) rowidColumn = name;
  }
  return { columns, rowidColumn };
}
