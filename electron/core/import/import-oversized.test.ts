import { afterEach, describe, expect, it, vi } from 'vitest';
import { promises as fsPromises, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath } from '../../../tests/unit/support/vault-fixture';
import { MAX_RECORD_BYTES } from '../vault/journal-format';
import { IMPORT_RECORDS } from '../cases/records/import-records';

const tempDir = useTempDirs();
afterEach(() => vi.restoreAllMocks());

const MiB = 2 ** 20;

const alert = (id: string, description = `what alert ${id} saw`) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id,
  title: `Alert ${id}`,
  severity: 'high',
  status: 'new',
  createdDateTime: '2024-05-01T10:00:00Z',
  description,
});

const incident = (id: string, alerts: object[], extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.security.incident',
  id,
  displayName: `Incident ${id}`,
  severity: 'high',
  status: 'active',
  createdDateTime: '2024-05-01T09:00:00Z',
  alerts,
  ...extra,
});

function graphFile(dir: string, name: string, records: object[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2', value: records }));
  return file;
}

/** A vault with a case that already holds work: an imported alert and an edit. */
async function caseWithWork() {
  const dir = tempDir();
  const { call } = await createVault(dir);
  const caseId = (await call('cases.create', { title: 'Existing work' })).cases![0]!.id;
  await call('import.start', { taskId: 'first', file: graphFile(dir, 'first.json', [alert('earlier')]), caseId });
  await call('cases.update', { id: caseId, patch: { owner: 'dana' } });
  return { dir, call, caseId };
}

const stagedFolders = (dir: string) => readdirSync(path.join(dir, 'cases')).filter((n) => n.startsWith('.'));

/**
 * Issue 10: the journal reader refuses records over 64 MiB; an import must
 * never write one. A Graph alert whose description is 70 MB made the case it
 * was imported into unopenable, and without a case published an unreadable one.
 */
describe('import: records too large for the journal', () => {
  it('refuses a 70 MB alert description into an existing case, naming file, record and field; the case is untouched, opens and verifies', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const before = readFileSync(journalPath(dir, caseId));
    const file = graphFile(dir, 'hostile.json', [alert('small'), alert('huge', 'A'.repeat(70 * MiB)), alert('after')]);

    await expect(call('import.start', { taskId: 't', file, caseId })).rejects.toThrow(
      /hostile\.json: record 2, field "description": the alert is 70\.0 MiB as a journal record, over the limit of 63\.9 MiB/,
    );
    expect(readFileSync(journalPath(dir, caseId)).equals(before)).toBe(true);
    const opened = await call('cases.open', { id: caseId });
    expect(opened.case).toMatchObject({ title: 'Existing work', owner: 'dana' });
    expect(opened.alerts.map((a) => a.title)).toEqual(['Alert earlier']);
    expect(opened.evidence.map((e) => e.name)).toEqual(['first.json']);
    expect(await call('audit.verify', { caseId })).toMatchObject({ ok: true, problems: [] });
  });

  it('without a case, publishes no case: the case list is unchanged and no staged folder is left', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const file = graphFile(dir, 'hostile.json', [alert('small'), alert('huge', 'A'.repeat(70 * MiB))]);
    await expect(call('import.start', { taskId: 't', file })).rejects.toThrow(/record 2, field "description": the alert is 70\.0 MiB/);
    expect((await call('cases.list', {})).cases.map((c) => c.id)).toEqual([caseId]);
    expect(stagedFolders(dir)).toEqual([]);
  });

  it('with skip-invalid, imports the other alerts and reports the big one by its position and field', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const file = graphFile(dir, 'hostile.json', [alert('small'), alert('huge', 'A'.repeat(70 * MiB)), alert('after')]);
    const { report } = await call('import.start', { taskId: 't', file, caseId, skipInvalid: true });
    // Nothing of the big one is imported, not its "Alert created" event either.
    expect(report.counts).toMatchObject({ alerts: 2, events: 2 });
    expect(report.skippedTotal).toBe(1);
    expect(report.skipped).toEqual([
      { position: 'record 2', field: 'description', reason: expect.stringMatching(/^the alert is 70\.0 MiB .* \(this field alone is 70\.0 MiB\)$/) },
    ]);
    const opened = await call('cases.open', { id: caseId });
    expect(opened.alerts.map((a) => a.title).sort()).toEqual(['Alert after', 'Alert earlier', 'Alert small']);
    expect(await call('audit.verify', { caseId })).toMatchObject({ ok: true });
  });

  it('cuts a batch of alerts whose total is over the record limit into entries that fit; every alert reads back whole', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const count = 70;
    const description = (i: number) => String(i % 10).repeat(MiB);
    const file = graphFile(
      dir,
      'medium.json',
      Array.from({ length: count }, (_, i) => alert(`m${i}`, description(i))),
    );
    expect(readFileSync(file).length).toBeGreaterThan(MAX_RECORD_BYTES);

    const { report } = await call('import.start', { taskId: 't', file, caseId });
    expect(report.counts.alerts).toBe(count);
    const opened = await call('cases.open', { id: caseId });
    const byTitle = new Map(opened.alerts.map((a) => [a.title, a.description]));
    for (let i = 0; i < count; i++) expect(byTitle.get(`Alert m${i}`) === description(i), `alert m${i}`).toBe(true);
    // Records 1-4 are the case, the first import (one batch, its commit) and the edit.
    const batches = opened.audit.filter((e) => e.type === IMPORT_RECORDS && e.seq > 4);
    expect(batches.length).toBeGreaterThan(1);
    expect(await call('audit.verify', { caseId })).toMatchObject({ ok: true });
  });

  it('a file of several incidents whose last holds a 70 MB alert publishes no case', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const file = graphFile(dir, 'incidents.json', [
      incident('1', [alert('a1')]),
      incident('2', [alert('a2')]),
      incident('3', [alert('a3'), alert('a4', 'B'.repeat(70 * MiB))]),
    ]);
    await expect(call('import.start', { taskId: 't', file })).rejects.toThrow(
      /incidents\.json: record 3, field "alerts\[1\]\.description": the alert is 70\.0 MiB/,
    );
    expect((await call('cases.list', {})).cases.map((c) => c.id)).toEqual([caseId]);
    expect(stagedFolders(dir)).toEqual([]);
  });

  it('an incident too large to be a case is an invalid record: refused, or with skip-invalid left out with its alerts', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const file = graphFile(dir, 'incidents.json', [incident('1', [alert('a1')]), incident('2', [alert('a2')], { notes: 'C'.repeat(70 * MiB) })]);
    await expect(call('import.start', { taskId: 't', file })).rejects.toThrow(/incidents\.json: record 2, field "notes": the incident is 70\.0 MiB/);
    expect((await call('cases.list', {})).cases.map((c) => c.id)).toEqual([caseId]);

    const { report } = await call('import.start', { taskId: 't2', file, skipInvalid: true });
    expect(report.caseIds).toHaveLength(1);
    expect(report.counts).toMatchObject({ incidents: 1, alerts: 1 });
    expect(report.skipped).toEqual([expect.objectContaining({ position: 'record 2', field: 'notes' })]);
    const opened = await call('cases.open', { id: report.caseIds[0]! });
    expect(opened.case.title).toBe('Incident 1');
    expect(opened.alerts.map((a) => a.title)).toEqual(['Alert a1']);
    expect(stagedFolders(dir)).toEqual([]);
  });

  it('publishes the cases of a file’s incidents all or none: a failed rename of the last puts back the others', async () => {
    const { dir, call, caseId } = await caseWithWork();
    const file = graphFile(dir, 'incidents.json', [incident('1', [alert('a1')]), incident('2', [alert('a2')]), incident('3', [alert('a3')])]);
    const rename = fsPromises.rename.bind(fsPromises);
    let published = 0;
    vi.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      // The third case folder to move into place fails, as on a full or failing disk.
      if (/[\\/]\.[0-9a-f-]{36}\.new$/.test(String(from)) && ++published === 3) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      return rename(from, to);
    });
    await expect(call('import.start', { taskId: 't', file })).rejects.toThrow(/could not publish 3 new cases together .*none was published/);
    vi.restoreAllMocks();
    expect((await call('cases.list', {})).cases.map((c) => c.id)).toEqual([caseId]);
    expect(stagedFolders(dir)).toEqual([]);

    const { report } = await call('import.start', { taskId: 't2', file });
    expect(report.caseIds).toHaveLength(3);
    expect((await call('cases.list', {})).cases).toHaveLength(4);
  });
});
