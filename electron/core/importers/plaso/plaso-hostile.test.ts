import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { makeHostilePlaso, NO_PYTHON_SQLITE, PYTHON_SQLITE } from '../../../../tests/unit/support/plaso-storage-fixture';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { plasoStorage } from './plaso-storage';

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
});
