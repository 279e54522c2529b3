import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import { TEST_KDF, useTempDirs } from '../../../tests/unit/support/temp-dir';
import { Engine } from '../engine';
import { richCase, vaultAt, type Call } from './package-test-kit';

/**
 * What the window's carry screens ask of the engine beyond the CLI's: backup
 * progress and cancel, restore into a folder of the user's choosing, trusted
 * examiners added from a file and removed, the public keys saved to a file, and
 * the key of an unknown signer handed back so it can be trusted.
 */
describe('the carry screens’ engine methods', () => {
  const tempDir = useTempDirs();

  it('backs up with progress in bytes and files, and a cancelled backup leaves no file', async () => {
    const dir = tempDir();
    const progress: { taskId: string; done: number; total: number | null; records?: number }[] = [];
    const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor: 'ana', kdf: TEST_KDF }, (event, payload) => {
      if (event === 'task.progress') progress.push(payload as (typeof progress)[number]);
    });
    const call: Call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
    await call('vault.create', { passphrase: 'ana vault passphrase' });
    await richCase(call, dir);
    const result = await call('backup.create', { taskId: 'b1', out: path.join(dir, 'vault.cbbak'), to: { passphrase: 'a backup passphrase' } });
    expect(result.files).toBeGreaterThan(3);
    const last = progress.filter((p) => p.taskId === 'b1').at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.records).toBe(result.files);

    // A large file makes the backup long enough to cancel while it runs.
    const ballast = path.join(dir, 'vault', 'zz-ballast.bin');
    await writeFile(ballast, '');
    await truncate(ballast, 2 * 1024 * 1024 * 1024);
    const running = call('backup.create', { taskId: 'b2', out: path.join(dir, 'second.cbbak'), to: { passphrase: 'a backup passphrase' } });
    while (!progress.some((p) => p.taskId === 'b2' && p.done > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await call('backup.cancel', { taskId: 'b2' })).toEqual({ cancelled: true });
    await expect(running).rejects.toThrow('the backup was cancelled; no file was written');
    expect(readdirSync(dir).filter((name) => name.startsWith('second.cbbak'))).toEqual([]);
    await engine.dispose();
  }, 60_000);

  it('restores into a chosen empty folder while the vault stays open, and refuses one that holds anything', async () => {
    const dir = tempDir();
    const { engine, call } = await vaultAt(dir, 'ana');
    await richCase(call, dir);
    const out = path.join(dir, 'vault.cbbak');
    await call('backup.create', { out, to: { passphrase: 'a backup passphrase' } });
    const busy = path.join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    await expect(call('backup.restore', { file: out, out: busy, passphrase: 'a backup passphrase' })).rejects.toThrow(/busy is not empty/);
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    const target = path.join(dir, 'copy');
    const restored = await call('backup.restore', { file: out, out: target, passphrase: 'a backup passphrase' });
    expect(existsSync(path.join(target, 'vault.json'))).toBe(true);
    expect(restored.files).toBeGreaterThan(3);
    // Over the vault in use: refused.
    await expect(call('backup.restore', { file: out, passphrase: 'a backup passphrase' })).rejects.toThrow(/lock the vault first/);
    await engine.dispose();
  }, 60_000);

  it('trusts an examiner from a keys file, forgets one by fingerprint, and saves its own public keys', async () => {
    const dir = tempDir();
    const ana = await vaultAt(path.join(dir, 'a'), 'ana');
    const ben = await vaultAt(path.join(dir, 'b'), 'ben');
    const benKeys = path.join(dir, 'ben.txt');
    writeFileSync(benKeys, (await ben.call('identity.export', {})).text);
    const trusted = await ana.call('identity.trustFile', { file: benKeys });
    expect(trusted.name).toBe('ben');
    const notKeys = path.join(dir, 'notes.txt');
    writeFileSync(notKeys, 'hello\n');
    await expect(ana.call('identity.trustFile', { file: notKeys })).rejects.toThrow('notes.txt: public keys file line 1');

    const mine = path.join(dir, 'ana.txt');
    await ana.call('identity.save', { out: mine });
    const own = (await ana.call('identity.show', {})).identity;
    expect(await readFile(mine, 'utf8')).toContain(`casebook-ed25519 ${own.signingKey}`);

    expect(await ana.call('identity.untrust', { signingFingerprint: 'SHA256:nobody' })).toEqual({ removed: false, known: [trusted] });
    expect(await ana.call('identity.untrust', { signingFingerprint: trusted.signingFingerprint })).toEqual({ removed: true, known: [] });
    await ana.engine.dispose();
    await ben.engine.dispose();
  }, 60_000);

  it('names the signing key of a package by an unknown examiner, so the window can trust it', async () => {
    const dir = tempDir();
    const ana = await vaultAt(path.join(dir, 'a'), 'ana');
    const ben = await vaultAt(path.join(dir, 'b'), 'ben');
    const caseId = (await ben.call('cases.create', { title: 'From Ben' })).cases![0]!.id;
    const pkg = path.join(dir, 'ben.cbpkg');
    const anaRecipient = (await ana.call('identity.show', {})).identity.ageRecipient;
    await ben.call('packages.export', { taskId: 't', caseId, out: pkg, to: { recipients: [anaRecipient] }, sign: true });
    const unknown = await ana.call('packages.verify', { file: pkg });
    const benKey = (await ben.call('identity.show', {})).identity.signingKey;
    expect(unknown.signer).toMatchObject({ known: false, signingKey: benKey });
    await ana.call('identity.trust', { text: `casebook-ed25519 ${unknown.signer!.signingKey}\n`, name: 'Ben' });
    expect((await ana.call('packages.verify', { file: pkg })).signer).toMatchObject({ known: true, name: 'Ben' });
    await ana.engine.dispose();
    await ben.engine.dispose();
  }, 60_000);
});
