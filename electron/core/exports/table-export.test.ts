import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { EXPORT_TABLES } from '../../../shared/domain/exports';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { buildExportCase } from '../../../tests/unit/support/export-case';
import { exportEngine } from '../../../tests/unit/support/export-engine';

const tempDir = useTempDirs();
const parse = (file: string) => Papa.parse<string[]>(readFileSync(file, 'utf8'), { newline: '\r\n', skipEmptyLines: true }).data;

describe('table export as CSV', () => {
  it('writes every table with a header and one row per record', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const summary = await call('cases.summary', { id: caseId });
    const expected = {
      alerts: summary.counts.alerts,
      entities: (await call('entities.list', { caseId })).all,
      indicators: summary.counts.indicators,
      matches: (await call('matches.list', { caseId })).matches.length,
      actions: summary.counts.actions,
      evidence: summary.counts.evidence,
      audit: (await call('audit.list', { caseId })).length,
    };
    for (const table of EXPORT_TABLES) {
      const out = path.join(dir, `${table}.csv`);
      const result = await call('exports.table', { caseId, table, out });
      const rows = parse(out);
      expect(result.items, table).toBe(expected[table]);
      expect(rows.length - 1, table).toBe(expected[table]);
      expect(new Set(rows.map((r) => r.length)).size, `${table}: every row has the header's columns`).toBe(1);
    }
    expect(expected.matches).toBeGreaterThan(0);
    const alerts = parse(path.join(dir, 'alerts.csv'));
    const names = alerts[0]!.indexOf('technique_names');
    expect(alerts.map((r) => r[names])).toContain('Command and Scripting Interpreter: PowerShell; Obfuscated Files or Information');
  });

  it('neutralises formula-looking values wherever they come from (an analyst-typed tag here)', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const entity = (await call('entities.list', { caseId, text: 'evil.example', types: ['domain'] })).rows[0]!;
    await call('entities.set', { caseId, ids: [entity.id], addTags: ['=HYPERLINK("http://x")'] });
    const out = path.join(dir, 'entities.csv');
    await call('exports.table', { caseId, table: 'entities', out });
    const rows = parse(out);
    const tags = rows[0]!.indexOf('tags');
    expect(rows.map((r) => r[tags])).toContain('\'=HYPERLINK("http://x")');
  });

  it('leaves an existing file untouched when the export fails', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const out = path.join(dir, 'keep.csv');
    writeFileSync(out, 'old');
    await expect(call('exports.table', { caseId: '00000000-0000-4000-8000-000000000000', table: 'alerts', out })).rejects.toThrow();
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('is never given a save dialog of its own: the engine refuses files.save (the shell answers it)', async () => {
    const { call } = await exportEngine(tempDir());
    await expect(call('files.save', {})).rejects.toThrow('files.save is answered by the app shell');
  });
});
