import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { Vault } from './vault';
import { HEAD_FILE } from './journal-head';
import { MANIFEST_FILE, withManifestLock, type Manifest } from './vault-manifest';
import { ownerEdit as edit } from '../../../tests/unit/support/journal-entries';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, makeEditedCase, PASS, recordSpans, snapshotTree, unlockVault } from '../../../tests/unit/support/vault-fixture';
import { ChildWriter, killAllWriters, requireBuiltEngine } from '../../../tests/unit/support/child-writer';

const tempDir = useTempDirs();
afterEach(killAllWriters);

const caseDir = (dir: string, id: string) => path.dirname(journalPath(dir, id));

async function manifestOf(dir: string): Promise<Manifest> {
  const vault = await Vault.unlock(dir, PASS);
  const read = await vault.manifest.read();
  vault.lock();
  if (typeof read === 'string') throw new Error(`manifest ${read}`);
  return read;
}

/** A case opened as "new", then resolved: what an attacker would like to undo. */
async function resolvedCase(dir: string) {
  const { engine, call } = await createVault(dir);
  const id = (await call('cases.create', { title: 'Ransomware on FS01', severity: 'high' })).cases![0]!.id;
  const older = path.join(dir, 'older-journal.cbj');
  const olderFolder = path.join(dir, 'older-folder');
  copyFileSync(journalPath(dir, id), older);
  cpSync(caseDir(dir, id), olderFolder, { recursive: true });
  await call('cases.update', { id, patch: { status: 'resolved', classification: 'truePositive', determination: 'malware' } });
  await call('cases.update', { id, patch: { owner: 'dana' } });
  await engine.lock();
  return { id, older, olderFolder };
}

/** Expects a case to be refused everywhere (list, open, write) and reported by audit verify, with nothing changed on disk. */
async function expectRefused(dir: string, id: string, what: RegExp) {
  // Files only: taking and releasing the writer lock touches the folder's time, not what is in it.
  const files = () => [...snapshotTree(caseDir(dir, id))].filter(([, v]) => v.startsWith('file'));
  const before = files();
  const { engine, call } = await unlockVault(dir);
  const list = await call('cases.list', {});
  expect(list.cases.map((c) => c.id)).not.toContain(id);
  expect(list.unreadable).toEqual([{ caseId: id, message: expect.stringMatching(what) }]);
  await expect(call('cases.open', { id })).rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(what) });
  await expect(call('cases.update', { id, patch: { owner: 'mallory' } })).rejects.toMatchObject({ code: 'corrupt' });
  const verified = await call('audit.verify', { caseId: id });
  expect(verified.ok).toBe(false);
  expect(verified.problems[0]!.reason).toMatch(what);
  const vault = await call('vault.verify', {});
  expect(vault.ok).toBe(false);
  expect(vault.cases.find((c) => c.caseId === id)).toMatchObject({ ok: false });
  await engine.lock();
  expect(files(), 'the evidence was left as it was').toEqual(before);
}

describe('vault manifest: rollback of a case', () => {
  it('finds an older journal put back with its journal.head deleted, at open and in audit verify, and the next write cannot make it permanent', async () => {
    const dir = tempDir();
    const { id, older } = await resolvedCase(dir);
    copyFileSync(older, journalPath(dir, id));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    await expectRefused(dir, id, /ROLLED BACK: the vault manifest recorded 3 records for this case .* but its journal holds 1/);
  });

  it('finds an older copy of the whole case folder (key, journal and head) put back', async () => {
    const dir = tempDir();
    const { id, olderFolder } = await resolvedCase(dir);
    rmSync(caseDir(dir, id), { recursive: true });
    cpSync(olderFolder, caseDir(dir, id), { recursive: true });
    await expectRefused(dir, id, /ROLLED BACK/);
  });

  it('finds a journal cut short at a record boundary with its head removed', async () => {
    const dir = tempDir();
    const { id } = await resolvedCase(dir);
    const bytes = readFileSync(journalPath(dir, id));
    const spans = recordSpans(bytes);
    writeFileSync(journalPath(dir, id), bytes.subarray(0, spans[1]!.offset + spans[1]!.bytes));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    await expectRefused(dir, id, /ROLLED BACK: the vault manifest recorded 3 records .* holds 2/);
  });

  it('finds a journal swapped for another history of the same length', async () => {
    const dir = tempDir();
    const { id } = await resolvedCase(dir);
    // Another history: the same case, rewritten by someone holding its key (the head goes with it).
    const vault = await Vault.unlock(dir, PASS);
    const other = path.join(dir, 'other');
    cpSync(caseDir(dir, id), other, { recursive: true });
    const bytes = readFileSync(journalPath(dir, id));
    writeFileSync(journalPath(dir, id), bytes.subarray(0, recordSpans(bytes)[1]!.offset));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    // Bypass the guard as such a writer would (straight to the journal): open without the manifest.
    const { CaseJournal } = await import('./case-journal');
    const writer = await CaseJournal.open(caseDir(dir, id), id, await vault.caseKey(id), 'write');
    await writer.append(edit('mallory'));
    await writer.append(edit('mallory again'));
    await writer.close();
    vault.lock();
    await expectRefused(dir, id, /REPLACED: record 3 is not the one the vault manifest recorded/);
  });
});

describe('vault manifest: deleted cases', () => {
  it('reports a whole case folder deleted: in the case list, audit verify and vault verify', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const kept = await makeEditedCase(call, 'kept', 1);
    const gone = await makeEditedCase(call, 'gone', 2);
    await engine.lock();
    rmSync(caseDir(dir, gone), { recursive: true });

    const again = await unlockVault(dir);
    const list = await again.call('cases.list', {});
    expect(list.cases.map((c) => c.id)).toEqual([kept]);
    expect(list.unreadable).toEqual([{ caseId: gone, message: expect.stringMatching(/^DELETED: case .* is in the vault manifest \(3 records/) }]);
    expect(await again.call('audit.verify', { caseId: gone })).toMatchObject({ ok: false, problems: [{ reason: expect.stringContaining('DELETED') }] });
    const all = await again.call('vault.verify', {});
    expect(all.ok).toBe(false);
    expect(all.cases.map((c) => [c.caseId, c.ok])).toEqual(
      [
        [kept, true],
        [gone, false],
      ].sort(),
    );
    await again.engine.lock();
  });
});

describe('vault manifest: no false alarms', () => {
  it('accepts a journal longer than its entry (a crash between the append and the manifest update), and moves the entry on at the next write', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = await makeEditedCase(call, 'crash', 2);
    await engine.lock();
    // The record is synced, the manifest update never happens: what a crash between the two leaves.
    const vault = await Vault.unlock(dir, PASS);
    const writer = await vault.openCase(id, 'write');
    await writer.append(edit('appended before the crash'));
    await writer.close();
    vault.lock();
    expect((await manifestOf(dir)).cases[id]!.records).toBe(3);

    const again = await unlockVault(dir);
    expect((await again.call('vault.verify', {})).ok).toBe(true);
    expect((await again.call('cases.open', { id })).case.owner).toBe('appended before the crash');
    await again.call('cases.update', { id, patch: { owner: 'next' } });
    await again.engine.lock();
    expect((await manifestOf(dir)).cases[id]!.records).toBe(5);
  });

  it('keeps both entries when two processes write different cases at the same time', async () => {
    requireBuiltEngine();
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const a = await makeEditedCase(call, 'a', 0);
    const b = await makeEditedCase(call, 'b', 0);
    await engine.lock();
    const vault = await Vault.unlock(dir, PASS);
    const writerB = new ChildWriter('update', dir, { caseId: b });
    await writerB.waitForLine((line) => line === 'ready', 30_000);
    // This process updates case a's entry in the middle of B's stream of edits to case b. Were the
    // read-modify-write not under one lock across processes, B would read the manifest before this
    // update and write it back after, without a's entry.
    await withManifestLock(dir, async () => {
      const journal = await vault.openCase(a, 'write');
      await journal.append(edit('from the other process'));
      await journal.close();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(writerB.lastAck, 'B waits for the manifest lock before acknowledging its edit').toBe(0);
      const manifest = await vault.usableManifest();
      const entry = { records: journal.lastSeq, head: journal.headTag!.toString('hex'), at: new Date().toISOString() };
      await vault.manifest.write({ ...manifest, cases: { ...manifest.cases, [a]: entry } });
    });
    await writerB.waitForLine((line) => line === 'ack 5', 30_000);
    await writerB.kill();
    vault.lock();
    const manifest = await manifestOf(dir);
    expect(manifest.cases[a]!.records).toBe(2);
    expect(manifest.cases[b]!.records).toBeGreaterThanOrEqual(1 + writerB.lastAck);
    const again = await unlockVault(dir);
    expect((await again.call('vault.verify', {})).ok).toBe(true);
    await again.engine.lock();
  });
});

describe('vault manifest: the manifest itself', () => {
  it('refuses every case when the manifest is deleted, rather than adopting what may be a rolled-back state', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = await makeEditedCase(call, 'x', 1);
    await engine.lock();
    rmSync(path.join(dir, MANIFEST_FILE));
    const again = await unlockVault(dir);
    await expect(again.call('cases.open', { id })).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('manifest (manifest.cbm) is missing'),
    });
    const all = await again.call('vault.verify', {});
    expect(all).toMatchObject({ ok: false, manifest: { state: 'missing' } });
    await expect(again.call('cases.create', { title: 'new' })).rejects.toMatchObject({ code: 'corrupt' });
    await again.engine.lock();
  });

  it('adopts the current state of a vault made before manifests, says so once, and protects it from then on', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = await makeEditedCase(call, 'old vault', 3);
    await engine.lock();
    await makeVersion1(dir);

    const first = await unlockVault(dir);
    const status = await first.call('vault.status', {});
    expect(status.state).toBe('unlocked');
    await first.engine.lock();
    // The notice came with the unlock's own answer; unlock once more through a fresh engine to read it.
    await makeVersion1(dir);
    const fresh = engineForNotice(dir);
    const unlocked = await fresh.call('vault.unlock', { passphrase: PASS });
    expect(unlocked.notices).toEqual([expect.stringContaining('This vault had no manifest')]);
    await fresh.engine.lock();
    const second = engineForNotice(dir);
    expect((await second.call('vault.unlock', { passphrase: PASS })).notices).toEqual([]);
    await second.engine.lock();
    expect(JSON.parse(readFileSync(path.join(dir, 'vault.json'), 'utf8'))).toMatchObject({ version: 2 });
    expect(await manifestOf(dir)).toMatchObject({ adopted: true, cases: { [id]: { records: 4 } } });

    // From now on, a rollback is caught.
    const bytes = readFileSync(journalPath(dir, id));
    writeFileSync(journalPath(dir, id), bytes.subarray(0, recordSpans(bytes)[1]!.offset));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    await expectRefused(dir, id, /ROLLED BACK/);
  });

  it('gives a vault from before manifests one key id when two processes unlock it at once (neither then looks like a stale key)', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = await makeEditedCase(call, 'two unlocks', 1);
    await engine.lock();
    await makeVersion1(dir);
    const [first, second] = await Promise.all([Vault.unlock(dir, PASS), Vault.unlock(dir, PASS)]);
    for (const vault of [first!, second!]) {
      await vault.assertKeyCurrent();
      await vault.recordCase(id, 2, (await vault.openCase(id, 'read')).headTag);
      vault.lock();
    }
  });

  it('refuses vault.json edited back to version 1 (to have a deleted manifest adopted afresh): the settings no longer authenticate', async () => {
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const file = path.join(dir, 'vault.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    delete json.keyId;
    writeFileSync(file, JSON.stringify({ ...json, version: 1 }));
    rmSync(path.join(dir, MANIFEST_FILE));
    await expect(unlockVault(dir)).rejects.toMatchObject({ code: 'corrupt', message: expect.stringContaining('"settings" failed authentication') });
  });
});

describe('vault manifest: accepting a state by hand', () => {
  it('opens a rolled-back case again once its state is accepted, with the acceptance in its journal and in the manifest', async () => {
    const dir = tempDir();
    const { id, older } = await resolvedCase(dir);
    copyFileSync(older, journalPath(dir, id));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    const { engine, call } = await unlockVault(dir);
    await expect(call('cases.open', { id })).rejects.toMatchObject({ message: expect.stringContaining('casebook vault accept') });
    const { accepted } = await call('vault.acceptState', { caseId: id });
    expect(accepted).toMatch(/present state accepted \(1 records where the manifest expected 3/);
    const opened = await call('cases.open', { id });
    expect(opened.case.status).not.toBe('resolved');
    expect(opened.audit.map((a) => a.type)).toEqual(['case.created', ROLLBACK_ACCEPTED]);
    const all = await call('vault.verify', {});
    expect(all.ok).toBe(true);
    expect(all.manifest.accepted).toEqual([{ caseId: id, at: expect.any(String), actor: 'tester', what: accepted }]);
    await expect(call('vault.acceptState', { caseId: id })).rejects.toMatchObject({ code: 'invalid-input' });
    await engine.lock();
  });

  it('forgets a deleted case once its deletion is accepted, and begins a deleted manifest again', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const kept = await makeEditedCase(call, 'kept', 1);
    const gone = await makeEditedCase(call, 'gone', 1);
    await engine.lock();
    rmSync(caseDir(dir, gone), { recursive: true });
    const again = await unlockVault(dir);
    await expect(again.call('vault.acceptState', {})).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await again.call('vault.acceptState', { caseId: gone })).accepted).toContain('deletion accepted');
    expect((await again.call('cases.list', {})).unreadable).toEqual([]);
    expect((await again.call('vault.verify', {})).ok).toBe(true);
    rmSync(path.join(dir, MANIFEST_FILE));
    expect((await again.call('vault.verify', {})).ok).toBe(false);
    expect((await again.call('vault.acceptState', {})).accepted).toMatch(/^manifest missing and begun again from 1 case/);
    expect((await again.call('cases.open', { id: kept })).case.title).toBe('kept');
    expect((await again.call('vault.verify', {})).ok).toBe(true);
    await again.engine.lock();
  });
});

import { engineFor } from '../../../tests/unit/support/vault-fixture';
import { ROLLBACK_ACCEPTED } from '../cases/records/vault-records';
import { settingsAad } from './vault-file';
import { open as openSealed, seal } from './aead';

const engineForNotice = (dir: string) => engineFor(dir);

/** Turns a vault into one as an earlier Casebook left it: vault.json version 1 (settings sealed as then), no manifest. */
async function makeVersion1(dir: string): Promise<void> {
  const vault = await Vault.unlock(dir, PASS);
  const file = path.join(dir, 'vault.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const settings = openSealed(vault.key(), Buffer.from(json.settings, 'base64'), settingsAad(json))!;
  const { keyId: _keyId, ...rest } = json;
  const old = { ...rest, version: 1, settings: seal(vault.key(), settings, settingsAad({ ...rest, version: 1 })).toString('base64') };
  vault.lock();
  writeFileSync(file, JSON.stringify(old, null, 2));
  rmSync(path.join(dir, MANIFEST_FILE), { force: true });
}
