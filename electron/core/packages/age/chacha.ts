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
  /** The ciphertext and the tag as two buffers: a stream writes both without joining them. */
  sealDetached(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): [Buffer, Buffer];
  /** The plaintext, or null when the ciphertext does not authenticate. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null;
}

const TAG = 16;

export const nodeChaCha: ChaCha = {
  name: 'node',
  seal(key, nonce, plaintext) {
    return Buffer.concat(this.sealDetached(key, nonce, plaintext));
  },
  sealDetached(key, nonce, plaintext) {
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    const sealed = c.update(plaintext);
    // A stream cipher: final() adds nothing, it only computes the tag.
    c.final();
    return [sealed, c.getAuthTag()];
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG) return null;
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      const plain = d.update(sealed.subarray(0, sealed.length - TAG));
      // final() checks the tag; a stream cipher has nothing left to give.
      d.final();
      return plain;
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
  sealDetached(key, nonce, plaintext) {
    const sealed = this.seal(key, nonce, plaintext);
    return [sealed.subarray(0, sealed.length - TAG), sealed.subarray(sealed.length - TAG)];
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
