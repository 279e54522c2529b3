import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nobleChaCha, nodeChaCha } from './chacha';

/**
 * The app's engine runs in Electron, whose crypto has no ChaCha20-Poly1305, so packages are sealed there
 * by the JavaScript cipher; under Node (these tests, the CLI) by OpenSSL's, which Debian's age is proven
 * to open (age.test.ts). The two must give the same bytes, so what one seals the other opens.
 */
describe('ChaCha20-Poly1305 of the age format: the platform cipher and the JavaScript one agree', () => {
  const key = randomBytes(32);
  const nonce = randomBytes(12);

  it.each([0, 1, 15, 16, 17, 1000, 64 * 1024])('seals %i bytes to the same ciphertext and tag, and each opens the other', (size) => {
    const plain = randomBytes(size);
    const byNode = nodeChaCha.seal(key, nonce, plain);
    const byNoble = nobleChaCha.seal(key, nonce, plain);
    expect(byNoble.equals(byNode)).toBe(true);
    expect(byNode.length).toBe(size + 16);
    expect(nobleChaCha.open(key, nonce, byNode)?.equals(plain)).toBe(true);
    expect(nodeChaCha.open(key, nonce, byNoble)?.equals(plain)).toBe(true);
  });

  it('refuses a flipped bit, a wrong nonce and a cut tag alike', () => {
    const sealed = nobleChaCha.seal(key, nonce, Buffer.from('the file key....'));
    for (const cipher of [nodeChaCha, nobleChaCha]) {
      const flipped = Buffer.from(sealed);
      flipped[3]! ^= 1;
      expect(cipher.open(key, nonce, flipped)).toBeNull();
      expect(cipher.open(key, Buffer.alloc(12), sealed)).toBeNull();
      expect(cipher.open(key, nonce, sealed.subarray(0, 10))).toBeNull();
    }
  });
});
