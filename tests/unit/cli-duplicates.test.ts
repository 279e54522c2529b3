import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from './support/samples';
import type { MergeReport } from '../../shared/domain/duplicates';

const tempDir = useTempDirs();
const PASS = 'cli duplicate test passphrase';
const INCIDENT = () => sample('defender', 'graph-incident-with-alert.json');

const casebook = casebookWith(PASS);

type Imported = { caseIds: string[]; counts: { events: number; alerts: number }; merge?: MergeReport }[];
type Listed = { id: string; title: string }[];

function newVault(): string {
  const vault = tempDir();
  initVault(casebook, vault);
  return vault;
}

/** A later export of the same incident: its alert resolved, and a second alert naming a new address. */
function reExport(dir: string): string {
  const incident = JSON.parse(readFileSync(INCIDENT(), 'utf8')) as { alerts: Record<string, unknown>; lastUpdateDateTime: string };
  const first = { ...incident.alerts, status: 'resolved', lastUpdateDateTime: '2021-05-09T10:00:00Z' };
  const second = {
    ...incident.alerts,
    id: 'da-second-alert',
    providerAlertId: 'da-second-alert',
    title: 'Connection to a known bad address',
    severity: 'high',
    evidence: [
      {
        '@odata.type': '#microsoft.graph.security.ipEvidence',
        verdict: 'malicious',
        remediationStatus: 'none',
        roles: [],
        tags: [],
        ipAddress: '203.0.113.77',
      },
    ],
  };
  const file = path.join(dir, 'incident-28282-later.json');
  writeFileSync(file, JSON.stringify({ ...incident, lastUpdateDateTime: '2021-05-09T10:00:00Z', alerts: [first, second] }));
  return file;
}

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'casebook import: the same data twice' : NO_SAMPLES_REASON, () => {
  it('refuses a file the vault already holds, naming the earlier import and its case; --again imports it anyway', () => {
    const vault = newVault();
    const [first] = json<Imported>(casebook(vault, ['import', INCIDENT(), '--json']));
    const caseId = first!.caseIds[0]!;

    const again = casebook(vault, ['import', INCIDENT()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('graph-incident-with-alert.json repeats an earlier import; nothing was imported');
    expect(again.stderr).toContain(`the same file (SHA-256 `);
    expect(again.stderr).toContain(`(${caseId})`);
    expect(again.stderr).toContain(`incident 2972395 is already case`);
    expect(again.stderr).toContain('--again');
    expect(json<{ cases: Listed }>(casebook(vault, ['case', 'list', '--json'])).cases).toHaveLength(1);

    expect(casebook(vault, ['import', INCIDENT(), '--again', '--merge']).stderr).toContain('give --again or --merge, not both');
    const [twice] = json<Imported>(casebook(vault, ['import', INCIDENT(), '--again', '--json']));
    expect(twice!.caseIds).toHaveLength(1);
    expect(twice!.caseIds[0]).not.toBe(caseId);
    expect(json<{ cases: Listed }>(casebook(vault, ['case', 'list', '--json'])).cases).toHaveLength(2);
  });

  it('merges the same file into its case as nothing new, writing nothing', () => {
    const vault = newVault();
    const [first] = json<Imported>(casebook(vault, ['import', INCIDENT(), '--json']));
    const caseId = first!.caseIds[0]!;
    const audit = json<unknown[]>(casebook(vault, ['audit', 'list', caseId, '--json'])).length;

    const [merged] = json<Imported>(casebook(vault, ['import', INCIDENT(), '--merge', '--json']));
    expect(merged!.merge).toMatchObject({ caseId, nothingNew: true, alertsAdded: [], alertsUpdated: [], entitiesAdded: 0, eventsAdded: 0 });
    expect(merged!.caseIds).toEqual([]);
    expect(json<unknown[]>(casebook(vault, ['audit', 'list', caseId, '--json']))).toHaveLength(audit);
    expect(casebook(vault, ['import', INCIDENT(), '--merge']).stdout).toContain('nothing new (the case already holds this file)');
  });

  it('refuses a later export of an incident already a case; --merge updates its alert, adds the new alert and entity, and no event twice', () => {
    const vault = newVault();
    const [first] = json<Imported>(casebook(vault, ['import', INCIDENT(), '--json']));
    const caseId = first!.caseIds[0]!;
    const later = reExport(tempDir());

    const refused = casebook(vault, ['import', later]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`incident 2972395 is already case`);
    expect(refused.stderr).not.toContain('the same file');

    const [merged] = json<Imported>(casebook(vault, ['import', later, '--merge', '--json']));
    expect(merged!.caseIds).toEqual([caseId]);
    const report = merged!.merge!;
    expect(report).toMatchObject({ caseId, nothingNew: false, alertsAdded: [{ id: expect.any(String), title: 'Connection to a known bad address' }] });
    expect(report.alertsUpdated).toEqual([
      { id: expect.any(String), title: 'Suspicious execution of hidden file', fields: expect.arrayContaining(['status']) },
    ]);
    expect(report.entitiesAdded).toBe(1);
    // The first alert's evidence times are events the case already has; the second alert adds its own.
    expect(report.eventsAlreadyThere).toBeGreaterThan(0);
    expect(report.eventsAdded).toBe(merged!.counts.events);

    const alerts = json<{ title: string; status: string }[]>(casebook(vault, ['alert', 'list', caseId, '--json']));
    expect(alerts.map((a) => `${a.title}: ${a.status}`).sort()).toEqual([
      'Connection to a known bad address: new',
      'Suspicious execution of hidden file: resolved',
    ]);
    const shown = json<{ counts: { events: number } }>(casebook(vault, ['case', 'show', caseId, '--json']));
    expect(shown.counts.events).toBe(first!.counts.events + report.eventsAdded);
    expect(json<{ cases: Listed }>(casebook(vault, ['case', 'list', '--json'])).cases).toHaveLength(1);

    const text = casebook(vault, ['import', later, '--merge']).stdout;
    expect(text).toContain('merged into');
    expect(text).toContain('nothing new');
  });

  it('into a chosen case, checks that case only: the same file may go into another case, not twice into one', () => {
    const vault = newVault();
    const timeline = sample('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip');
    const ids = ['One', 'Two'].map((title) => json<{ id: string }>(casebook(vault, ['case', 'create', '--title', title, '--json'])).id);
    expect(casebook(vault, ['import', '--case', ids[0]!, timeline]).code).toBe(0);
    const twice = casebook(vault, ['import', '--case', ids[0]!, timeline]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`into case "One" (${ids[0]})`);
    expect(casebook(vault, ['import', '--case', ids[1]!, timeline]).code).toBe(0);
  });
});
