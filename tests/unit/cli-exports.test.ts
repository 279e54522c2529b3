import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';
import { exportCaseFiles } from './support/export-case';
import { chromiumPath } from '../../electron/core/exports/chromium-pdf';
import type { ExportResult } from '../../shared/domain/exports';

const tempDir = useTempDirs();
const PASS = 'cli export test passphrase';

const casebook = casebookWith(PASS);

/** A vault holding the export tests' case, made by the CLI's own imports. */
function exportCase() {
  const dir = tempDir();
  const vault = path.join(dir, 'vault');
  initVault(casebook, vault);
  const files = exportCaseFiles(dir);
  const imported = json<{ caseIds: string[] }[]>(casebook(vault, ['import', files.incident, '--json']));
  const caseId = imported[0]!.caseIds[0]!;
  json(casebook(vault, ['import', '--case', caseId, files.timeline, files.actions, '--json']));
  return { dir, vault, caseId };
}

describe('casebook report and export commands', () => {
  it('report --html writes the report and names the journal head it is of', () => {
    const { dir, vault, caseId } = exportCase();
    const out = path.join(dir, 'report.html');
    const result = json<ExportResult>(casebook(vault, ['report', caseId, '--html', out, '--json']));
    expect(result).toMatchObject({ name: 'report.html', items: 1 });
    expect(readFileSync(out, 'utf8')).toContain(`journal head: record ${result.head.seq}, hash <code>${result.head.hash}</code>`);
    const text = casebook(vault, ['report', caseId.slice(0, 8), '--html', out]);
    expect(text.stdout).toMatch(/^HTML report: .*report\.html \(1 document, [\d,]+ bytes\); case journal head: record \d+, hash [0-9a-f]+/);
  }, 120_000);

  it.skipIf(!existsSync(chromiumPath()))(
    'report --pdf prints it with Chromium; without Chromium it says so and writes nothing',
    () => {
      const { dir, vault, caseId } = exportCase();
      const out = path.join(dir, 'report.pdf');
      json(casebook(vault, ['report', caseId, '--pdf', out, '--json']));
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const none = casebook(vault, ['report', caseId, '--pdf', path.join(dir, 'other.pdf')], { CHROMIUM_PATH: path.join(dir, 'nothing') });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/a PDF needs Chromium, and there is none at/);
      expect(existsSync(path.join(dir, 'other.pdf'))).toBe(false);
    },
    120_000,
  );

  it('export-timeline, export-intel and export-table write their files', () => {
    const { dir, vault, caseId } = exportCase();
    const timeline = json<ExportResult>(
      casebook(vault, ['export-timeline', caseId, '--format', 'timesketch-jsonl', '--out', path.join(dir, 't.jsonl'), '--json']),
    );
    expect(readFileSync(path.join(dir, 't.jsonl'), 'utf8').trim().split('\n')).toHaveLength(timeline.items);
    const stix = json<ExportResult>(casebook(vault, ['export-intel', caseId, '--format', 'stix', '--out', path.join(dir, 'b.json'), '--json']));
    expect(JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')).objects).toHaveLength(stix.items);
    const misp = casebook(vault, ['export-intel', caseId, '--format', 'misp', '--out', path.join(dir, 'm.json')]);
    expect(misp.stdout).toMatch(/^MISP event: .*m\.json \(\d+ attributes/);
    const table = json<ExportResult>(casebook(vault, ['export-table', caseId, '--table', 'alerts', '--out', path.join(dir, 'a.csv'), '--json']));
    expect(table.items).toBe(3);
  }, 120_000);

  it('refuses bad usage naming the flag', () => {
    const { vault, caseId } = exportCase();
    expect(casebook(vault, ['report', caseId]).stderr).toMatch(/report: give one of --html FILE or --pdf FILE/);
    expect(casebook(vault, ['export-table', caseId, '--table', 'secrets', '--out', 'x.csv']).stderr).toMatch(
      /export-table: --table "secrets" is not one of alerts, entities/,
    );
    expect(casebook(vault, ['export-intel', caseId, '--format', 'stix']).stderr).toMatch(/export-intel: --out FILE is required/);
  }, 120_000);
});
