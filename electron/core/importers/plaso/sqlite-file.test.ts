import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { columnsOf, SqliteFile, type SqlValue } from './sqlite-file';

/**
 * The reader is checked against SQLite itself: databases are written by
 * Python's sqlite3 module (the reference implementation), then read back here
 * and compared value by value with what SQLite reads.
 */
const PYTHON_SQLITE = spawnSync('python3', ['-c', 'import sqlite3'], { encoding: 'utf8' }).status === 0;
const NO_PYTHON = 'python3 with its sqlite3 module is not installed: the reference databases cannot be written';

const tempDir = useTempDirs();

/** Runs a Python script that writes `db` and prints the rows SQLite reads as JSON. */
function makeDatabase(script: string): { file: string; expected: Record<string, [number, unknown[]][]> } {
  const file = path.join(tempDir(), 'test.db');
  const program = `
import sqlite3, json, base64
db = sqlite3.connect(${JSON.stringify(file)})
${script}
db.commit()
out = {}
for (name,) in db.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%'"):
    rows = []
    for row in db.execute(f'select rowid, * from "{name}" order by rowid'):
        rows.append([row[0], [('blob:' + base64.b64encode(v).decode()) if isinstance(v, bytes) else v for v in row[1:]]])
    out[name] = rows
print(json.dumps(out))
`;
  const expected = JSON.parse(execFileSync('python3', ['-c', program], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, [number, unknown[]][]>;
  return { file, expected };
}

async function openFile(file: string): Promise<SqliteFile> {
  const bytes = readFileSync(file);
  return SqliteFile.open(async (offset, length) => bytes.subarray(offset, offset + length), path.basename(file), bytes.length);
}

const plain = (v: SqlValue) => (Buffer.isBuffer(v) ? `blob:${v.toString('base64')}` : typeof v === 'bigint' ? Number(v) : v);

async function readAll(db: SqliteFile, name: string): Promise<[number, unknown[]][]> {
  const table = db.table(name)!;
  const rows: [number, unknown[]][] = [];
  for await (const row of db.rows(table)) rows.push([row.rowid, table.columns.map((c) => plain(row.values[c]!))]);
  return rows;
}

describe.skipIf(!PYTHON_SQLITE)(PYTHON_SQLITE ? 'SqliteFile, against SQLite itself' : NO_PYTHON, () => {
  it('reads every serial type: NULL, integers of each width, floats, 0 and 1, text and blobs', async () => {
    const { file, expected } = makeDatabase(`
db.execute('create table t (id INTEGER PRIMARY KEY, a, b, "quoted name" TEXT)')
values = [None, 0, 1, -1, 127, -128, 300, 70000, -8388608, 2**31, -2**40, 2**47 + 5, 2**52, -(2**52), 3.25, -0.5, 'héllo ✓', b'\\x00\\x01\\xff', '']
for i, v in enumerate(values):
    db.execute('insert into t (a, b, "quoted name") values (?, ?, ?)', (v, i, str(v)))
`);
    const db = await openFile(file);
    expect(db.table('t')).toMatchObject({ columns: ['id', 'a', 'b', 'quoted name'], rowidColumn: 'id' });
    expect(await readAll(db, 't')).toEqual(expected.t);
  });

  it('follows overflow pages and walks b-trees several levels deep, in rowid order', async () => {
    const { file, expected } = makeDatabase(`
db.execute('pragma page_size = 512')
db.execute('vacuum')
db.execute('create table big (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, data BLOB)')
for i in range(3000):
    db.execute('insert into big (body, data) values (?, ?)', ('x' * (i % 7 * 300) + str(i), bytes([i % 256]) * (i % 5 * 700)))
db.execute('delete from big where id % 10 = 3')
`);
    const db = await openFile(file);
    const rows = await readAll(db, 'big');
    expect(rows).toHaveLength(2700);
    expect(rows).toEqual(expected.big);
  });

  it('reads the rows of a rowid range, skipping the subtrees outside it, as SQLite itself reads WHERE rowid >= a AND rowid < b', async () => {
    const { file, expected } = makeDatabase(`
db.execute('pragma page_size = 512')
db.execute('vacuum')
db.execute('create table big (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)')
for i in range(4000):
    db.execute('insert into big (body) values (?)', ('y' * (i % 5 * 100) + str(i),))
db.execute('delete from big where id % 9 = 4 or (id > 1000 and id < 1300)')
`);
    const db = await openFile(file);
    const table = db.table('big')!;
    const ranges: [number, number][] = [
      [1, 2001],
      [2001, Infinity],
      [-Infinity, 1],
      [1000, 1300],
      [1005, 1006],
      [3999, 4000],
      [4000, 9000],
      [17, 3333],
      [2001, 2001],
    ];
    for (const [from, to] of ranges) {
      const rows: [number, unknown[]][] = [];
      for await (const row of db.rows(table, from, to)) rows.push([row.rowid, table.columns.map((c) => plain(row.values[c]!))]);
      expect(rows, `[${from}, ${to})`).toEqual(expected.big!.filter(([rowid]) => rowid >= from && rowid < to));
    }
  });

  it('finds a row by rowid, and says when there is none', async () => {
    const { file } = makeDatabase(`
db.execute('pragma page_size = 512')
db.execute('vacuum')
db.execute('create table t (id INTEGER PRIMARY KEY, v TEXT)')
db.executemany('insert into t (id, v) values (?, ?)', [(i * 3, 'v' * 50 + str(i)) for i in range(1, 5000)])
`);
    const db = await openFile(file);
    const table = db.table('t')!;
    for (const rowid of [3, 4998 * 3, 1500, 14997]) expect((await db.row(table, rowid))?.values).toEqual({ id: rowid, v: `${'v'.repeat(50)}${rowid / 3}` });
    for (const rowid of [0, 1, 1501, 15000]) expect(await db.row(table, rowid)).toBeNull();
  });

  it('reads rows written before a column was added as NULL in that column', async () => {
    const { file, expected } = makeDatabase(`
db.execute('create table t (a TEXT)')
db.execute("insert into t values ('old')")
db.execute('alter table t add column b INTEGER')
db.execute("insert into t values ('new', 7)")
`);
    const db = await openFile(file);
    expect(await readAll(db, 't')).toEqual(expected.t);
  });
});

describe('SqliteFile on damaged input', () => {
  it('refuses a file that is not SQLite, or that is cut short, naming the page', async () => {
    const junk = Buffer.alloc(4096, 1);
    await expect(SqliteFile.open(async (o, n) => junk.subarray(o, o + n), 'junk.db', junk.length)).rejects.toThrow('junk.db: not an SQLite database');
    const header = Buffer.alloc(100);
    header.write('SQLite format 3\0', 0, 'latin1');
    header.writeUInt16BE(4096, 16);
    const cut = Buffer.concat([header, Buffer.alloc(50)]);
    await expect(SqliteFile.open(async (o, n) => cut.subarray(o, o + n), 'cut.db', cut.length)).rejects.toThrow(
      'cut.db: SQLite page 1: cut short; the file is damaged or truncated',
    );
  });
});

describe('columnsOf', () => {
  it('reads column names and the rowid alias from CREATE TABLE, skipping table constraints', () => {
    expect(
      columnsOf(
        'CREATE TABLE event (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, date_time TEXT, "odd ""name""" INT, [b] x, PRIMARY KEY (a, b), CHECK (x > 0))',
      ),
    ).toEqual({
      columns: ['_identifier', 'date_time', 'odd "name"', 'b'],
      rowidColumn: '_identifier',
    });
  });
});
