import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../electron/core/engine';
import { replayState, countsOf } from '../../electron/core/cases/case-state';
import { client, type Call } from './support/vault-fixture';
import { useTempDirs } from './support/temp-dir';

/**
 * A vault written by the code of December 2026, before journal records had a
 * format version (tests/fixtures/journal-v0, made by make-fixture.mjs beside
 * it). Users' disks hold journals like these: whatever the record kinds become,
 * this vault must still open, replay to the same case and verify. Never
 * regenerate it; see docs/architecture.md, "Adding a journal record kind".
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/journal-v0/vault');
const PASSPHRASE = 'correct horse battery staple';
const MAIN = '7c5be50c-87e5-4496-9009-a0c6a9e421ec';
const FROM_INCIDENT = '90556748-0f90-4ed4-953e-b40c3e92ba2d';
const ROLLED = 'b64f0892-4dc1-4a01-832a-aed96364205b';

const tempDir = useTempDirs();

/** The fixture is never opened in place: unlocking and writing change files. */
async function openFixture(): Promise<{ engine: Engine; call: Call; dir: string }> {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  const engine = new Engine({ vaultDir: dir, actor: 'fixture-test' });
  const call = client(engine);
  await call('vault.unlock', { passphrase: PASSPHRASE });
  return { engine, call, dir };
}

describe('a vault of journal format 0 (written before record versions)', () => {
  it('holds every record kind that code wrote', async () => {
    const { engine } = await openFixture();
    const kinds = new Set<string>();
    for (const id of [MAIN, FROM_INCIDENT, ROLLED]) {
      await engine.cases.withReadable(id, async (journal) => journal.records.forEach((r) => kinds.add(r.type)));
    }
    expect([...kinds].sort()).toEqual(['case.created', 'case.updated', 'import.committed', 'import.records', 'vault.keysRotated', 'vault.rollbackAccepted']);
    await engine.lock();
  });

  it('lists its three cases', async () => {
    const { engine, call } = await openFixture();
    const list = await call('cases.list', {});
    expect(list.unreadable).toEqual([]);
    expect(list.cases.map((c) => [c.id, c.title]).sort()).toEqual(
      [
        [MAIN, 'Fixture case'],
        [FROM_INCIDENT, 'Credential theft on ws-042'],
        [ROLLED, 'Rolled back case'],
      ].sort(),
    );
    await engine.lock();
  });

  it('replays the hand-made case: its fields, edits, imports and their records', async () => {
    const { engine, call } = await openFixture();
    const opened = await call('cases.open', { id: MAIN });
    expect(opened.case).toMatchObject({
      title: 'Fixture case',
      description: 'Every record kind',
      severity: 'high',
      status: 'resolved',
      classification: 'truePositive',
      determination: 'compromisedAccount',
      owner: 'dana',
      tags: ['fixture', 'credential theft'],
      tlp: 'amber',
      version: 16,
      origin: null,
      resolvedAt: '2026-12-03T12:34:56.193Z',
    });
    expect(opened.counts).toEqual({ events: 50, alerts: 1, entities: 13, indicators: 2, actions: 2, evidence: 4, matches: 0, notes: 0 });
    expect(opened.audit.map((a) => a.type)).toEqual([
      'case.created',
      'case.updated',
      'case.updated',
      ...['import.records', 'import.records', 'import.committed'],
      ...['import.records', 'import.records', 'import.committed'],
      ...['import.records', 'import.records', 'import.committed'],
      ...['import.records', 'import.records', 'import.committed'],
      'case.updated',
      'vault.keysRotated',
    ]);
    expect(opened.audit[1]!.changes).toEqual([
      { field: 'severity', from: 'low', to: 'high' },
      { field: 'status', from: 'new', to: 'active' },
      { field: 'owner', from: '', to: 'dana' },
    ]);
    expect(opened.audit.every((a) => a.actor === 'fixture-maker')).toBe(true);

    expect(opened.alerts).toEqual([
      expect.objectContaining({
        externalId: 'da-1',
        title: 'Suspicious LSASS access',
        severity: 'high',
        mitreTechniques: ['T1003.001'],
        entityIds: ['ent-73fa6a913faad7319dbe3b2c', 'ent-00ea0edab4cd7c88fb79971c', 'ent-bdfd0ded7067c5966a96d2fe'],
      }),
    ]);
    expect(opened.actions.map((a) => [a.type, a.status, a.target])).toEqual([
      ['Isolate', 'pending', 'ws-042.contoso.com'],
      ['RunAntiVirusScan', 'succeeded', 'ws-042.contoso.com'],
    ]);
    expect(opened.indicators.map((i) => [i.type, i.value, i.forDetection])).toEqual([
      ['domain', 'evil.example', true],
      ['ipv4', '198.51.100.9', true],
    ]);
    // Entities from alerts and files, and those only events name (the packed event-entity table), merged.
    const entities = new Map(opened.entities.map((e) => [`${e.type} ${e.key}`, e]));
    expect(entities.size).toBe(13);
    expect(entities.get('ip 203.0.113.7')).toMatchObject({ roles: ['attacker'], verdict: 'malicious', attributes: { events: 40 } });
    expect(entities.get('ip 10.0.0.3')!.attributes.events).toBe(8);
    expect(entities.get('hash d41d8cd98f00b204e9800998ecf8427e')!.attributes.events).toBe(1);

    expect(opened.evidence.map((e) => [e.name, e.importer, e.kind])).toEqual([
      ['incident.json', 'graph-security', 'import'],
      ['machine-actions.json', 'defender-machine-actions', 'import'],
      ['misp-event.json', 'misp', 'import'],
      ['timeline.jsonl', 'timesketch-jsonl', 'import'],
    ]);
    const timeline = opened.evidence[3]!;
    expect(timeline.attributes).toMatchObject({ skippedRecords: 1, invalidUtf8: { sequences: 1, firstOffset: 7142 } });
    expect(opened.evidence[0]!.attributes.incidents).toEqual([
      { externalId: '1001', title: 'Credential theft on ws-042', createdAt: '2024-03-01T10:00:00.000000Z' },
    ]);
    await engine.lock();
  });

  it('gives the same state when its journal is replayed directly', async () => {
    const { engine } = await openFixture();
    await engine.cases.withReadable(MAIN, async (journal) => {
      const state = replayState(MAIN, journal.records);
      expect(countsOf(state)).toEqual({ events: 50, alerts: 1, entities: 13, indicators: 2, actions: 2, evidence: 4, matches: 0, notes: 0 });
      expect(state.imports.map((i) => [i.format, i.skippedTotal, i.runs.length])).toEqual([
        ['graph-security', 0, 1],
        ['defender-machine-actions', 0, 1],
        ['misp', 0, 1],
        ['timesketch-jsonl', 1, 1],
      ]);
      expect(state.imports[3]!.skipped).toEqual([{ position: 'line 42', field: 'datetime', reason: expect.stringContaining('not a time') }]);
    });
    await engine.lock();
  });

  it('reads its timeline runs, re-sealed by the key rotation', async () => {
    const { engine, call } = await openFixture();
    const summary = await call('timeline.summary', { caseId: MAIN });
    expect(summary).toEqual({
      count: 50,
      minTime: 1709254800000000,
      maxTime: 1709291400000000,
      sources: ['incident.json', 'machine-actions.json', 'misp-event.json', 'timeline.jsonl'],
    });
    const page = await call('timeline.page', { caseId: MAIN, filter: { text: '203.0.113.7' }, limit: 100 });
    expect(page.total).toBe(40);
    await engine.lock();
  });

  it('replays the case made from an incident, with its origin', async () => {
    const { engine, call } = await openFixture();
    const opened = await call('cases.open', { id: FROM_INCIDENT });
    expect(opened.case).toMatchObject({
      title: 'Credential theft on ws-042',
      status: 'active',
      owner: 'dana@contoso.com',
      version: 1,
      origin: { format: 'graph-security', file: 'incident.json', externalId: '1001', createdAt: '2024-03-01T10:00:00.000000Z', attributes: {} },
    });
    expect(opened.counts).toEqual({ events: 4, alerts: 1, entities: 3, indicators: 0, actions: 0, evidence: 1, matches: 0, notes: 0 });
    await engine.lock();
  });

  it('replays the case whose rollback was accepted, with the acceptance in its audit trail', async () => {
    const { engine, call } = await openFixture();
    const opened = await call('cases.open', { id: ROLLED });
    expect(opened.case).toMatchObject({ title: 'Rolled back case', status: 'new', version: 1 });
    expect(opened.audit.map((a) => a.type)).toEqual(['case.created', 'vault.rollbackAccepted', 'vault.keysRotated']);
    await engine.lock();
  });

  it('verifies: every chain, and every case against the vault manifest', async () => {
    const { engine, call } = await openFixture();
    for (const [id, records] of [
      [MAIN, 17],
      [FROM_INCIDENT, 5],
      [ROLLED, 3],
    ] as const) {
      const chain = await call('audit.verify', { caseId: id });
      expect(chain, id).toMatchObject({ ok: true, records, problems: [], tornTail: null });
    }
    const vault = await call('vault.verify', {});
    expect(vault.ok).toBe(true);
    expect(vault.unlisted).toEqual([]);
    expect(vault.manifest).toMatchObject({ state: 'ok', generation: 14, adopted: false });
    expect(vault.manifest.accepted).toEqual([expect.objectContaining({ caseId: ROLLED, actor: 'fixture-maker' })]);
    expect(vault.cases.map((c) => [c.caseId, c.ok]).sort()).toEqual(
      [
        [MAIN, true],
        [FROM_INCIDENT, true],
        [ROLLED, true],
      ].sort(),
    );
    await engine.lock();
  });

  it('takes new records after the old ones, and opens and verifies again', async () => {
    const { engine, call, dir } = await openFixture();
    await call('cases.update', { id: MAIN, patch: { status: 'active', owner: 'erin' }, expectedVersion: 16 });
    await engine.lock();
    const again = client(new Engine({ vaultDir: dir, actor: 'fixture-test' }));
    await again('vault.unlock', { passphrase: PASSPHRASE });
    const opened = await again('cases.open', { id: MAIN });
    expect(opened.case).toMatchObject({ status: 'active', owner: 'erin', version: 18, resolvedAt: null });
    expect(opened.counts.events).toBe(50);
    expect((await again('audit.verify', { caseId: MAIN })).records).toBe(18);
    expect((await again('vault.verify', {})).ok).toBe(true);
    await again('vault.lock', {});
  });
});
