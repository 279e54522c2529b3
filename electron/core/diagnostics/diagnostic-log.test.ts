import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticLog, diagnosticLogPath, diagnosticsFor } from './diagnostic-log';
import { diagnosticsTo, type DiagnosticEntry } from './diagnostics';
import { Vault } from '../vault/vault';
import { Engine } from '../engine';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const SECRET = 'CORP-SECRET-7f3a9c';

describe('diagnostic log: where, how big', () => {
  it('lives in the vault folder’s parent, and can be written before any vault (or the parent) exists', () => {
    const parent = path.join(tempDir(), 'not-yet');
    const vaultDir = path.join(parent, 'vault');
    expect(diagnosticLogPath(vaultDir)).toBe(path.join(parent, 'diagnostics.log'));
    diagnosticsFor(vaultDir).record('test.before-vault', new Error('x'));
    expect(readdirSync(parent)).toEqual(['diagnostics.log']);
    expect(statSync(path.join(parent, 'diagnostics.log')).mode & 0o777).toBe(0o600);
  });

  it('stays under its size: the full file becomes diagnostics.log.1 (replacing the older one) and a new one starts', () => {
    const file = path.join(tempDir(), 'diagnostics.log');
    const log = new DiagnosticLog(file, 4096);
    const diagnostics = diagnosticsTo(log);
    for (let i = 0; i < 200; i++) diagnostics.record('test.fill', new Error('boom'), { n: i });
    expect(statSync(file).size).toBeLessThanOrEqual(4096);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(4096);
    expect(existsSync(`${file}.2`)).toBe(false);
    // The newest entries are kept, oldest first, across the two files.
    const kept = log.read(1000).map((e) => e.ids.n);
    expect(kept.length).toBeGreaterThan(2);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 200 - kept.length + i));
  });

  it('never throws: a log that cannot be written is given up on, the caller goes on', () => {
    const dir = tempDir();
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    // The log's folder is a file: every append fails.
    const diagnostics = diagnosticsFor(path.join(blocked, 'vault'));
    expect(() => diagnostics.record('test.unwritable', new Error('x'))).not.toThrow();
    expect(diagnostics.swallow('test.unwritable', {}, { fallback: 7 })(new Error('x'))).toBe(7);
  });

  it('skips a line cut short by a crash mid-append', () => {
    const file = path.join(tempDir(), 'diagnostics.log');
    const log = new DiagnosticLog(file);
    diagnosticsTo(log).record('test.whole', new Error('x'));
    writeFileSync(file, readFileSync(file, 'utf8') + '{"time":"2026-');
    expect(log.read().map((e) => e.code)).toEqual(['test.whole']);
  });
});

describe('diagnostic log: no case data', () => {
  it('keeps an error’s class, code and stack frames, never its message: an import error quoting a secret leaves no trace of it', async () => {
    const parent = tempDir();
    const vaultDir = path.join(parent, 'vault');
    const engine = new Engine({ vaultDir, kdf: TEST_KDF });
    try {
      await engine.handlers['vault.create']({ passphrase: 'diagnostics passphrase' });
      const file = path.join(parent, `${SECRET}.jsonl`);
      writeFileSync(file, `{"message": "${SECRET} logged on", "datetime": "2024-01-01T00:00:00Z", "timestamp_desc": "x"}\n{"message": "${SECRET}`);
      const failure = await engine.handlers['import.start']({ taskId: 't1', file, format: 'timesketch-jsonl' } as never).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure, 'the import must fail, quoting the file').toBeInstanceOf(Error);
      expect((failure as Error).message).toContain(SECRET);

      const entries: DiagnosticEntry[] = [];
      const diagnostics = diagnosticsTo({ append: (e) => entries.push(e) });
      diagnostics.record('import.failed', failure, { taskId: 't1', file });
      diagnostics.record(
        'test.parse',
        (() => {
          try {
            JSON.parse(`{"k": ${SECRET}}`);
          } catch (err) {
            return err;
          }
        })(),
      );
      const written = JSON.stringify(entries);
      expect(written).not.toContain(SECRET);
      expect(written).not.toContain('CORP');
      // The path is not an id: dropped, and said so.
      expect(entries[0]).toMatchObject({ code: 'import.failed', ids: { taskId: 't1', file: '(not an id: dropped)' } });
      expect(entries[1]!.message).toBe('SyntaxError');
      expect(entries[1]!.stack.length).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  });
});

describe('diagnostic log: written where errors are got past', () => {
  it('an unreadable marker of an interrupted key rotation is undone at unlock as before, and recorded', async () => {
    const parent = tempDir();
    const vaultDir = path.join(parent, 'vault');
    (await Vault.create(vaultDir, 'diagnostics passphrase', { kdfN: TEST_KDF.N })).lock();
    const leftover = path.join(vaultDir, '.rotation-0000');
    mkdirSync(leftover);
    writeFileSync(path.join(leftover, 'rotation.json'), `{"keyId": "${SECRET}`);

    const vault = await Vault.unlock(vaultDir, 'diagnostics passphrase', { diagnostics: diagnosticsFor(vaultDir) });
    vault.lock();
    expect(existsSync(leftover)).toBe(false);
    const entries = new DiagnosticLog(diagnosticLogPath(vaultDir)).read();
    expect(entries).toEqual([expect.objectContaining({ code: 'vault.rotation-marker', message: 'SyntaxError', ids: {} })]);
    expect(readFileSync(diagnosticLogPath(vaultDir), 'utf8')).not.toContain(SECRET);
  });

  it('an expected absence (ENOENT) is the normal case and not recorded', async () => {
    const entries: DiagnosticEntry[] = [];
    const diagnostics = diagnosticsTo({ append: (e) => entries.push(e) });
    const missing = Object.assign(new Error('gone'), { code: 'ENOENT' });
    expect(diagnostics.swallow('test.absent', {}, { fallback: [], expected: ['ENOENT'] })(missing)).toEqual([]);
    expect(diagnostics.swallow('test.other', {}, { expected: ['ENOENT'] })(Object.assign(new Error('no'), { code: 'EACCES', syscall: 'rm' }))).toBeUndefined();
    expect(entries).toEqual([expect.objectContaining({ code: 'test.other', message: 'Error EACCES rm' })]);
  });
});
