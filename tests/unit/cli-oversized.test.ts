import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault } from './support/cli';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli oversized passphrase';

const casebook = casebookWith(PASS);

const alert = (id: string, description: string) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id,
  title: `Alert ${id}`,
  severity: 'high',
  status: 'new',
  createdDateTime: '2024-05-01T10:00:00Z',
  description,
});

/**
 * Issue 10 through the command line: importing a Graph alert with a 70 MB
 * description into a case made `case show` say "no case" and `audit verify`
 * fail; without --case the import failed but left an unreadable case behind.
 */
describe('casebook CLI: a record too large for the journal', () => {
  it('refuses it into a case, which still shows and verifies; with --skip-invalid imports the rest and names it', () => {
    const vault = tempDir();
    const dir = tempDir();
    initVault(casebook, vault);
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'Existing work', '--json']).stdout) as { id: string };
    expect(casebook(vault, ['case', 'set', id, '--owner', 'dana']).code).toBe(0);
    const file = path.join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify({ value: [alert('small', 'fine'), alert('huge', 'A'.repeat(70 * 2 ** 20))] }));

    const strict = casebook(vault, ['import', '--case', id, file]);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toMatch(/hostile\.json: record 2, field "description": the alert is 70\.0 MiB/);
    expect(JSON.parse(casebook(vault, ['case', 'show', id, '--json']).stdout)).toMatchObject({ id, owner: 'dana', counts: { alerts: 0, evidence: 0 } });
    const verify = casebook(vault, ['audit', 'verify', id, '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, records: 2 });

    const skipping = casebook(vault, ['import', '--case', id, file, '--skip-invalid', '--json']);
    expect(skipping.code, skipping.stderr).toBe(0);
    const [report] = JSON.parse(skipping.stdout);
    expect(report).toMatchObject({ counts: { alerts: 1 }, skippedTotal: 1, skipped: [{ position: 'record 2', field: 'description' }] });
    expect(JSON.parse(casebook(vault, ['case', 'show', id, '--json']).stdout).counts).toMatchObject({ alerts: 1, evidence: 1 });
    expect(casebook(vault, ['audit', 'verify', id]).code).toBe(0);
    // Each command derives the vault key at full cost and two of them read 70 MB.
  }, 180_000);
});
