import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { makeHostilePlaso, NO_PYTHON_SQLITE, PYTHON_SQLITE } from '../../../../tests/unit/support/plaso-storage-fixture';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { plasoStorage } from './plaso-storage';
import { SqliteFile } from './sqlite-file';

/**
 * Plaso storage files built to hurt: rows that inflate a thousandfold, one
 * large row shared by every event, b-trees whose pages are reached twice or
 * whose rowids repeat. Each is refused with the row or page it concerns.
 */

const tempDir = useTempDirs();

describe.skipIf(!PYTHON_SQLITE)(PYTHON_SQLITE ? 'hostile Plaso storage files' : NO_PYTHON_SQLITE, () => {
  it('refuses event data that is a zlib bomb, naming its table and row, without inflating it', async () => {
    // 8 MiB of spaces per row, about 8 KiB compressed: allowed 1.6 MiB.
    const bytes = makeHostilePlaso('bomb', 2, 8 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const r = await runImporter(plasoStorage, bytes, { name: 'bomb.plaso' });
    expect(r.error?.message).toMatch(/^bomb\.plaso: event_data row 1: _data inflates to more than \d+ bytes from \d+ compressed .*: refused as a zlib bomb$/);
    expect(r.events).toHaveLength(0);
    // Inflating stopped at the limit, not at the row's 8 MiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a file whose events all share one large event-data row once it writes more than its expansion limit, and imports it with a higher one', async () => {
    // 120 events × 512 KiB of shared data: about 60 MiB of runs from a file of a few dozen KiB.
    const file = path.join(tempDir(), 'shared.plaso');
    const bytes = makeHostilePlaso('shared', 120, 512 * 1024);
    writeFileSync(file, bytes);
    expect(bytes.length * 1000).toBeLessThan(60 * 2 ** 20);

    await expect(importIntoNewVault(path.join(tempDir(), 'v'), { file })).rejects.toThrow(
      /^shared\.plaso: after \d+ events the import has written [\d.]+ MiB, more than 1000 times the file's \d+ bytes: refused as a likely decompression bomb.*--max-expansion, now 1000/,
    );
    const raised = await importIntoNewVault(path.join(tempDir(), 'v2'), { file, maxExpansion: 5000 });
    expect(raised.report.counts.events).toBe(120);
  });

  it('refuses a table whose b-tree reaches one leaf page twice, naming the page', async () => {
    const bytes = makeHostilePlaso('dag', 3000);
    const r = await runImporter(plasoStorage, bytes, { name: 'dag.plaso' });
    expect(r.error?.message).toMatch(/^dag\.plaso: SQLite page \d+: reached a second time in table "event": its b-tree pages form a loop or share a child/);
  });

  it('refuses a table whose rowids repeat (a leaf copied over another), naming the page', async () => {
    const bytes = makeHostilePlaso('duprow', 3000);
    const r = await runImporter(plasoStorage, bytes, { name: 'dup.plaso' });
    expect(r.error?.message).toMatch(/^dup\.plaso: SQLite page \d+: table "event": row 1 comes after row \d+: a rowid is repeated or out of order/);
  });

  it('makes an event whose event data nests too deep one invalid record with its row, and imports the others (all with --skip-invalid, none without)', async () => {
    const bytes = makeHostilePlaso('deep', 4);
    const r = await runImporter(plasoStorage, bytes, { name: 'deep.plaso' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(3);
    expect(r.invalid).toEqual([
      expect.stringMatching(/^deep\.plaso: record 2, field "x": deep\.plaso: event_data row 2: field "x" is nested more than 100 levels deep$/),
    ]);
    const file = path.join(tempDir(), 'deep.plaso');
    writeFileSync(file, bytes);
    await expect(importIntoNewVault(path.join(tempDir(), 'strict'), { file })).rejects.toThrow(/record 2, field "x"/);
    const skipped = await importIntoNewVault(path.join(tempDir(), 'skip'), { file, skipInvalid: true });
    expect([skipped.report.counts.events, skipped.report.skippedTotal]).toEqual([3, 1]);
  });

  it('refuses two event-data rows that share one overflow chain (read by rowid), naming the page and both rows', async () => {
    const bytes = makeHostilePlaso('overflow', 4, 6000);
    const r = await runImporter(plasoStorage, bytes, { name: 'overflow.plaso' });
    expect(r.error?.message).toMatch(
      /^overflow\.plaso: SQLite page \d+: overflow page \d+ of row 2 in table "event_data" also holds part of row 1: rows share an overflow chain; the file is damaged or truncated$/,
    );
    // Without the check, row 2 read as a silent copy of row 1.
    expect(r.events.map((e) => e.attributes.filename)).toEqual(['/f0001']);
  });

  it('reads a row looked up again (its cache entry gone) through the same chain without complaint', async () => {
    const bytes = makeHostilePlaso('overflow', 4, 6000);
    const db = await SqliteFile.open(async (offset, length) => bytes.subarray(offset, offset + length), 'x.plaso', bytes.length);
    const table = db.table('event_data')!;
    const first = await db.row(table, 1);
    expect((await db.row(table, 1))!.values._data).toEqual(first!.values._data);
    await expect(db.row(table, 2)).rejects.toThrow(/overflow page \d+ of row 2 in table "event_data" also holds part of row 1/);
  });
});
