import { describe, expect, it } from 'vitest';
import { casebookWith, initVault } from './support/cli';
import { useTempDirs } from './support/temp-dir';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from './support/samples';

const tempDir = useTempDirs();
const PASS = 'cli scope test passphrase';

const casebook = casebookWith(PASS);

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'casebook timeline lanes and view commands, on a Graph incident' : NO_SAMPLES_REASON, () => {
  it('draws a lane per device with its alert, and lists no saved views, refusing to delete one that is not there', () => {
    const vault = tempDir();
    initVault(casebook, vault);
    const imported = JSON.parse(casebook(vault, ['import', sample('defender', 'graph-incident-with-alert.json'), '--json']).stdout) as
      { reports: { caseIds: string[] }[] } | { caseIds: string[] }[];
    const caseId = (Array.isArray(imported) ? imported : imported.reports)[0]!.caseIds[0]!;

    const run = casebook(vault, ['timeline', 'lanes', caseId, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lanes = JSON.parse(run.stdout) as { lanes: { value: string; alerts: number }[]; alerts: { title: string; lanes: string[] }[] };
    expect(lanes.lanes[0]).toMatchObject({ value: 'tempDns', alerts: 1 });
    expect(lanes.alerts).toEqual([expect.objectContaining({ title: 'Suspicious execution of hidden file', lanes: ['tempDns'] })]);
    const text = casebook(vault, ['timeline', 'lanes', caseId, '--bins', '12']);
    expect(text.stdout).toMatch(/DEVICE\s+EVENTS OVER TIME\s+EVENTS\s+ALERTS/);
    expect(text.stdout).toContain('Suspicious execution of hidden file  on tempDns');
    expect(casebook(vault, ['timeline', 'lanes', caseId, '--by', 'process']).stderr).toContain('--by "process" is not one of host, user');

    expect(casebook(vault, ['view', 'list', caseId]).stdout).toContain('no saved views in this case');
    const missing = casebook(vault, ['view', 'delete', caseId, 'Nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('has no saved view "Nope"');
  });
});
