import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Vault, VAULT_FILE } from './vault';
import { deriveKey } from './kdf';
import { open as openSealed } from './aead';
import { scanJournal } from './journal-format';
import { caseKeyAad } from './case-key-file';
import { VAULT_KEY_AAD } from './vault-file';
import { MANIFEST_FILE, openManifest } from './vault-manifest';
import { rotateKeys } from './key-rotation';
import { KEYS_ROTATED } from '../cases/records/vault-records';
import { HEAD_FILE } from './journal-head';
import { resealRunFile } from '../timeline/run-format';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, makeEditedCase, PASS, unlockVault, type Call } from '../../../tests/unit/support/vault-fixture';
import { ChildWriter, killAllWriters, requireBuiltEngine } from '../../../tests/unit/support/child-writer';
import { testRandom } from '../../../tests/unit/support/seeded-random';

const tempDir = useTempDirs();
afterEach(killAllWriters);

const caseDir = (dir: string, id: string) => path.dirname(journalPath(dir, id));

/** A vault with one edited case holding an imported timeline, and what an attacker copied of it before the rotation. */
async function vaultWithTimeline() {
  const dir = tempDir();
  const { engine, call } = await createVault(dir);
  const id = await makeEditedCase(call, 'Beaconing', 3);
  const csv = path.join(dir, '..', `${path.basename(dir)}-timeline.csv`);
  const rows = Array.from(
    { length: 50 },
    (_, i) => `2024-05-01T10:${String(i).padStart(2, '0')}:00Z,Logon,user${i} logged on to host-${i % 3} from 10.0.0.${i}`,
  );
  writeFileSync(csv, ['datetime,timestamp_desc,message', ...rows].join('\n') + '\n');
  await call('import.start', { taskId: 't1', file: csv, caseId: id });
  rmSync(csv);
  const timeline = await call('timeline.page', { caseId: id, limit: 1000 });
  expect(timeline.events).toHaveLength(50);
  await engine.lock();
  const stolen = {
    vaultJson: JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')),
    keyJson: JSON.parse(readFileSync(path.join(caseDir(dir, id), 'key.json'), 'utf8')),
  };
  return { dir, id, stolen, events: timeline.events };
}

/** The keys someone holding the old vault.json, an old key.json and the old passphrase has. */
async function oldKeys(stolen: Awaited<ReturnType<typeof vaultWithTimeline>>['stolen'], id: string, passphrase = PASS) {
  const passKey = await deriveKey(passphrase, stolen.vaultJson.kdf);
  const vaultKey = openSealed(passKey, Buffer.from(stolen.vaultJson.wrappedKey, 'base64'), VAULT_KEY_AAD)!;
  const caseKey = openSealed(vaultKey, Buffer.from(stolen.keyJson.wrappedKey, 'base64'), caseKeyAad(id))!;
  expect(vaultKey, 'the old vault.json opens with the old passphrase').not.toBeNull();
  expect(caseKey).not.toBeNull();
  return { vaultKey, caseKey };
}

async function expectWholeAndReadable(call: Call, id: string, events: unknown[], owner: string) {
  const verified = await call('vault.verify', {});
  expect(verified.ok, JSON.stringify(verified.cases.flatMap((c) => c.problems))).toBe(true);
  const opened = await call('cases.open', { id });
  expect(opened.case.owner).toBe(owner);
  expect(opened.verification.ok).toBe(true);
  expect((await call('timeline.page', { caseId: id, limit: 1000 })).events).toEqual(events);
  await call('cases.close', { id });
  return opened;
}

describe('vault: key rotation', () => {
  it('re-keys everything: the old passphrase and the old vault.json read nothing written after it, and everything opens and verifies with the new keys', async () => {
    const { dir, id, stolen, events } = await vaultWithTimeline();
    const { engine, call } = await unlockVault(dir);
    const before = await call('cases.open', { id });
    const rotation = await call('vault.rotateKeys', { passphrase: PASS, next: 'a new passphrase after the leak' });
    expect(rotation).toMatchObject({ cases: 1, runs: 1 });
    await call('cases.update', { id, patch: { owner: 'written after the rotation' } });
    const opened = await expectWholeAndReadable(call, id, events, 'written after the rotation');
    // The history is the same, re-chained, with the rotation said at its end.
    const rotated = opened.audit.find((a) => a.type === KEYS_ROTATED)!;
    expect(rotated.seq).toBe(before.audit.length + 1);
    expect(opened.audit.slice(0, before.audit.length).map(({ tag: _t, ...rest }) => rest)).toEqual(before.audit.map(({ tag: _t, ...rest }) => rest));
    await engine.lock();

    const old = await oldKeys(stolen, id);
    const journal = readFileSync(journalPath(dir, id));
    const scan = scanJournal(old.caseKey, id, journal);
    expect(scan.records, 'no record of the new journal opens with the old case key').toHaveLength(0);
    expect(scan.corruption).toMatchObject({ seq: 1 });
    const keyJson = JSON.parse(readFileSync(path.join(caseDir(dir, id), 'key.json'), 'utf8'));
    expect(openSealed(old.vaultKey, Buffer.from(keyJson.wrappedKey, 'base64'), caseKeyAad(id)), 'the new case key is not under the old vault key').toBeNull();
    expect(openManifest(old.vaultKey, stolen.vaultJson.vaultId, readFileSync(path.join(dir, MANIFEST_FILE)))).toBe('damaged');
    const timelineDir = path.join(caseDir(dir, id), 'timeline');
    for (const name of readdirSync(timelineDir)) {
      expect(resealRunFile(old.caseKey, old.caseKey, id, name, readFileSync(path.join(timelineDir, name))), name).toBeNull();
    }
    // The new vault.json does not open with the old passphrase, and does with the new one.
    await expect(Vault.unlock(dir, PASS)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    (await Vault.unlock(dir, 'a new passphrase after the leak')).lock();
  });

  it('leaves the old vault usable when it dies before its commit, and finishes when it dies after it', async () => {
    for (const crashAfter of ['staging', 'commit'] as const) {
      const { dir, id, stolen, events } = await vaultWithTimeline();
      const vaultJsonBefore = readFileSync(path.join(dir, VAULT_FILE));
      const vault = await Vault.unlock(dir, PASS);
      await expect(rotateKeys(vault, { passphrase: PASS, actor: 'tester', crashAfter })).rejects.toThrow();
      vault.lock();
      expect(
        readdirSync(dir).some((name) => name.startsWith('.rotation-')),
        `${crashAfter}: the rotation folder is left`,
      ).toBe(true);

      const fresh = await import('../../../tests/unit/support/vault-fixture').then((m) => m.engineFor(dir));
      const unlocked = await fresh.call('vault.unlock', { passphrase: PASS });
      expect(unlocked.notices, crashAfter).toEqual([expect.stringContaining(crashAfter === 'staging' ? 'was undone' : 'was finished')]);
      expect(readdirSync(dir).some((name) => name.startsWith('.rotation-'))).toBe(false);
      await expectWholeAndReadable(fresh.call, id, events, 'dana');
      await fresh.call('cases.update', { id, patch: { owner: `after ${crashAfter}` } });
      await fresh.engine.lock();
      const old = await oldKeys(stolen, id);
      const scan = scanJournal(old.caseKey, id, readFileSync(journalPath(dir, id)));
      if (crashAfter === 'staging') {
        expect(readFileSync(path.join(dir, VAULT_FILE)).equals(vaultJsonBefore), 'vault.json as it was').toBe(true);
        expect(scan.corruption, 'old keys still in use').toBeNull();
        expect(scan.records.at(-1)!.record.data).toMatchObject({ changes: [{ field: 'owner', to: 'after staging' }] });
      } else {
        expect(scan.records, 'new keys in use').toHaveLength(0);
      }
    }
  });

  it('leaves a vault that opens, verifies and reads the same when the rotating process is killed at any moment (SIGKILL)', async () => {
    requireBuiltEngine();
    const random = testRandom('rotation kills');
    const { dir, id, events } = await vaultWithTimeline();
    const rotate = async (killAfterMs: number | null) => {
      const child = new ChildWriter('rotate', dir);
      await child.waitForLine((line) => line === 'ready', 30_000);
      const started = performance.now();
      if (killAfterMs === null) {
        await child.waitForLine((line) => line === 'rotated', 60_000);
        return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await child.kill();
      return child.lines.includes('rotated') ? -1 : killAfterMs;
    };
    const whole = await rotate(null);
    let interrupted = 0;
    for (let round = 1; round <= 8; round++) {
      const at = random.next() * whole * 1.2;
      if ((await rotate(at)) >= 0) interrupted++;
      const { engine, call } = await unlockVault(dir);
      await expectWholeAndReadable(call, id, events, 'dana');
      expect(
        readdirSync(dir).filter((name) => name.startsWith('.rotation-')),
        `round ${round}, killed after ${at.toFixed(0)} ms`,
      ).toEqual([]);
      await engine.lock();
    }
    expect(interrupted, 'some rotations were killed before they finished').toBeGreaterThan(0);
  });

  it('refuses to re-seal a case that does not verify (it would launder a rollback) and changes nothing', async () => {
    const { dir, id } = await vaultWithTimeline();
    const vault = await Vault.unlock(dir, PASS);
    const bytes = readFileSync(journalPath(dir, id));
    copyFileSync(journalPath(dir, id), path.join(dir, 'keep.cbj'));
    writeFileSync(journalPath(dir, id), bytes.subarray(0, 8 + bytes.readUInt32BE(8) + 8));
    rmSync(path.join(caseDir(dir, id), HEAD_FILE));
    const vaultJson = readFileSync(path.join(dir, VAULT_FILE));
    await expect(rotateKeys(vault, { passphrase: PASS, actor: 'tester' })).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringMatching(/^keys not rotated: case .* does not verify \(.*ROLLED BACK/),
    });
    expect(readFileSync(path.join(dir, VAULT_FILE)).equals(vaultJson)).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('.rotation-'))).toEqual([]);
    vault.lock();
  });

  it('refuses while another process has a case open, and with a wrong passphrase', async () => {
    requireBuiltEngine();
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = await makeEditedCase(call, 'held', 1);
    await expect(call('vault.rotateKeys', { passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const holder = new ChildWriter('hold', dir, { caseId: id });
    await holder.waitForLine((line) => line === 'held', 30_000);
    await expect(call('vault.rotateKeys', { passphrase: PASS })).rejects.toMatchObject({ code: 'case-locked' });
    expect(existsSync(path.join(dir, VAULT_FILE))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('.rotation-'))).toEqual([]);
    await holder.kill();
    // This engine's own open case does not stand in the way: it is closed first.
    await call('cases.open', { id });
    await call('vault.rotateKeys', { passphrase: PASS });
    expect((await call('vault.verify', {})).ok).toBe(true);
    await engine.lock();
  });
});
