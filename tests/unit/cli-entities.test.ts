import { describe, expect, it } from 'vitest';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from './support/samples';

const tempDir = useTempDirs();
const PASS = 'cli entity test passphrase';

const casebook = casebookWith(PASS);

/** A vault with the Graph incident sample imported as its own case, and the case's id. */
function incidentCase(): { vault: string; caseId: string } {
  const vault = tempDir();
  initVault(casebook, vault);
  const imported = json<{ reports: { caseIds: string[] }[] } | { caseIds: string[] }[]>(
    casebook(vault, ['import', sample('defender', 'graph-incident-with-alert.json'), '--json']),
  );
  const reports = Array.isArray(imported) ? imported : imported.reports;
  return { vault, caseId: reports[0]!.caseIds[0]! };
}

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'casebook entity and alert commands, on a Graph incident' : NO_SAMPLES_REASON, () => {
  it('lists the alert and shows it with its description and evidence entities', () => {
    const { vault, caseId } = incidentCase();
    const alerts = json<
      {
        id: string;
        title: string;
        severity: string;
        status: string;
        category: string;
        mitreTechniques: string[];
        entityCount: number;
        detectionSource: string;
      }[]
    >(casebook(vault, ['alert', 'list', caseId, '--json']));
    expect(alerts).toEqual([
      expect.objectContaining({
        title: 'Suspicious execution of hidden file',
        severity: 'low',
        status: 'new',
        category: 'DefenseEvasion',
        detectionSource: 'antivirus',
        mitreTechniques: ['T1564.001'],
      }),
    ]);
    expect(alerts[0]!.entityCount).toBeGreaterThanOrEqual(4);

    const text = casebook(vault, ['alert', 'list', caseId]);
    expect(text.stdout).toContain('T1564.001');
    expect(text.stdout).toMatch(/2021-04-26 07:45:50 UTC/);

    const shown = json<{ alert: { description: string }; entities: { type: string; display: string; roles: string[] }[] }>(
      casebook(vault, ['alert', 'show', caseId, alerts[0]!.id.slice(0, 10), '--json']),
    );
    expect(shown.alert.description).toContain('A hidden file has been launched');
    expect(shown.entities.map((e) => e.type)).toEqual(expect.arrayContaining(['device', 'file', 'process', 'registryKey']));
    expect(shown.entities.find((e) => e.type === 'device')).toMatchObject({ display: 'tempDns', roles: ['compromised'] });
    expect(casebook(vault, ['alert', 'show', caseId, 'nope']).stderr).toContain('no alert "nope"');
  });

  it('lists, filters, shows and sets entities, the verdict audited', () => {
    const { vault, caseId } = incidentCase();
    const all = json<{ rows: { id: string; type: string; display: string; alerts: number; verdict: string | null }[]; total: number; all: number }>(
      casebook(vault, ['entity', 'list', caseId, '--json']),
    );
    expect(all.total).toBe(all.all);
    // The alert's seven entities, and those its events' attributes name (the assignee's address, the process's user).
    expect(all.rows.filter((r) => r.alerts >= 1)).toHaveLength(7);
    expect(all.total).toBeGreaterThan(7);
    const devices = json<{ rows: { display: string }[] }>(casebook(vault, ['entity', 'list', caseId, '--type', 'device', '--json']));
    expect(devices.rows.map((r) => r.display)).toEqual(['tempDns']);
    const search = json<{ rows: { type: string }[]; total: number }>(
      casebook(vault, ['entity', 'list', caseId, '--search', 'mssense', '--limit', '1', '--json']),
    );
    expect(search.total).toBeGreaterThan(1);
    expect(search.rows).toHaveLength(1);
    expect(casebook(vault, ['entity', 'list', caseId, '--type', 'planet']).stderr).toContain('--type "planet" is not an entity type');

    const shown = json<{
      entity: { display: string; verdict: string; roles: string[] };
      bySource: { source: string; attributes: Record<string, unknown> }[];
      alerts: { title: string }[];
    }>(casebook(vault, ['entity', 'show', caseId, 'tempdns', '--json']));
    expect(shown.entity).toMatchObject({ display: 'tempDns', verdict: 'unknown', roles: ['compromised'] });
    expect(shown.bySource[0]!.attributes).toMatchObject({ osPlatform: 'Windows10' });
    expect(shown.alerts.map((a) => a.title)).toEqual(['Suspicious execution of hidden file']);

    const set = json<{ entity: { verdict: string; tags: string[] } }>(
      casebook(vault, ['entity', 'set', caseId, 'tempDns', '--verdict', 'malicious', '--tag', 'patient-zero', '--json']),
    );
    expect(set.entity).toMatchObject({ verdict: 'malicious', tags: ['patient-zero'] });
    const malicious = json<{ rows: { display: string }[] }>(casebook(vault, ['entity', 'list', caseId, '--verdict', 'malicious', '--json']));
    expect(malicious.rows.map((r) => r.display)).toEqual(['tempDns']);
    const text = casebook(vault, ['entity', 'show', caseId, 'tempDns']);
    expect(text.stdout).toMatch(/verdict: malicious \(set by .+, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
    const audit = json<{ type: string; changes: { field: string; to: unknown }[] }[]>(casebook(vault, ['audit', 'list', caseId, '--json']));
    expect(audit.at(-1)).toMatchObject({
      type: 'entity.set',
      changes: [expect.objectContaining({ to: 'malicious' }), expect.objectContaining({ to: '+patient-zero' })],
    });
    expect(casebook(vault, ['entity', 'set', caseId, 'tempDns', '--verdict', 'evil']).stderr).toContain(
      '--verdict "evil" is not one of malicious, suspicious, benign, unknown, none',
    );
    expect(casebook(vault, ['entity', 'show', caseId, 'no-such-thing']).stderr).toContain('no entity "no-such-thing"');
  });
});
