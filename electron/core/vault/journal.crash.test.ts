import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { testRandom, type Random } from '../../../tests/unit/support/seeded-random';
import { allFiles, createVault, lockPath, unlockVault } from '../../../tests/unit/support/vault-fixture';
import { ChildWriter, killAllWriters, requireBuiltEngine, type WriterMode } from '../../../tests/unit/support/child-writer';

const tempDir = useTempDirs();

/** Reads the lock a killed writer left, if any: its pid, or '' for an empty file (killed between create and write). */
function leftLock(file: string): { pid?: number } | '' | null {
  try {
    const text = readFileSync(file, 'utf8');
    return text === '' ? '' : (JSON.parse(text) as { pid?: number });
  } catch {
    return null;
  }
}

/**
 * A writer killed between creating its lock file and writing its owner leaves an
 * empty lock, which by design counts as held for 5 s (a live writer could be
 * between those two steps; proven in case-lock.test.ts). Ages such a lock so the
 * next step need not wait. Returns what the killed writer left.
 */
function ageEmptyLock(file: string): ReturnType<typeof leftLock> {
  const lock = leftLock(file);
  if (lock === '') {
    const old = new Date(Date.now() - 6_000);
    utimesSync(file, old, old);
  }
  return lock;
}

/** Starts a writer, lets it run a random 20–400 ms past its first acknowledged write, and SIGKILLs it. */
async function killMidBurst(random: Random, mode: WriterMode, dir: string, options: { caseId?: string; marker?: string }) {
  const writer = new ChildWriter(mode, dir, options);
  const delay = random.int(20, 400);
  await writer.waitForLine((line) => line.startsWith('ack '));
  await new Promise((resolve) => setTimeout(resolve, delay));
  await writer.kill();
  expect(writer.lastAck, `${mode}: the writer got going before the kill (stderr: ${writer.stderr})`).toBeGreaterThan(0);
  return { writer, delay };
}

/**
 * A writer killed at any moment (SIGKILL: no exit handlers, no cleanup) must
 * never lose an acknowledged edit, never leave a chain that fails to verify,
 * never show half a case, and never leave its lock in the way.
 */
describe('journal: a writer killed mid-burst', () => {
  beforeAll(requireBuiltEngine);
  afterEach(killAllWriters);

  it('keeps every acknowledged edit, verifies, and recovers the dead writer’s lock (50 kills)', async () => {
    const random = testRandom('kill during edits');
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const leftLocks = { owned: 0, empty: 0, none: 0 };

    for (let round = 1; round <= 50; round++) {
      // Alternate the app's way (lock held for the whole burst) and the CLI's way (lock taken per edit).
      const mode: WriterMode = round % 2 ? 'update-held' : 'update';
      const { call: setup, engine: setupEngine } = await unlockVault(dir);
      const id = (await setup('cases.create', { title: `round ${round}` })).cases![0]!.id;
      await setupEngine.lock();

      const { writer, delay } = await killMidBurst(random, mode, dir, { caseId: id });
      const acked = writer.lastAck;
      const where = `round ${round} (${mode}, killed ${delay} ms after the first ack, ${acked} acked, seed ${random.seed})`;

      const lock = ageEmptyLock(lockPath(dir, id));
      if (mode === 'update-held') expect(lock, `${where}: the killed writer's lock is still there`).toEqual(expect.objectContaining({ pid: writer.pid }));
      leftLocks[lock === '' ? 'empty' : lock === null ? 'none' : 'owned']++;

      const { engine: reader, call: again } = await unlockVault(dir);
      const opened = await again('cases.open', { id });
      expect(opened.verification, where).toMatchObject({ ok: true, problems: [] });
      // Every acknowledged edit is there, in order, and nothing else: edit n set owner w<n>.
      const updates = opened.audit.slice(1);
      expect(updates.length, where).toBeGreaterThanOrEqual(acked);
      updates.forEach((entry, i) => expect(entry.changes.find((c) => c.field === 'owner')?.to, where).toBe(`w${i + 1}`));
      expect(opened.case.owner, where).toBe(`w${updates.length}`);
      expect(opened.case.tags, where).toContain(`n${updates.length}`);
      // The lock now belongs to this process: the dead writer's was recovered.
      expect(leftLock(lockPath(dir, id)), where).toMatchObject({ pid: process.pid });
      // And the case takes new edits on top.
      await again('cases.update', { id, patch: { owner: 'after the crash' } });
      expect(await again('audit.verify', { caseId: id }), where).toMatchObject({ ok: true, records: updates.length + 2 });
      await reader.lock();
    }
    console.log(`[crash] locks left by the 50 killed writers: ${JSON.stringify(leftLocks)}`);
  }, 180_000);

  it('never lists half a case and keeps every acknowledged one when killed while creating cases (20 kills)', async () => {
    const random = testRandom('kill during case creation');
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const casesDir = path.join(dir, 'cases');
    const dotFolders = () => readdirSync(casesDir).filter((name) => name.startsWith('.'));
    const acked = new Set<string>();
    const seen = new Set<string>();
    let interrupted = 0;

    for (let round = 1; round <= 20; round++) {
      const { writer, delay } = await killMidBurst(random, 'create', dir, {});
      for (const ack of writer.acks) acked.add(ack.caseId!);
      const where = `round ${round} (killed ${delay} ms after the first ack, seed ${random.seed})`;
      if (dotFolders().length) interrupted++;

      const { engine: reader, call } = await unlockVault(dir);
      const list = await call('cases.list', {});
      // A case is listed only once whole; one interrupted mid-build stays in its dot-folder, unlisted.
      expect(list.unreadable, where).toEqual([]);
      const listed = new Set(list.cases.map((c) => c.id));
      for (const id of acked) expect(listed.has(id), `${where}: acknowledged case ${id}`).toBe(true);
      // Besides the acknowledged cases, at most the one in flight at the kill (whole, but not yet acknowledged).
      const fresh = [...listed].filter((id) => !seen.has(id));
      const unacked = fresh.filter((id) => !acked.has(id));
      expect(unacked.length, where).toBeLessThanOrEqual(1);
      // The writer may have died holding the lock of the case in flight, or of the newest: editing them recovers it.
      for (const id of new Set([...unacked, writer.acks.at(-1)!.caseId!])) {
        ageEmptyLock(lockPath(dir, id));
        await call('cases.update', { id, patch: { owner: 'after the crash' } });
        expect(await call('audit.verify', { caseId: id }), where).toMatchObject({ ok: true, records: 2 });
      }
      for (const id of fresh) seen.add(id);
      // Unlocking swept what the dead writer had been building under its lock; a folder caught
      // without a readable lock (the instants around taking and dropping it) waits out STAGED_GRACE_MS.
      for (const name of dotFolders())
        expect(leftLock(path.join(casesDir, name, 'writer.lock')), `${where}: ${name}`).not.toMatchObject({ pid: expect.any(Number) });
      await reader.lock();
    }
    console.log(`[crash] ${acked.size} cases acknowledged over 20 kills; ${interrupted} kill(s) caught a case mid-build`);
  }, 120_000);

  it('leaves no case plaintext anywhere in the vault folder after a kill', async () => {
    const random = testRandom('plaintext after a kill');
    const marker = `PLAINTEXT-${random.seed.toString(36)}-d41c`;
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const id = (await call('cases.create', { title: marker, description: marker, tags: [marker] })).cases![0]!.id;
    await engine.lock();

    await killMidBurst(random, 'update', dir, { caseId: id, marker });
    ageEmptyLock(lockPath(dir, id));
    await killMidBurst(random, 'update-held', dir, { caseId: id, marker });
    await killMidBurst(random, 'create', dir, { marker });

    const files = allFiles(dir);
    expect(files.some((f) => f.endsWith('journal.cbj'))).toBe(true);
    for (const file of files) expect(readFileSync(file).includes(Buffer.from(marker)), file).toBe(false);
    // The marker really was written: it is there once decrypted.
    const { call: reader } = await unlockVault(dir);
    expect((await reader('cases.open', { id })).case.tags).toContain(marker);
  });
});
