import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha';

/**
 * ChaCha20-Poly1305 (RFC 8439), the one AEAD of the age format, with a 16-byte
 * tag appended to the ciphertext. Node's OpenSSL has it and is fast; Electron's
 * BoringSSL does not offer it to createCipheriv (see vault/aead.ts), so the
 * app's engine uses @noble/ciphers' audited pure-JavaScript one there. Both give
 * the same bytes (chacha.test.ts).
 */
export interface ChaCha {
  readonly name: 'node' | 'noble';
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer;
  /** The plaintext, or null when the ciphertext does not authenticate. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null;
}

const TAG = 16;

export const nodeChaCha: ChaCha = {
  name: 'node',
  seal(key, nonce, plaintext) {
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG) return null;
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
    } catch {
      return null;
    }
  },
};

export const nobleChaCha: ChaCha = {
  name: 'noble',
  seal(key, nonce, plaintext) {
    return Buffer.from(chacha20poly1305(key, nonce).encrypt(plaintext));
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG) return null;
    try {
      return Buffer.from(chacha20poly1305(key, nonce).decrypt(sealed));
    } catch {
      return null;
    }
  },
};

/** The platform's cipher when it has one, else the JavaScript one. */
export const chacha: ChaCha = getCiphers().includes('chacha20-poly1305') ? nodeChaCha : nobleChaCha;
