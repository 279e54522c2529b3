import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/ipc/dispatch';
import type { Envelope } from '../../../shared/ipc/errors';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { Engine } from '../engine';
import { readSample } from '../importers/registry';
import { sha256OfFile } from './file-hash';
import { readImportFile, statImportable } from './import-file';

const tempDir = useTempDirs();
const linux = process.platform === 'linux';
const posix = process.platform !== 'win32';

const CSV = 'message,datetime,timestamp_desc\nLogon,2024-05-01T10:00:00+00:00,Event Recorded\n';

function fifo(dir: string): string {
  const file = path.join(dir, 'pipe.csv');
  execFileSync('mkfifo', [file]);
  return file;
}

/**
 * Runs work that touches a FIFO and fails if it blocked on the open (the bug
 * these tests are about). After 3 s, opening the FIFO for reading and writing
 * (which never blocks on Linux) releases a blocked open, so a failing test
 * fails instead of hanging the run.
 */
async function unblocking(pipe: string, work: () => Promise<void>): Promise<void> {
  let released = false;
  const release = setTimeout(() => {
    released = true;
    closeSync(openSync(pipe, 'r+'));
  }, 3_000);
  try {
    await work();
  } finally {
    clearTimeout(release);
  }
  expect(released, 'the FIFO had to be opened by a writer to let the work go on').toBe(false);
}

async function engineWithCase() {
  const engine = new Engine({ vaultDir: tempDir(), actor: 'tester', kdf: TEST_KDF });
  const call = (method: string, input: unknown) => dispatch(engine.handlers, method, input);
  await call('vault.create', { passphrase: 'regular files only' });
  const created = (await call('cases.create', { title: 'Target' })) as Envelope<{ cases: { id: string }[] }>;
  if (!created.ok) throw new Error(created.error.message);
  return { engine, call, caseId: created.value.cases[0]!.id };
}

/** The engine's answer to a preview and an import of `file`: both must refuse it with this message. */
async function expectRefused(file: string, message: RegExp) {
  const { engine, call, caseId } = await engineWithCase();
  try {
    for (const [method, input] of [
      ['import.preview', { file }],
      ['import.start', { taskId: 't', file, caseId }],
      ['import.start', { taskId: 'n', file }],
    ] as const) {
      const answer = await call(method, input);
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(!answer.ok && answer.error.message, method).toMatch(message);
    }
  } finally {
    await engine.dispose();
  }
}

describe('only regular files are imported', () => {
  it('accepts a regular file, and a link to one, with the identity checked before the commit', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'logons.csv');
    writeFileSync(file, CSV);
    const identity = await statImportable(file);
    expect(identity.size).toBe(CSV.length);
    expect(identity.ino).toBeGreaterThan(0n);
    if (posix) {
      const link = path.join(dir, 'link.csv');
      symlinkSync(file, link);
      expect(await statImportable(link)).toEqual(identity);
    }
    const { engine, call, caseId } = await engineWithCase();
    try {
      expect(await call('import.start', { taskId: 't', file, caseId })).toMatchObject({ ok: true, value: { report: { counts: { events: 1 } } } });
    } finally {
      await engine.dispose();
    }
  });

  it('refuses a folder', async () => {
    await expectRefused(tempDir(), /: it is a folder; only regular files can be imported$/);
  });

  it.runIf(posix)('refuses a FIFO without waiting for a writer', { timeout: 15_000 }, async () => {
    const pipe = fifo(tempDir());
    await unblocking(pipe, () => expectRefused(pipe, /pipe\.csv: it is a named pipe \(FIFO\); only regular files can be imported$/));
  });

  it.runIf(posix && existsSync('/dev/zero'))('refuses /dev/zero and /dev/null (character devices)', async () => {
    await expectRefused('/dev/zero', /^\/dev\/zero: it is a character device; only regular files/);
    await expectRefused('/dev/null', /^\/dev\/null: it is a character device; only regular files/);
  });

  it.runIf(linux)('refuses /proc/self/environ, though stat calls it a regular file, and a link to it', async () => {
    await expectRefused(
      '/proc/self/environ',
      /^\/proc\/self\/environ: it is on the kernel's proc filesystem, made up as it is read, not a file on disk; only regular files/,
    );
    const link = path.join(tempDir(), 'innocent.csv');
    symlinkSync('/proc/self/environ', link);
    await expectRefused(link, /innocent\.csv: it is on the kernel's proc filesystem/);
  });

  it.runIf(linux && existsSync('/sys/kernel/mm/transparent_hugepage/enabled'))('refuses a /sys attribute', async () => {
    await expect(statImportable('/sys/kernel/mm/transparent_hugepage/enabled')).rejects.toThrow(/it is on the kernel's sysfs filesystem/);
  });

  it.runIf(linux && existsSync('/dev/shm'))('refuses a regular file under /dev (its tmpfs says nothing: the folder does)', async () => {
    const file = path.join('/dev/shm', `casebook-test-${process.pid}.csv`);
    writeFileSync(file, CSV);
    try {
      await expect(statImportable(file)).rejects.toThrow(/it is under \/dev, where the system keeps devices/);
    } finally {
      unlinkSync(file);
    }
  });

  it.runIf(posix && spawnSync('python3', ['--version']).status === 0)('refuses a Unix socket', async () => {
    const socket = path.join(tempDir(), 'sock.csv');
    // Bound by another process: the engine's own code opens no socket.
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', socket]);
    await expectRefused(socket, /sock\.csv: it is a socket; only regular files/);
  });

  it('says a missing file cannot be read', async () => {
    await expect(statImportable(path.join(os.tmpdir(), 'casebook-no-such-file.csv'))).rejects.toThrow(/casebook-no-such-file\.csv: cannot read it \(ENOENT\)/);
  });

  it.runIf(posix)("readers never block on a FIFO put in the checked file's place: they read nothing", { timeout: 15_000 }, async () => {
    const pipe = fifo(tempDir());
    await unblocking(pipe, async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of readImportFile(pipe)) chunks.push(chunk);
      expect(chunks).toEqual([]);
      expect((await readSample(pipe, 'pipe.csv')).size).toBe(0);
      expect(await sha256OfFile(pipe)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
  });

  it('streams a range of a file, end inclusive, and closes it when the loop ends early', async () => {
    const file = path.join(tempDir(), 'bytes.bin');
    writeFileSync(file, Buffer.from('0123456789'));
    const chunks: Buffer[] = [];
    for await (const chunk of readImportFile(file, { start: 2, end: 5 })) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    for await (const chunk of readImportFile(file, { highWaterMark: 2 })) {
      expect(chunk.toString()).toBe('01');
      break;
    }
  });
});
