import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Vault, VAULT_FILE } from './vault';
import { decodeBase64Strict } from './strict-base64';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, makeEditedCase, PASS } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

async function vaultWithCase() {
  const dir = tempDir();
  const { engine, call } = await createVault(dir);
  const id = await makeEditedCase(call, 'edited vault.json', 1);
  await engine.lock();
  const file = path.join(dir, VAULT_FILE);
  const original = readFileSync(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits vault.json as untyped JSON, on purpose
  const edit = (change: (json: Record<string, any>) => void) => {
    const json = JSON.parse(original);
    change(json);
    writeFileSync(file, JSON.stringify(json));
  };
  return { dir, id, edit, restore: () => writeFileSync(file, original) };
}

/** Refused as an edited file, at once: before any key derivation could allocate or run. */
async function expectRefusedFast(dir: string, message: RegExp) {
  const started = performance.now();
  await expect(Vault.unlock(dir, PASS)).rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(message) });
  expect(performance.now() - started, 'refused before deriving anything').toBeLessThan(500);
}

describe('vault.json: KDF parameters are checked before use', () => {
  it('refuses a cost (N, r, p) that would allocate gigabytes or run for hours, and a salt of the wrong length', async () => {
    const { dir, edit, restore } = await vaultWithCase();
    const cases: [(kdf: Record<string, unknown>) => void, RegExp][] = [
      [(k) => (k.N = 2 ** 30), /N=1073741824, not a power of two from 2\^10 to 2\^20/],
      [(k) => (k.N = 2 ** 16 + 1), /N=65537/],
      [(k) => (k.N = 1e300), /N=1e\+300/],
      [(k) => (k.N = '16384'), /N=16384, not a power of two/],
      // 2^14 · 8 · 2^20: sixteen hours of mixing with 16 MiB; checked by the bound on p, not by waiting.
      [(k) => (k.p = 2 ** 20), /p=1048576, not from 1 to 16/],
      [(k) => (k.r = 2 ** 20), /r=1048576, not from 1 to 32/],
      [(k) => ((k.N = 2 ** 20), (k.r = 16)), /asks for 2048 MiB/],
      [(k) => ((k.N = 2 ** 20), (k.p = 16)), /more work than any vault is created with/],
      [(k) => (k.salt = Buffer.alloc(4).toString('base64')), /salt of 4 bytes, not 16 to 64/],
      [(k) => (k.salt = Buffer.alloc(1024).toString('base64')), /salt of 1024 bytes/],
      [(k) => (k.name = 'argon2id'), /not a scrypt parameter set/],
    ];
    for (const [change, message] of cases) {
      edit((json) => change(json.kdf));
      await expectRefusedFast(dir, message);
    }
    restore();
    (await Vault.unlock(dir, PASS)).lock();
  });
});

describe('vault files: base64 is read strictly', () => {
  it('decodes canonical base64 and refuses garbage, whitespace, missing padding and stray padding bits', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from([0, 255, 254, 1])]) {
      expect(decodeBase64Strict(bytes.toString('base64'), 'x').equals(bytes)).toBe(true);
    }
    // Node's own decoder reads every one of these as some bytes.
    for (const text of ['QUJD!', 'QU JD', 'QUJD\n', 'QUI', 'QUI==', 'QUJ=D', 'QUJDRB==', 'QR==', 'QUJDRA==garbage', 'QUJD-_', '====', 5, null]) {
      expect(() => decodeBase64Strict(text, 'field "x"'), String(text)).toThrow(/field "x" is (not canonical base64|missing or not text)/);
    }
  });

  it('refuses a vault.json whose sealed fields or salt carry non-canonical base64, and a key.json likewise', async () => {
    const { dir, id, edit, restore } = await vaultWithCase();
    // Garbage Node would skip: the sealed key still opens with the lenient decoder.
    edit((json) => (json.wrappedKey = `${json.wrappedKey.slice(0, 8)}*${json.wrappedKey.slice(8)}`));
    await expectRefusedFast(dir, /field "wrappedKey" is not canonical base64/);
    edit((json) => (json.settings = ` ${json.settings}`));
    await expectRefusedFast(dir, /field "settings" is not canonical base64/);
    // A salt of 16 bytes ends in "==" after a character holding 4 bits of padding: set one of them.
    edit((json) => {
      const salt: string = json.kdf.salt;
      const last = salt[salt.length - 3]!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      json.kdf.salt = salt.slice(0, -3) + alphabet[alphabet.indexOf(last) ^ 1] + '==';
    });
    await expectRefusedFast(dir, /field "kdf.salt" is not canonical base64/);
    restore();

    const keyFile = path.join(dir, 'cases', id, 'key.json');
    const key = JSON.parse(readFileSync(keyFile, 'utf8'));
    writeFileSync(keyFile, JSON.stringify({ ...key, wrappedKey: `${key.wrappedKey}\n` }));
    const vault = await Vault.unlock(dir, PASS);
    await expect(vault.openCase(id, 'read')).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('"wrappedKey" is not canonical base64'),
    });
    vault.lock();
  });
});
