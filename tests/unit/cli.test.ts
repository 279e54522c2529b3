import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { built } from './support/built';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli test passphrase';

function casebook(vault: string, args: string[], options: { passphrase?: string; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_PASSPHRASE: options.passphrase ?? PASS };
  delete env.CASEBOOK_VAULT;
  if (options.passphrase === '') delete env.CASEBOOK_PASSPHRASE;
  const run = spawnSync(process.execPath, [built('electron/cli/casebook.js'), '--vault', vault, ...args], {
    env,
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function initVault(): string {
  const vault = tempDir();
  expect(casebook(vault, ['vault', 'init']).code).toBe(0);
  return vault;
}

describe('casebook CLI', () => {
  it('creates a vault, a case, edits it and verifies the audit chain, in JSON', () => {
    const vault = initVault();
    const created = casebook(vault, ['case', 'create', '--title', 'Beaconing from HR laptop', '--json']);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const set = casebook(vault, [
      'case', 'set', id,
      '--severity', 'high', '--status', 'inProgress', '--classification', 'truePositive',
      '--determination', 'malware', '--owner', 'dana', '--tag', 'c2', '--tag', 'hr', '--json',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).case).toMatchObject({ severity: 'high', status: 'inProgress', owner: 'dana', tags: ['c2', 'hr'] });

    const shown = JSON.parse(casebook(vault, ['case', 'show', id.slice(0, 8), '--json']).stdout);
    expect(shown).toMatchObject({ id, determination: 'malware', version: 2 });

    const listed = JSON.parse(casebook(vault, ['case', 'list', '--json']).stdout);
    expect(listed.cases.map((c: { id: string }) => c.id)).toEqual([id]);

    const verify = casebook(vault, ['audit', 'verify', id, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, records: 2 });
  });

  it('prints exactly one JSON document on stdout for every command', () => {
    const vault = tempDir();
    for (const args of [['vault', 'init'], ['vault', 'status'], ['case', 'create', '--title', 'x'], ['case', 'list']]) {
      const run = casebook(vault, [...args, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(() => JSON.parse(run.stdout)).not.toThrow();
    }
  });

  it('fails with a one-line error naming the field for an invalid value, and changes nothing', () => {
    const vault = initVault();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'T', '--json']).stdout);
    const run = casebook(vault, ['case', 'set', id, '--severity', 'banana']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/patch\.severity/);
    expect(JSON.parse(casebook(vault, ['case', 'show', id, '--json']).stdout).version).toBe(1);
  });

  it('fails on a wrong passphrase with a clear error', () => {
    const vault = initVault();
    const run = casebook(vault, ['case', 'list'], { passphrase: 'not it at all' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/wrong passphrase/);
  });

  it('reads the passphrase from standard input when no variable is set', () => {
    const vault = initVault();
    const run = casebook(vault, ['case', 'list', '--json'], { passphrase: '', input: `${PASS}\n` });
    expect(run.code, run.stderr).toBe(0);
  });

  it('says there is no vault, and rejects unknown commands and options as usage errors', () => {
    const empty = tempDir();
    const missing = casebook(empty, ['case', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no vault in .*vault init/);
    expect(casebook(empty, ['case', 'explode']).code).toBe(2);
    expect(casebook(empty, ['case', 'list', '--frobnicate']).code).toBe(2);
  });

  it('exits non-zero from audit verify when a record was tampered with', () => {
    const vault = initVault();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'T', '--json']).stdout);
    casebook(vault, ['case', 'set', id, '--owner', 'someone']);
    const journal = path.join(vault, 'cases', id, 'journal.cbj');
    const bytes = readFileSync(journal);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(journal, bytes);
    const run = casebook(vault, ['audit', 'verify', id, '--json']);
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: false, records: 1 });
    expect(result.problems[0]).toMatchObject({ seq: 2 });
  });
});
