import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Engine } from '../../electron/core/engine';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import { built } from './support/built';
import { useTempDirs, TEST_KDF } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'evidence crash test passphrase';
/** Large enough that an ingest takes a while on a loaded machine, small enough to write quickly. */
const FILE_MB = 160;

function client(vaultDir: string) {
  const engine = new Engine({ vaultDir, kdf: TEST_KDF });
  return async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
}

async function writeRandomFile(file: string, mb: number): Promise<void> {
  const out = createWriteStream(file);
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    block.writeUInt32LE(i, 0);
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** The bytes sealed so far in the case's staging folders (an ingest in flight writes there). */
function stagedBytes(evidenceDir: string): number {
  if (!existsSync(evidenceDir)) return 0;
  let total = 0;
  for (const name of readdirSync(evidenceDir).filter((n) => n.endsWith('.staging'))) {
    for (const blob of readdirSync(path.join(evidenceDir, name))) total += statSync(path.join(evidenceDir, name, blob)).size;
  }
  return total;
}

/**
 * Runs `casebook evidence add` in a child process and SIGKILLs it once half the file is sealed in the
 * staging folder; resolves with how many bytes were staged when it was killed (0: it finished first).
 */
function ingestAndKillHalfway(vault: string, caseId: string, file: string, evidenceDir: string): Promise<{ stagedAtKill: number; exitedByItself: boolean }> {
  const half = (FILE_MB * 1024 * 1024) / 2;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [built('electron/cli/casebook.js'), '--vault', vault, 'evidence', 'add', caseId, file, '--title', 'Big image'], {
      env: { ...process.env, CASEBOOK_PASSPHRASE: PASS },
      stdio: 'ignore',
    });
    let stagedAtKill = 0;
    const poll = setInterval(() => {
      const staged = stagedBytes(evidenceDir);
      if (staged >= half && !stagedAtKill) {
        stagedAtKill = staged;
        child.kill('SIGKILL');
      }
    }, 10);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ stagedAtKill, exitedByItself: signal !== 'SIGKILL' });
    });
  });
}

describe('an evidence ingest killed halfway', () => {
  it('leaves no item, no record and, after the sweep, no blob or staging folder; the revision and the audit chain are unchanged', async () => {
    const vault = tempDir();
    const call = client(vault);
    await call('vault.create', { passphrase: PASS });
    const caseId = (await call('cases.create', { title: 'Killed ingest' })).cases![0]!.id;
    await call('evidence.addRef', { caseId, fields: { title: 'Shelf disk' }, hashes: { sha256: 'c'.repeat(64) } });
    const before = await call('cases.summary', { id: caseId });
    await call('vault.lock', {});
    const file = path.join(tempDir(), 'big.raw');
    await writeRandomFile(file, FILE_MB);
    const evidenceDir = path.join(vault, 'cases', caseId, 'evidence');

    const { stagedAtKill, exitedByItself } = await ingestAndKillHalfway(vault, caseId, file, evidenceDir);
    expect(exitedByItself, 'the ingest finished before it was half done: make FILE_MB larger').toBe(false);
    expect(stagedAtKill).toBeGreaterThanOrEqual((FILE_MB * 1024 * 1024) / 2);
    // The kill left its staging folder behind: that is what the sweep is for.
    expect(readdirSync(evidenceDir).some((n) => n.endsWith('.staging'))).toBe(true);

    const check = client(vault);
    await check('vault.unlock', { passphrase: PASS });
    expect((await check('evidence.list', { caseId })).map((r) => r.title)).toEqual(['Shelf disk']);
    const after = await check('cases.summary', { id: caseId });
    expect(after.revision).toBe(before.revision);
    expect(after.counts.evidence).toBe(1);
    expect(await check('audit.verify', { caseId })).toMatchObject({ ok: true });

    // Opening the case for writing sweeps what the killed ingest left: nothing but the folder of no item (a reference has none).
    await check('cases.open', { id: caseId });
    expect(readdirSync(evidenceDir)).toEqual([]);
    expect((await check('cases.summary', { id: caseId })).revision).toBe(before.revision);
    await check('cases.close', { id: caseId });
    await check('vault.lock', {});
  }, 240_000);
});
