import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CaseLock, takeOver } from './case-lock';
import { diagnosticsTo, type DiagnosticEntry } from '../diagnostics/diagnostics';
import os from 'node:os';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, lockPath, makeEditedCase } from '../../../tests/unit/support/vault-fixture';
import { ChildWriter, deadPid, killAllWriters, requireBuiltEngine } from '../../../tests/unit/support/child-writer';

const tempDir = useTempDirs();

/** One writer per case, across processes; a writer that died must not lock the case forever. */
describe('case lock: one writer per case across processes', () => {
  beforeAll(requireBuiltEngine);
  afterEach(killAllWriters);

  async function vaultWithCase() {
    const dir = tempDir();
    const { call } = await createVault(dir);
    const id = await makeEditedCase(call, 'Locked', 2);
    return { dir, call, id };
  }

  it('takes over a lock left by a process that has exited', async () => {
    const { dir, call, id } = await vaultWithCase();
    const pid = await deadPid();
    writeFileSync(lockPath(dir, id), JSON.stringify({ pid, host: os.hostname(), since: new Date().toISOString() }));

    const opened = await call('cases.open', { id });
    expect(opened.verification.ok).toBe(true);
    expect(JSON.parse(readFileSync(lockPath(dir, id), 'utf8'))).toMatchObject({ pid: process.pid });
    await call('cases.update', { id, patch: { owner: 'after the crash' } });
    await call('cases.close', { id });
    expect(existsSync(lockPath(dir, id))).toBe(false);
  });

  it('refuses a case another live process has open, naming the case and that process, and lets readers read', async () => {
    const { dir, call, id } = await vaultWithCase();
    const holder = new ChildWriter('hold', dir, { caseId: id });
    await holder.waitForLine((line) => line === 'held');

    for (const attempt of [() => call('cases.open', { id }), () => call('cases.update', { id, patch: { owner: 'me' } })]) {
      const error = await attempt().then(
        () => null,
        (err: Error & { code?: string }) => err,
      );
      expect(error).toMatchObject({ code: 'case-locked' });
      expect(error!.message).toContain(`case ${id}`);
      expect(error!.message).toContain(`process ${holder.pid} on ${os.hostname()}`);
    }
    // Reading needs no lock: the list and the audit trail still show the case.
    expect((await call('cases.list', {})).cases.map((c) => c.id)).toEqual([id]);
    expect(await call('audit.list', { caseId: id })).toHaveLength(3);

    // Once that process is gone (killed: it released nothing), its lock is stale and taken over.
    await holder.kill();
    await call('cases.update', { id, patch: { owner: 'me' } });
    expect(existsSync(lockPath(dir, id))).toBe(false);
  });

  it('refuses a lock held on another machine (it cannot be checked), naming that machine', async () => {
    const { dir, call, id } = await vaultWithCase();
    writeFileSync(lockPath(dir, id), JSON.stringify({ pid: 4242, host: 'other-laptop', since: '2025-01-01T00:00:00.000Z' }));
    await expect(call('cases.update', { id, patch: { owner: 'me' } })).rejects.toMatchObject({
      code: 'case-locked',
      message: expect.stringContaining(`case ${id} is open in process 4242 on other-laptop`),
    });
    expect(existsSync(lockPath(dir, id))).toBe(true);
  });

  it('treats an empty lock (a crash between creating it and writing it) as held for 5 s, then as stale', async () => {
    const { dir, call, id } = await vaultWithCase();
    writeFileSync(lockPath(dir, id), '');
    // Young: its writer may be between the two steps right now.
    await expect(call('cases.update', { id, patch: { owner: 'me' } })).rejects.toMatchObject({ code: 'case-locked' });
    const sixSecondsAgo = new Date(Date.now() - 6_000);
    utimesSync(lockPath(dir, id), sixSecondsAgo, sixSecondsAgo);
    await call('cases.update', { id, patch: { owner: 'me' } });
  });

  it('lets only one of two processes take over the same stale lock (the other finds the fresh lock and stops)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'write.lock');
    const pid = await deadPid();
    for (let round = 0; round < 25; round++) {
      writeFileSync(file, JSON.stringify({ pid, host: os.hostname(), since: `round ${round}` }));
      // Both see the dead process's lock at once; before the takeover was serialized, both could end up "holding" it.
      const results = await Promise.allSettled([CaseLock.acquire(file, 'race'), CaseLock.acquire(file, 'race')]);
      const won = results.filter((r): r is PromiseFulfilledResult<CaseLock> => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'case-locked' });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
      await won[0]!.value.release();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes a stale lock only if it is still the one judged stale: a slower process never removes the fresh lock of a faster one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'write.lock');
    const dead = { pid: await deadPid(), host: os.hostname(), since: 'the dead writer' };
    // B judged the dead writer's lock stale; before B acts, A took over and now holds a fresh lock.
    const fresh = { pid: process.pid, host: os.hostname(), since: 'A, just now' };
    writeFileSync(file, JSON.stringify(fresh));
    await takeOver(file, dead);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fresh);
    // The lock B judged is still there: B removes it.
    writeFileSync(file, JSON.stringify(dead));
    await takeOver(file, dead);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with an unreadable lock judged stale, removes only that lock: never a missing one, a readable one, or a young one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'write.lock');
    // Gone in the meantime: another process may be creating its lock right now, so nothing is removed.
    await takeOver(file, null);
    expect(readdirSync(dir)).toEqual([]);
    // A fresh lock that appeared meanwhile stays.
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'now' }));
    await takeOver(file, null);
    expect(existsSync(file)).toBe(true);
    // Empty but young: its writer may be filling it.
    writeFileSync(file, '');
    await takeOver(file, null);
    expect(existsSync(file)).toBe(true);
    // Empty and old: a crash left it.
    const old = new Date(Date.now() - 6_000);
    utimesSync(file, old, old);
    await takeOver(file, null);
    expect(existsSync(file)).toBe(false);
  });

  it('clears a takeover left half-done by a crash once it is old, and the temporaries of dead writers', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'write.lock');
    const pid = await deadPid();
    writeFileSync(file, JSON.stringify({ pid, host: os.hostname(), since: 'before the crash' }));
    writeFileSync(`${file}.${pid}.0a1b2c.tmp`, '{}');
    mkdirSync(`${file}.takeover`);
    const old = new Date(Date.now() - 11_000);
    utimesSync(`${file}.takeover`, old, old);
    const lock = await CaseLock.acquire(file, 'crashed');
    expect(readdirSync(dir)).toEqual(['write.lock']);
    await lock.release();
  });
});

describe('case lock: what it cannot read is written down', () => {
  it('treats a lock it cannot read as held by another process, and records why in the diagnostic log', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'case.lock');
    // A folder where the lock file should be: reading it fails (EISDIR), as a lock without read permission would.
    mkdirSync(file);
    const entries: DiagnosticEntry[] = [];
    await expect(CaseLock.acquire(file, 'c1', diagnosticsTo({ append: (entry) => entries.push(entry) }))).rejects.toThrow(/case c1 is open in another process/);
    expect(entries.map((e) => [e.code, e.message])).toContainEqual(['case-lock.read', 'Error EISDIR read']);
  });
});
