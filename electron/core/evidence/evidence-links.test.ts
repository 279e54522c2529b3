import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();

/** A case with a two-event timeline (so two devices and two users) and one evidence item held elsewhere. */
async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor: 'tester', kdf: TEST_KDF });
  const raw = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await raw(method, input)) as Result<M>;
  await call('vault.create', { passphrase: 'evidence links test' });
  const caseId = (await call('cases.create', { title: 'Links' })).cases![0]!.id;
  const file = path.join(dir, 'events.csv');
  const rows = [
    'message,datetime,timestamp_desc,hostname,username',
    'lsass.exe read by procdump.exe,2026-03-04T10:05:00+00:00,Event Recorded,WKS-1,alice',
    'logon from 203.0.113.9,2026-03-04T10:07:00+00:00,Event Recorded,SRV-2,bob',
  ];
  writeFileSync(file, rows.join('\n') + '\n');
  await call('import.start', { taskId: 't', file, caseId });
  const { events } = await call('timeline.page', { caseId, limit: 10 });
  const { result: item } = await call('evidence.addRef', {
    caseId,
    fields: { title: 'WKS-1 disk image', kind: 'disk-image', storageLocation: 'Locker 3' },
    hashes: { sha256: 'a'.repeat(64) },
  });
  const device = (await call('entities.list', { caseId, types: ['device'], text: 'WKS-1' })).rows[0]!;
  return { raw, call, caseId, events, item, device };
}

describe('evidence links', () => {
  it('links an item to an entity and an event in one audited record, named by value and message, and unlinks one', async () => {
    const { call, caseId, events, item, device } = await setup();
    const event = events[0]!;
    const { result, changes } = await call('evidence.link', { caseId, itemId: item.id, add: { entities: [device.id], events: [String(event.id)] } });
    expect(result.links).toEqual({ entities: [device.id], alerts: [], events: [String(event.id)] });
    expect(changes.audit).toEqual([
      expect.objectContaining({
        type: 'evidence.linked',
        actor: 'tester',
        changes: [{ field: `links of ${item.id}`, from: null, to: `entity ${device.id}, event ${event.id}` }],
      }),
    ]);

    const detail = await call('evidence.get', { caseId, itemId: item.id });
    expect(detail.linked).toEqual([
      { kind: 'entity', id: device.id, label: 'WKS-1', detail: 'device', time: null, found: true },
      { kind: 'event', id: String(event.id), label: event.message, detail: `WKS-1 · ${event.source}`, time: event.time, found: true },
    ]);
    // The custody report names them too (the id beside the name, for whoever checks against the journal).
    const { html } = await call('evidence.report', { caseId, itemId: item.id });
    expect(html).toContain(`WKS-1 (device) <small>${device.id}</small>`);
    expect(html).toContain('2026-03-04 10:05:00.000000 UTC · lsass.exe read by procdump.exe');
    // The list carries the links, so an entity's page can show the evidence linked to it.
    expect((await call('evidence.list', { caseId }))[0]!.links.entities).toEqual([device.id]);

    await call('evidence.link', { caseId, itemId: item.id, remove: { entities: [device.id] } });
    expect((await call('evidence.get', { caseId, itemId: item.id })).item.links).toEqual({ entities: [], alerts: [], events: [String(event.id)] });
    expect((await call('audit.verify', { caseId })).ok).toBe(true);
  });

  it('refuses an unknown entity, alert or event, a second link and an unlink of what is not linked, naming each, and changes nothing', async () => {
    const { raw, call, caseId, item, device } = await setup();
    await call('evidence.link', { caseId, itemId: item.id, add: { entities: [device.id] } });
    const revision = (await call('cases.summary', { id: caseId })).revision;
    const refused = await raw('evidence.link', {
      caseId,
      itemId: item.id,
      add: { entities: [device.id, 'entity-nope'], alerts: ['alert-nope'], events: ['999999999', 'x1'] },
      remove: { alerts: ['alert-other'] },
    });
    expect(refused.ok).toBe(false);
    const message = refused.ok ? '' : refused.error.message;
    for (const part of [
      `add.entities: "WKS-1 disk image" is already linked to entity ${device.id}`,
      `remove.alerts: "WKS-1 disk image" is not linked to alert alert-other`,
      `has no entity entity-nope`,
      `has no alert alert-nope`,
      `has no timeline event 999999999`,
      `"x1" is not a timeline event id`,
      'nothing was changed',
    ]) {
      expect(message).toContain(part);
    }
    const empty = await raw('evidence.link', { caseId, itemId: item.id });
    expect(empty.ok ? '' : empty.error.message).toContain('name at least one entity, alert or event');
    expect((await call('cases.summary', { id: caseId })).revision).toBe(revision);
  });
});

describe('evidence named by actions and live-response sessions', () => {
  it('refuses an evidence id the case does not have, naming it, for an action outcome and a live-response session', async () => {
    const { raw, call, caseId, item, device } = await setup();
    await call('vault.settings', { twoPersonRule: false });
    const [action] = (await call('actions.propose', { caseId, kind: 'collect-package', targets: [device.id], rationale: 'triage' })).actions;
    await call('actions.decide', { caseId, ids: [action!.id], decision: 'approve', comment: '' });
    const revision = (await call('cases.summary', { id: caseId })).revision;

    const outcome = await raw('actions.complete', { caseId, id: action!.id, outcome: 'executed', note: 'done', evidenceId: 'ev-typo' });
    expect(outcome.ok ? '' : outcome.error.message).toContain('has no evidence item "ev-typo"');
    const session = await raw('story.recordLive', {
      caseId,
      host: 'WKS-1',
      tool: 'Velociraptor',
      startedAt: '2026-03-04T11:00:00Z',
      commands: [{ command: 'pslist', output: '' }],
      evidenceIds: [item.id, 'ev-other'],
    });
    expect(session.ok ? '' : session.error.message).toContain('has no evidence item "ev-other"');
    expect((await call('cases.summary', { id: caseId })).revision).toBe(revision);

    // A known id is taken.
    const done = await call('actions.complete', { caseId, id: action!.id, outcome: 'executed', note: 'done', evidenceId: item.id });
    expect(done.actions[0]!.evidenceId).toBe(item.id);
  });
});
