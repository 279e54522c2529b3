import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from './engine';
import { TimelineStore } from './timeline/timeline-store';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap } from '../../shared/ipc/errors';
import type { EventPayload, Input, MethodName, Result } from '../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../tests/unit/support/temp-dir';

/**
 * What changed, said by the engine: every answer that changes a case carries
 * its revision (the journal's last seq) and counts, and the engine emits
 * case.changed once the change is on disk. An import into a case whose
 * timeline is open adds its runs to the open store.
 */
const tempDir = useTempDirs();

async function setup() {
  const dir = tempDir();
  const changed: EventPayload<'case.changed'>[] = [];
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF }, (event, payload) => {
    if (event === 'case.changed') changed.push(payload as EventPayload<'case.changed'>);
  });
  onTestFinished(() => engine.dispose());
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  await call('vault.create', { passphrase: 'change events test' });
  return { dir, engine, call, changed };
}

function timelineCsv(dir: string, name: string, first: number, rows: number): string {
  const file = path.join(dir, name);
  const lines = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = first; i < first + rows; i++)
    lines.push(`Logon ${i},2024-05-01T10:${String(i % 60).padStart(2, '0')}:00+00:00,Event Recorded,WKS-${i % 3},alice`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('engine: what changed', () => {
  it('emits case.changed with a growing revision for a new case and each edit, the same revision and counts its answer carries', async () => {
    const { call, changed } = await setup();
    const created = await call('cases.create', { title: 'Revisions' });
    const id = created.cases![0]!.id;
    const none = { events: 0, alerts: 0, entities: 0, indicators: 0, actions: 0, evidence: 0, matches: 0, notes: 0 };
    expect(created.revisions).toEqual([{ caseId: id, revision: 1, counts: none }]);
    const first = await call('cases.update', { id, patch: { severity: 'high' } });
    const second = await call('cases.update', { id, patch: { status: 'active' } });
    expect(first.revisions).toEqual([{ caseId: id, revision: 2, counts: none }]);
    expect(second.revisions).toEqual([{ caseId: id, revision: 3, counts: none }]);
    expect(changed).toEqual([
      { caseId: id, revision: 1, changed: ['audit', 'case'], counts: none },
      { caseId: id, revision: 2, changed: ['audit', 'case'], counts: none },
      { caseId: id, revision: 3, changed: ['audit', 'case'], counts: none },
    ]);
    // A patch that changes nothing appends nothing: no event, and the answer says the revision is still 3.
    expect((await call('cases.update', { id, patch: { status: 'active' } })).revisions).toEqual([{ caseId: id, revision: 3, counts: none }]);
    expect(changed).toHaveLength(3);
    expect(await call('cases.summary', { id })).toMatchObject({ revision: 3, counts: none });
    expect(await call('cases.open', { id })).toMatchObject({ revision: 3 });
  });

  it('an import into a case whose timeline is open: its events are queryable at once, added to the open store without rebuilding it', async () => {
    const { dir, call, changed } = await setup();
    const id = (await call('cases.create', { title: 'Open timeline' })).cases![0]!.id;
    await call('cases.open', { id });
    // Opening the case starts opening its timeline store: waited for here, so what is counted below is the imports' doing.
    expect((await call('timeline.summary', { caseId: id })).count).toBe(0);
    const opened = vi.spyOn(TimelineStore, 'open');
    const added = vi.spyOn(TimelineStore.prototype, 'addRuns');
    try {
      await call('import.start', { taskId: 'first', file: timelineCsv(dir, 'first.csv', 0, 30), caseId: id });
      expect((await call('timeline.summary', { caseId: id })).count).toBe(30);
      const { report, changes } = await call('import.start', { taskId: 'second', file: timelineCsv(dir, 'second.csv', 30, 20), caseId: id });

      expect((await call('timeline.summary', { caseId: id })).count).toBe(50);
      const page = await call('timeline.page', { caseId: id, filter: { text: 'Logon 42' }, limit: 10 });
      expect(page.events.map((e) => e.message)).toEqual(['Logon 42']);
      expect(opened).not.toHaveBeenCalled();
      expect(added).toHaveBeenCalledTimes(2);

      // The answer carries what the renderer needs instead of opening the case again: revision, counts, the new audit entries and records.
      const last = changed.at(-1)!;
      expect(last).toMatchObject({ caseId: id, changed: ['audit', 'records', 'timeline'], counts: { events: 50, evidence: 2 } });
      expect(changes.revisions).toEqual([{ caseId: id, revision: last.revision, counts: last.counts }]);
      expect(changes.audit!.map((a) => a.seq)).toEqual(Array.from({ length: changes.audit!.length }, (_, i) => last.revision - changes.audit!.length + 1 + i));
      expect(changes.evidence!.map((e) => e.name).sort()).toEqual(['first.csv', 'second.csv']);
      expect(report.caseIds).toEqual([id]);
      const revisions = changed.filter((c) => c.caseId === id).map((c) => c.revision);
      expect(revisions.every((r, i) => i === 0 || r > revisions[i - 1]!)).toBe(true);
    } finally {
      opened.mockRestore();
      added.mockRestore();
    }
  });

  it('an import that makes a case announces it, with its timeline', async () => {
    const { dir, call, changed } = await setup();
    const { report, changes } = await call('import.start', { taskId: 'new', file: timelineCsv(dir, 'own.csv', 0, 10) });
    const id = report.caseIds[0]!;
    expect(changed).toEqual([
      expect.objectContaining({ caseId: id, changed: ['case', 'audit', 'records', 'timeline'], counts: expect.objectContaining({ events: 10 }) }),
    ]);
    expect(changes.revisions).toEqual([{ caseId: id, revision: changed[0]!.revision, counts: changed[0]!.counts }]);
    expect(changes.audit![0]).toMatchObject({ caseId: id, seq: 1 });
  });
});
