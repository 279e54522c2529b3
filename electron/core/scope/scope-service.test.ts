import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import type { AlertRecord, EntityRecord } from '../../../shared/domain/records';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { assetKey, assetLanes } from './asset-lanes';

const tempDir = useTempDirs();
const PASS = 'scope service test';
const HOUR_US = 3_600_000_000;
const T0 = Date.UTC(2024, 4, 1) * 1000;

async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF });
  const raw = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await raw(method, input)) as Result<M>;
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'Scope' })).cases![0]!.id;
  return { dir, engine, call, raw, caseId };
}

/** Ten hours of events: WKS-1 busy in hours 0-4, SRV-2 in hours 5-9, DC-3 once an hour throughout. */
function movement(dir: string): string {
  const file = path.join(dir, 'movement.csv');
  const rows = ['message,datetime,timestamp_desc,hostname,username'];
  for (let hour = 0; hour < 10; hour++) {
    const at = (minute: number) => `2024-05-01T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+00:00`;
    for (let k = 0; k < 5; k++) rows.push(`logon ${k},${at(k)},Event Recorded,${hour < 5 ? 'WKS-1' : 'SRV-2'},alice`);
    rows.push(`heartbeat,${at(30)},Event Recorded,DC-3,SYSTEM`);
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

function entity(id: string, type: EntityRecord['type'], display: string): EntityRecord {
  return {
    id,
    caseId: 'c',
    type,
    key: display.toLowerCase(),
    display,
    roles: [],
    verdict: null,
    remediationStatus: null,
    sources: [],
    firstSeen: null,
    lastSeen: null,
    attributes: {},
  };
}

function alert(id: string, firstActivity: string, entityIds: string[]): AlertRecord {
  return {
    ...{ id, caseId: 'c', externalId: id, title: `Alert ${id}`, severity: 'high', status: 'new', category: null, source: 'test' },
    ...{ detectionSource: null, createdAt: null, firstActivity, lastActivity: null, description: '', mitreTechniques: [], entityIds, attributes: {} },
  };
}

describe('asset timelines', () => {
  it('gives one lane per host on the timeline axis: the chosen ones in order, else the busiest', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't', file: movement(dir), caseId });
    const lanes = await call('timeline.lanes', { caseId, field: 'host', bins: 10, filter: { from: T0, to: T0 + 10 * HOUR_US } });
    expect(lanes.lanes.map((l) => [l.value, l.events])).toEqual([
      ['SRV-2', 25],
      ['WKS-1', 25],
      ['DC-3', 10],
    ]);
    // Movement from host to host: WKS-1 in the first five bins, SRV-2 in the last five.
    expect(lanes.lanes.find((l) => l.value === 'WKS-1')!.counts).toEqual([5, 5, 5, 5, 5, 0, 0, 0, 0, 0]);
    expect(lanes.lanes.find((l) => l.value === 'SRV-2')!.counts).toEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5]);
    const chosen = await call('timeline.lanes', { caseId, field: 'host', values: ['DC-3', 'NOT-THERE'], bins: 10 });
    expect(chosen.lanes.map((l) => [l.value, l.events])).toEqual([
      ['DC-3', 10],
      ['NOT-THERE', 0],
    ]);
    const users = await call('timeline.lanes', { caseId, field: 'user', bins: 2 });
    expect(users.candidates).toEqual([
      { value: 'alice', events: 50, alerts: 0 },
      { value: 'SYSTEM', events: 10, alerts: 0 },
    ]);
  });

  it('puts each alert on the lanes of the devices it names, at its first activity, and ranks lanes by alerts first', () => {
    const entities = new Map([
      ['d1', entity('d1', 'device', 'wks-1.contoso.local')],
      ['d2', entity('d2', 'device', 'SRV-2')],
      ['u1', entity('u1', 'user', 'CONTOSO\\alice')],
    ]);
    const alerts = [
      alert('a1', '2024-05-01T06:10:00Z', ['d1', 'u1']),
      alert('a2', '2024-05-01T02:00:00Z', ['d1']),
      // Outside the span: not a mark, not counted.
      alert('a3', '2024-06-01T00:00:00Z', ['d2']),
    ];
    const buckets = {
      from: T0,
      to: T0 + 10 * HOUR_US,
      binWidth: HOUR_US,
      total: 60,
      counts: new Array<number>(10).fill(6),
      byValue: new Map([
        ['SRV-2', new Array<number>(10).fill(5)],
        ['WKS-1', new Array<number>(10).fill(1)],
      ]),
    };
    const lanes = assetLanes(buckets, 'host', undefined, alerts, entities);
    // WKS-1 has fewer events but two alerts: it comes first.
    expect(lanes.lanes.map((l) => [l.value, l.alerts])).toEqual([
      ['WKS-1', 2],
      ['SRV-2', 0],
    ]);
    expect(lanes.alerts.map((a) => [a.id, a.lanes, a.time])).toEqual([
      ['a2', ['WKS-1'], T0 + 2 * HOUR_US],
      ['a1', ['WKS-1'], T0 + 6 * HOUR_US + 600_000_000],
    ]);
    expect(assetKey('user', 'CONTOSO\\Alice')).toBe(assetKey('user', 'alice@contoso.com'));
  });
});

describe('saved views', () => {
  it('saves, lists (by name), replaces and deletes a case’s views, kept across a lock', async () => {
    const { call, raw, caseId } = await setup();
    const view = { name: 'Lateral movement', filter: { hosts: ['WKS-1'], from: T0, to: T0 + HOUR_US }, splitBy: 'user' as const, lanes: null };
    await call('savedViews.save', { caseId, view });
    await call('savedViews.save', { caseId, view: { ...view, name: 'Alice', filter: { users: ['alice'] }, lanes: { field: 'user', values: ['alice'] } } });
    expect((await call('savedViews.list', { caseId })).map((v) => v.name)).toEqual(['Alice', 'Lateral movement']);
    await call('savedViews.save', { caseId, view: { ...view, splitBy: null } });
    await call('vault.lock', { reason: 'user' });
    await call('vault.unlock', { passphrase: PASS });
    const listed = await call('savedViews.list', { caseId });
    expect(listed.find((v) => v.name === 'Lateral movement')).toMatchObject({ filter: view.filter, splitBy: null });
    expect((await call('savedViews.delete', { caseId, name: 'Alice' })).map((v) => v.name)).toEqual(['Lateral movement']);
    const missing = await raw('savedViews.delete', { caseId, name: 'Alice' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('"Alice"') } });
    const unnamed = await raw('savedViews.save', { caseId, view: { ...view, name: '  ' } });
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('name the view') } });
  });
});
