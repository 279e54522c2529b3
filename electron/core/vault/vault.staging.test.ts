import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Vault, STAGED_GRACE_MS } from './vault';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, PASS, unlockVault } from '../../../tests/unit/support/vault-fixture';
import { ChildWriter, deadPid, killAllWriters, requireBuiltEngine } from '../../../tests/unit/support/child-writer';

const tempDir = useTempDirs();

/**
 * A case is built in a dot-folder and renamed into place. Unlocking sweeps the
 * dot-folders a crash left behind, and must never sweep one that another
 * process is building at that moment.
 */
describe('vault: staged (half-built) cases', () => {
  beforeAll(requireBuiltEngine);
  afterEach(killAllWriters);

  function stagedFolder(dir: string, options: { lockPid?: number; ageMs?: number }): string {
    const folder = path.join(dir, 'cases', `.${randomUUID()}.new`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'key.json'), '{}');
    if (options.lockPid) {
      writeFileSync(path.join(folder, 'writer.lock'), JSON.stringify({ pid: options.lockPid, host: os.hostname(), since: new Date().toISOString() }));
    }
    if (options.ageMs) {
      const then = new Date(Date.now() - options.ageMs);
      utimesSync(folder, then, then);
    }
    return folder;
  }

  it('removes on unlock a staged folder whose builder died, and leaves alone one that may be being built', async () => {
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const dead = await deadPid();
    const deadBuilder = stagedFolder(dir, { lockPid: dead });
    const unlockedAndOld = stagedFolder(dir, { ageMs: STAGED_GRACE_MS + 5_000 });
    const unlockedAndFresh = stagedFolder(dir, {});
    const liveBuilder = stagedFolder(dir, { lockPid: process.ppid, ageMs: STAGED_GRACE_MS + 5_000 });

    await unlockVault(dir);
    expect(existsSync(deadBuilder), 'locked by a dead process: a crash’s leftover').toBe(false);
    expect(existsSync(unlockedAndOld), 'no lock and untouched for long: a crash’s leftover').toBe(false);
    expect(existsSync(unlockedAndFresh), 'no lock but fresh: maybe another process between mkdir and its lock').toBe(true);
    expect(existsSync(liveBuilder), 'locked by a live process: being built').toBe(true);
  });

  it('never sweeps away a case another process is creating at that moment', async () => {
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const creator = new ChildWriter('create', dir);
    await creator.waitForLine((line) => line.startsWith('ack '));

    // Sweep as often as we can while the other process creates cases as fast as it can.
    const vault = await Vault.unlock(dir, PASS);
    const until = Date.now() + 1_500;
    let sweeps = 0;
    while (Date.now() < until) {
      await vault.sweepStaged();
      sweeps++;
    }
    vault.lock();
    const acked = creator.acks.length;
    await creator.kill();
    expect(creator.stderr, `the creating process failed during ${sweeps} sweeps`).toBe('');

    const { call } = await unlockVault(dir);
    const listed = new Set((await call('cases.list', {})).cases.map((c) => c.id));
    for (const ack of creator.acks) expect(listed.has(ack.caseId!)).toBe(true);
    expect(acked).toBeGreaterThan(10);
    // What the kill left half-built was swept by that last unlock (or, caught without its lock, waits for a later one).
    expect(readdirSync(path.join(dir, 'cases')).filter((n) => n.startsWith('.')).length).toBeLessThanOrEqual(1);
  });
});
