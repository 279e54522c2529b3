/**
 * Plaso's own storage file (.plaso) is an SQLite database. Reading it would
 * need an SQLite engine, which Casebook does not ship (a native module, or a
 * WebAssembly build, neither among its dependencies); the file is recognised
 * so the user is told how to export it instead of seeing "binary file".
 */

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(head: Buffer): boolean {
  return head.length >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}

/** An SQLite file whose schema (in the first pages) has Plaso's tables. */
export function isPlasoStorage(head: Buffer): boolean {
  if (!isSqlite(head)) return false;
  const schema = head.toString('latin1');
  return /CREATE TABLE\s+"?metadata"?/i.test(schema) && /CREATE TABLE\s+"?(event_data|event|event_source)"?/i.test(schema);
}

export function storageRefusal(file: string): string {
  return `${file}: a Plaso storage file (SQLite); export it first with \`psort.py -o json_line\` (or l2tcsv) and import that`;
}
