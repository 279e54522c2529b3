import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Vault, VAULT_FILE } from './vault';
import { MAX_N, OWASP_MIN_N, TARGET_MS } from './kdf';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, engineFor, makeEditedCase, PASS, snapshotTree } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

describe('vault: unlocking', () => {
  it('refuses a wrong passphrase with a clear error and changes no file in the vault folder', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    await makeEditedCase(call, 'Untouched', 3);
    await engine.lock();
    const before = snapshotTree(dir);

    const { call: stranger } = engineFor(dir);
    await expect(stranger('vault.unlock', { passphrase: 'Correct horse battery staple' })).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'wrong passphrase for this vault',
    });
    await expect(Vault.unlock(dir, PASS + ' ')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    // Still locked: nothing can be read with the failed attempt.
    await expect(stranger('cases.list', {})).rejects.toMatchObject({ code: 'vault-locked' });

    expect(snapshotTree(dir)).toEqual(before);
  });
});

// Slow but needed (about a second): the only test of the real, tuned scrypt cost.
// Every other test uses TEST_KDF, so without this one a regression to a cheap
// default would pass unnoticed.
describe('vault: key derivation at production cost (slow: real scrypt)', () => {
  it('stores scrypt parameters of at least N=2^17, r=8, p=1 tuned to take 250 ms or more, and unlocks with them', async () => {
    const dir = tempDir();
    const vault = await Vault.create(dir, PASS); // no options: what the app and the CLI do
    vault.lock();
    const stored = JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')) as { kdf: Record<string, unknown> };
    expect(stored.kdf).toMatchObject({ name: 'scrypt', r: 8, p: 1 });
    const { N, measuredMs, salt } = stored.kdf as { N: number; measuredMs: number; salt: string };
    expect(N).toBeGreaterThanOrEqual(OWASP_MIN_N);
    expect(Math.log2(N) % 1, 'N is a power of two').toBe(0);
    // The tuning doubles N until one derivation takes TARGET_MS, capped at MAX_N (1 GiB of memory).
    if (N < MAX_N) expect(measuredMs).toBeGreaterThanOrEqual(TARGET_MS);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);

    const unlocked = await Vault.unlock(dir, PASS);
    expect(unlocked.kdf).toEqual(stored.kdf);
    unlocked.lock();
    await expect(Vault.unlock(dir, 'not ' + PASS)).rejects.toMatchObject({ code: 'wrong-passphrase' });
  }, 30_000);
});
