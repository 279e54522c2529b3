import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isoUs } from '../../../shared/time';
import { IMPORT_FORMATS } from '../../../shared/domain/import';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON } from '../../../tests/unit/support/samples';
import { CASE_AND_TIMELINE_ROWS, type FormatRow } from '../../../tests/unit/support/format-rows';
import { LOG_ROWS, NO_SAMPLE } from '../../../tests/unit/support/format-rows-logs';
import { chooseImporter, readSample } from './registry';

/**
 * The closing note's table: every import format with its sample, its event count, and one record as
 * Casebook shows it (time, host, user, message) next to the same record's fields in its source, each
 * checked field by field. The rows are tests/unit/support/format-rows*.ts; the table is written to
 * test-results/format-table.md.
 */

const ROWS: FormatRow[] = [...CASE_AND_TIMELINE_ROWS, ...LOG_ROWS];
const TABLE = path.resolve(__dirname, '../../../test-results/format-table.md');
const lines: Map<string, string> = new Map();

const cell = (text: string) => (text === '' ? '—' : text.replace(/\r?\n/g, '⏎').replace(/\|/g, '\\|').slice(0, 160));

/** The row's file (or the bytes it builds), detected by content as the import would detect it, and imported. */
async function importRow(row: FormatRow) {
  const built = row.build?.();
  const name = built ? `${row.format}-sample` : path.basename(row.file!);
  const sample = built ? { name, size: built.length, head: built, text: built.toString('utf8') } : await readSample(row.file!, name);
  const { importer } = chooseImporter(sample);
  expect(importer.format).toBe(row.format);
  return runImporter(importer, built ?? row.file!, { name });
}

describe('every import format: its sample, its count and one record, field by field', () => {
  it('has a row for each format Casebook imports', () => {
    expect([...ROWS.map((r) => r.format), ...NO_SAMPLE.map((r) => r.format)].sort()).toEqual([...IMPORT_FORMATS].sort());
  });

  it.each(ROWS)('$format: $shown', async (row) => {
    if (row.needsSamples && !HAS_SAMPLES) {
      lines.set(row.format, `| ${row.format} | ${cell(row.shown)} | skipped: ${NO_SAMPLES_REASON} | | |`);
      return;
    }
    const r = await importRow(row);
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(row.events);
    const event = row.pick ? row.pick(r.events) : r.events[0]!;
    expect(event).toBeDefined();
    const shown = { time: isoUs(event.time), host: event.host, user: event.user, message: event.message };
    expect(shown).toEqual(row.casebook);
    const source = row.source(event);
    expect(source).toEqual(row.expectedSource);
    const sourceText = Object.entries(source)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    lines.set(
      row.format,
      `| ${row.format} | ${cell(row.shown)} | ${r.events.length} | ${cell(`${shown.time} · ${shown.host || '—'} · ${shown.user || '—'} · ${shown.message}`)} | ${cell(sourceText)} |`,
    );
  });

  afterAll(() => {
    const body = [
      '| format | sample | events | one record as Casebook shows it (time · host · user · message) | the same record in its source |',
      '|---|---|---|---|---|',
      ...ROWS.map((r) => lines.get(r.format) ?? `| ${r.format} | ${cell(r.shown)} | not run | | |`),
      ...NO_SAMPLE.map((r) => `| ${r.format} | no sample in the corpus | — | tested in ${r.tested} | |`),
    ];
    mkdirSync(path.dirname(TABLE), { recursive: true });
    writeFileSync(TABLE, `${body.join('\n')}\n`);
  });
});
