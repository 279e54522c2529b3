import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine';
import type { JournalRecord } from '../cases/records/journal-record';
import type { Call } from './package-test-kit';

/** Shared by the evidence package tests: a case with everything an analyst records on top of its imports. */

export interface CuratedCase {
  caseId: string;
  /** The ingested file's bytes, the folder's files (path in the item → bytes). */
  file: Buffer;
  folder: Map<string, Buffer>;
  items: { file: string; folder: string; reference: string };
}

/** Evidence (a 2.5-chunk file, a folder with awkward names, an item by reference) with custody entries. */
async function addEvidence(call: Call, dir: string, caseId: string): Promise<Omit<CuratedCase, 'caseId'>> {
  const file = randomBytes(2 * 1024 * 1024 + 512 * 1024 + 7);
  const memory = path.join(dir, 'memory.raw');
  writeFileSync(memory, file);
  const folder = new Map<string, Buffer>([
    ['Event Logs/Security.evtx', randomBytes(70_000)],
    ['Event Logs/System (copy).evtx', Buffer.from('system log')],
    ['empty.txt', Buffer.alloc(0)],
    ['prefetch/CMD.EXE-0BD30981.pf', randomBytes(5000)],
    ['résumé ü.txt', Buffer.from('unicode name')],
  ]);
  const root = path.join(dir, 'kape');
  for (const [rel, bytes] of folder) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), bytes);
  }
  const fileItem = (
    await call('evidence.add', { caseId, taskId: 'ev1', file: memory, fields: { title: 'WKS-0 memory', kind: 'memory-image', acquiredBy: 'Dana' } })
  ).result;
  const folderItem = (await call('evidence.add', { caseId, taskId: 'ev2', file: root, fields: { title: 'KAPE of WKS-0', kind: 'triage-collection' } })).result;
  const reference = (
    await call('evidence.addRef', {
      caseId,
      fields: { title: 'Disk of WKS-1', kind: 'disk-image', storageLocation: 'Safe 3, shelf 2' },
      hashes: { sha256: 'ab'.repeat(32) },
      size: 512_000_000_000,
    })
  ).result;
  await call('evidence.custody', { caseId, itemId: fileItem.id, entry: { event: 'transferred', from: 'Dana', to: 'Lab', notes: 'sealed bag 7' } });
  await call('evidence.custody', { caseId, itemId: reference.id, entry: { event: 'stored', where: 'Safe 3', hashVerified: 'match' } });
  await call('evidence.verify', { caseId, itemId: folderItem.id });
  return { file, folder, items: { file: fileItem.id, folder: folderItem.id, reference: reference.id } };
}

/** Actions proposed, decided (approved, rejected) and done; matches; stars, tags and notes on events; a live-response session. */
export async function curate(call: Call, dir: string, caseId: string): Promise<CuratedCase> {
  const evidence = await addEvidence(call, dir, caseId);
  const { rows: hosts } = await call('entities.list', { caseId, types: ['device'], limit: 5 });
  const { rows: users } = await call('entities.list', { caseId, types: ['user'], limit: 5 });
  const [isolate] = (await call('actions.propose', { caseId, kind: 'isolate', targets: [hosts[0]!.id], rationale: 'C2 beacon' })).actions;
  const [disable] = (await call('actions.propose', { caseId, kind: 'disable-user', targets: [users[0]!.id], rationale: 'stolen password' })).actions;
  await call('actions.propose', { caseId, kind: 'collect-package', targets: [hosts[0]!.id], rationale: 'triage' });
  await call('actions.decide', { caseId, ids: [isolate!.id], decision: 'approve', comment: 'go' });
  await call('actions.decide', { caseId, ids: [disable!.id], decision: 'reject', comment: 'service account' });
  await call('actions.complete', { caseId, id: isolate!.id, outcome: 'executed', note: 'isolated at 10:40', evidenceId: evidence.items.file });
  await call('matches.run', { caseId });
  const page = (await call('timeline.page', { caseId, limit: 100 })).events;
  const [first, second] = [page[2]!, page[5]!];
  await call('story.annotate', { caseId, eventId: first.id, star: true, flag: true, addTags: ['initial-access'], linkEntities: [hosts[0]!.id] });
  await call('story.annotate', { caseId, eventId: second.id, flag: true });
  await call('story.writeNote', { caseId, target: { kind: 'event', id: second.id }, text: 'beacon **again**' });
  const note = (await call('story.writeNote', { caseId, text: 'Scope: WKS-0 and WKS-1' })).note;
  await call('story.writeNote', { caseId, noteId: note.id, text: 'Scope: WKS-0, WKS-1 and WKS-2' });
  await call('story.recordLive', {
    caseId,
    host: 'WKS-0',
    tool: 'PowerShell',
    startedAt: '2024-05-01T10:30:00Z',
    commands: [{ command: 'whoami', output: 'corp\\user0' }],
    evidenceIds: [evidence.items.file],
    summary: 'checked the account',
  });
  return { caseId, ...evidence };
}

export async function journalOf(engine: Engine, caseId: string): Promise<JournalRecord[]> {
  return engine.cases.withReadable(caseId, (j) => [...j.records]);
}
