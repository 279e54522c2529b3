import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'entity store test';

async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF });
  const raw = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await raw(method, input)) as Result<M>;
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'Entities' })).cases![0]!.id;
  return { dir, engine, call, raw, caseId };
}

/** A timeline naming `addresses` distinct addresses once each, and 10.0.0.1 with the host WKS-1 in every tenth event. */
function connections(dir: string, addresses: number): string {
  const file = path.join(dir, 'connections.csv');
  const rows = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = 0; i < addresses; i++) {
    const second = String(i % 60).padStart(2, '0');
    const peer = `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    rows.push(
      i % 10 === 0
        ? `WKS-1 reached 10.0.0.1 and ${peer},2024-05-01T10:${second}:00+00:00,Event Recorded,WKS-1,alice`
        : `connect ${peer},2024-05-01T11:00:${second}+00:00,Event Recorded,SRV-2,bob`,
    );
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('entity store', () => {
  it('keeps every entity past the old cap of 100,000, and filters, sorts and pages them', async () => {
    const { dir, call, caseId } = await setup();
    const { report } = await call('import.start', { taskId: 't', file: connections(dir, 120_000), caseId });
    expect(report.warnings).toEqual([]);
    const all = await call('entities.list', { caseId, limit: 3 });
    // 120,000 peers, 10.0.0.1, two hosts, two users.
    expect(all.all).toBe(120_005);
    expect(all.total).toBe(120_005);
    expect(all.byType).toEqual({ ip: 120_001, device: 2, user: 2 });
    // Sorted by events, most first: SRV-2 and bob (108,000 events), then WKS-1 and alice and 10.0.0.1 (12,000).
    expect(all.rows.map((r) => r.events)).toEqual([108_000, 108_000, 12_000]);
    expect(
      all.rows
        .slice(0, 2)
        .map((r) => r.display)
        .sort(),
    ).toEqual(['SRV-2', 'bob']);

    const page = await call('entities.list', { caseId, text: '172.17.', types: ['ip'], sort: 'display', order: 'asc', offset: 10, limit: 5 });
    expect(page.total).toBe(120_000 - 65_536);
    expect(page.rows.map((r) => r.display)).toEqual(['172.17.0.107', '172.17.0.108', '172.17.0.109', '172.17.0.11', '172.17.0.110']);
    const devices = await call('entities.list', { caseId, types: ['device'], sort: 'firstSeen', order: 'asc' });
    expect(devices.rows.map((r) => [r.display, r.firstSeen, r.lastSeen])).toEqual([
      ['WKS-1', '2024-05-01T10:00:00.000000Z', '2024-05-01T10:50:00.000000Z'],
      ['SRV-2', '2024-05-01T11:00:01.000000Z', '2024-05-01T11:00:59.000000Z'],
    ]);
  });

  it('opens one entity with what each source said, the entities seen with it and its histogram', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't', file: connections(dir, 300), caseId });
    const ip = (await call('entities.list', { caseId, text: '10.0.0.1', types: ['ip'] })).rows[0]!;
    const detail = await call('entities.get', { caseId, id: ip.id });
    expect(detail.entity).toMatchObject({ display: '10.0.0.1', events: 30, alerts: 0, verdict: null, tags: [] });
    expect(detail.bySource).toEqual([expect.objectContaining({ source: 'connections.csv', events: 30, firstSeen: '2024-05-01T10:00:00.000000Z' })]);
    expect(detail.histogram.total).toBe(30);
    // WKS-1 and alice are in every one of its events; each peer in one.
    expect(detail.cooccurring.slice(0, 2).map((c) => [c.display, c.together])).toEqual([
      ['alice', 30],
      ['WKS-1', 30],
    ]);
    expect(detail.cooccurring[2]).toMatchObject({ type: 'ip', together: 1 });
    expect(detail.timelineEntity).toBe('10.0.0.1');
    expect((await call('timeline.page', { caseId, filter: { entity: detail.timelineEntity } })).total).toBe(30);
  });

  it('sets verdicts and tags on many entities as one audited journal record, over what the sources said', async () => {
    const { dir, call, raw, caseId } = await setup();
    await call('import.start', { taskId: 't', file: connections(dir, 50), caseId });
    const peers = (await call('entities.list', { caseId, text: '172.16.0.', limit: 100 })).rows.map((r) => r.id);
    expect(peers).toHaveLength(50);
    const changes = await call('entities.set', { caseId, ids: peers.slice(0, 3), verdict: 'malicious', addTags: ['c2', 'beacon'] });
    expect(changes.audit).toEqual([
      expect.objectContaining({
        type: 'entity.set',
        actor: 'tester',
        changes: [
          { field: 'verdict of 3 entities', from: null, to: 'malicious' },
          { field: 'tags of 3 entities', from: null, to: '+c2, +beacon' },
        ],
      }),
    ]);
    await call('entities.set', { caseId, ids: [peers[0]!], removeTags: ['beacon'] });

    const malicious = await call('entities.list', { caseId, verdict: 'Malicious', sort: 'display', order: 'asc' });
    expect(Object.fromEntries(malicious.rows.map((r) => [r.id, r.tags]))).toEqual({
      [peers[0]!]: ['c2'],
      [peers[1]!]: ['beacon', 'c2'],
      [peers[2]!]: ['beacon', 'c2'],
    });
    expect((await call('entities.list', { caseId, tag: 'beacon' })).total).toBe(2);
    expect((await call('entities.list', { caseId, verdict: 'none' })).total).toBe(55 - 3);
    const detail = await call('entities.get', { caseId, id: peers[1]! });
    expect(detail.verdictSetBy).toMatchObject({ actor: 'tester' });
    expect(detail.tagsSetBy).toMatchObject({ actor: 'tester' });

    // Cleared: no verdict by hand, none from a source.
    await call('entities.set', { caseId, ids: [peers[1]!], verdict: null });
    expect((await call('entities.get', { caseId, id: peers[1]! })).entity.verdict).toBeNull();

    // A remediation status by hand, on the record; cleared, the entity has none again.
    const excluded = await call('entities.set', { caseId, ids: [peers[3]!], remediation: 'excluded' });
    expect(excluded.audit![0]!.changes).toEqual([{ field: `remediation of ${peers[3]}`, from: null, to: 'excluded' }]);
    expect(await call('entities.get', { caseId, id: peers[3]! })).toMatchObject({
      entity: { remediationStatus: 'excluded' },
      remediationSource: 'set by hand',
      remediationSetBy: { actor: 'tester' },
    });
    await call('entities.set', { caseId, ids: [peers[3]!], remediation: null });
    expect((await call('entities.get', { caseId, id: peers[3]! })).entity.remediationStatus).toBeNull();

    const refused = await raw('entities.set', { caseId, ids: [peers[2]!, 'ent-nope'], verdict: 'benign' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('has no entity ent-nope; nothing was changed') },
    });
    expect((await call('entities.get', { caseId, id: peers[2]! })).entity.verdict).toBe('malicious');
    expect(await raw('entities.set', { caseId, ids: [peers[2]!] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('set a verdict or a remediation status, or add or remove a tag') },
    });
    expect((await call('audit.verify', { caseId })).ok).toBe(true);
  });

  it('reads its pages back after a key rotation, and refuses a page swapped for another', async () => {
    const { dir, call, raw, caseId } = await setup();
    await call('import.start', { taskId: 't', file: connections(dir, 40), caseId });
    await call('vault.rotateKeys', { passphrase: PASS });
    expect((await call('entities.list', { caseId })).all).toBe(45);

    const other = (await call('cases.create', { title: 'Other' })).cases![0]!.id;
    await call('import.start', { taskId: 't2', file: connections(dir, 20), caseId: other });
    const pageOf = (id: string) => {
      const folder = path.join(dir, 'cases', id, 'timeline');
      return path.join(
        folder,
        readdirSync(folder).find((f) => f.endsWith('.ents'))!,
      );
    };
    writeFileSync(pageOf(caseId), readFileSync(pageOf(other)));
    await call('vault.lock', { reason: 'user' });
    await call('vault.unlock', { passphrase: PASS });
    expect(await raw('entities.list', { caseId })).toMatchObject({
      ok: false,
      error: { code: 'corrupt', message: expect.stringContaining('is not the one the journal recorded') },
    });
  });
});
