import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'action service test';

/** Defender machine actions: one pending isolation asked for an hour ago, one finished scan from 2018. */
function machineActions(dir: string): string {
  const file = path.join(dir, 'machine-actions.json');
  const action = (id: string, type: string, status: string, created: string) => ({
    id,
    type,
    requestor: 'soc@contoso.com',
    requestorComment: `${type} asked by the SOC`,
    status,
    machineId: 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f',
    computerDnsName: 'desktop-39g9tgl',
    creationDateTimeUtc: created,
    lastUpdateTimeUtc: created,
    relatedFileInfo: null,
  });
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const value = [
    action('11111111-1111-4111-8111-111111111111', 'Isolate', 'Pending', hourAgo),
    action('22222222-2222-4222-8222-222222222222', 'RunAntiVirusScan', 'Succeeded', '2018-12-04T12:18:27Z'),
  ];
  writeFileSync(file, JSON.stringify({ '@odata.context': 'https://api.securitycenter.windows.com/api/$metadata#MachineActions', value }));
  return file;
}

/** An engine whose actor is the vault's analyst name (so a test can be alice, then bob). */
async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, kdf: TEST_KDF });
  const raw = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await raw(method, input)) as Result<M>;
  await call('vault.create', { passphrase: PASS });
  await call('vault.settings', { actor: 'alice' });
  const caseId = (await call('cases.create', { title: 'Actions' })).cases![0]!.id;
  await call('import.start', { taskId: 't', file: machineActions(dir), caseId });
  const device = (await call('entities.list', { caseId, types: ['device'] })).rows[0]!;
  return { engine, call, raw, caseId, device, as: (actor: string) => call('vault.settings', { actor }) };
}

describe('actions through the engine', () => {
  it('imported actions arrive in the queue (pending) and in history (finished); a proposal names the exact device id', async () => {
    const { call, caseId, device } = await setup();
    const listed = await call('actions.list', { caseId });
    expect(listed.actions.map((a) => [a.kind, a.status, a.source])).toEqual([
      ['isolate', 'pending', 'imported'],
      ['av-scan', 'executed', 'imported'],
    ]);
    expect(listed.twoPersonRule).toBe(false);
    const { actions, audit } = await call('actions.propose', { caseId, kind: 'collect-package', targets: [device.id], rationale: 'triage the host' });
    expect(actions[0]).toMatchObject({ status: 'pending', proposedBy: 'alice', source: 'manual' });
    expect(actions[0]!.target).toMatchObject({
      entityId: device.id,
      display: 'desktop-39g9tgl',
      identifierName: 'Device id',
      identifier: 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f',
    });
    expect(Date.parse(actions[0]!.expiresAt) - Date.parse(actions[0]!.proposedAt)).toBeCloseTo(7 * 86_400_000, -4);
    expect(audit[0]).toMatchObject({ type: 'action.proposed', actor: 'alice' });
    // The case counts its actions, imported and proposed.
    expect((await call('cases.summary', { id: caseId })).counts.actions).toBe(3);
    expect((await call('actions.list', { caseId, status: ['pending'], sources: ['manual'] })).actions).toHaveLength(1);
    expect((await call('actions.list', { caseId, target: 'f46b9bb2' })).actions).toHaveLength(3);
    expect((await call('actions.list', { caseId, olderThanHours: 0.5 })).actions.map((a) => a.source)).toEqual(['imported', 'imported']);
  });

  it('two-person rule, set per vault: the proposer is refused with the reason, another analyst approves', async () => {
    const { call, raw, caseId, device, as } = await setup();
    expect((await call('vault.settings', { twoPersonRule: true })).twoPersonRule).toBe(true);
    const proposed = await call('actions.propose', { caseId, kind: 'isolate', targets: [device.id], rationale: 'C2 beacon' });
    const id = proposed.actions[0]!.id;
    const refused = await raw('actions.decide', { caseId, ids: [id], decision: 'approve' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/alice proposed it, and the two-person rule/) } });
    await as('bob');
    const approved = await call('actions.decide', { caseId, ids: [id], decision: 'approve', comment: 'confirmed beacon' });
    expect(approved.actions[0]).toMatchObject({ status: 'approved', decidedBy: 'bob', comment: 'confirmed beacon' });
    // Decided once: a second decision is refused.
    expect(await raw('actions.decide', { caseId, ids: [id], decision: 'reject', comment: 'changed my mind' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/it is already approved \(by bob/) },
    });
    // The device is now being remediated, by whom and from what.
    const detail = await call('entities.get', { caseId, id: device.id });
    expect(detail.entity.remediationStatus).toBe('in-progress');
    expect(detail).toMatchObject({ remediationSource: 'action approved', remediationSetBy: { actor: 'bob' } });
  });

  it('after approval: executed → remediated, undo proposes the release, the runbook lists the approved ones; a hand-set status wins when later', async () => {
    const { call, raw, caseId, device } = await setup();
    // The outcome names an item of the case's evidence log (an unknown id is refused: evidence-links.test.ts).
    const screenshot = (
      await call('evidence.addRef', { caseId, fields: { title: 'Isolation screenshot', kind: 'screenshot' }, hashes: { sha256: 'd'.repeat(64) } })
    ).result;
    const [isolate] = (await call('actions.propose', { caseId, kind: 'isolate', targets: [device.id], rationale: 'C2 beacon' })).actions;
    expect(await raw('actions.complete', { caseId, id: isolate!.id, outcome: 'executed', note: 'x' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/is pending/) },
    });
    await call('actions.decide', { caseId, ids: [isolate!.id], decision: 'approve' });
    const md = await call('actions.runbook', { caseId, format: 'md' });
    expect(md.actions).toBe(1);
    expect(md.content).toContain('- Device id: ` f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f `');
    const done = await call('actions.complete', { caseId, id: isolate!.id, outcome: 'executed', note: 'isolated 10:05 UTC', evidenceId: screenshot.id });
    expect(done.actions[0]).toMatchObject({ status: 'executed', outcomeNote: 'isolated 10:05 UTC', evidenceId: screenshot.id });
    expect((await call('entities.get', { caseId, id: device.id })).entity.remediationStatus).toBe('remediated');

    const undo = await call('actions.undo', { caseId, id: isolate!.id });
    expect(undo.actions[0]).toMatchObject({ kind: 'release', status: 'pending', undoOf: isolate!.id, target: isolate!.target });
    // Once is enough: a second undo while the release waits is refused.
    expect(await raw('actions.undo', { caseId, id: isolate!.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/is being undone already \(act-.*, pending\)/) },
    });

    await call('entities.set', { caseId, ids: [device.id], remediation: 'excluded' });
    const after = await call('entities.get', { caseId, id: device.id });
    expect(after.entity.remediationStatus).toBe('excluded');
    expect(after.remediationSource).toBe('set by hand');
    const audit = await call('audit.list', { caseId });
    expect(audit.map((e) => e.type).slice(-5)).toEqual(['action.proposed', 'action.decided', 'action.completed', 'action.proposed', 'entity.set']);
    expect(audit.at(-3)!.changes).toContainEqual({ field: `result of action ${isolate!.id}`, from: null, to: 'isolated 10:05 UTC' });
  });

  it('a batch decision is on one kind only: a mixed batch is refused whole, and a rejection needs its comment', async () => {
    const { call, raw, caseId, device } = await setup();
    const many = await call('actions.propose', { caseId, kind: 'av-scan', targets: [device.id], rationale: 'sweep' });
    const other = await call('actions.propose', { caseId, kind: 'isolate', targets: [device.id], rationale: 'contain' });
    const mixed = await raw('actions.decide', { caseId, ids: [many.actions[0]!.id, other.actions[0]!.id], decision: 'reject', comment: 'no' });
    expect(mixed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/of 2 kinds/) } });
    expect((await call('actions.list', { caseId, status: ['pending'] })).actions).toHaveLength(3);
    const noComment = await raw('actions.decide', { caseId, ids: [many.actions[0]!.id], decision: 'reject' });
    expect(noComment).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/a rejection needs a comment/) } });
    const rejected = await call('actions.decide', { caseId, ids: [many.actions[0]!.id], decision: 'reject', comment: 'not needed' });
    expect(rejected.actions[0]!.history.at(-1)).toMatchObject({ what: 'rejected', actor: 'alice', note: 'not needed' });
  });
});
