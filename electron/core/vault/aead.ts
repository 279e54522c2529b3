import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a random 96-bit nonce, laid out as nonce | ciphertext | tag.
 * (ChaCha20-Poly1305 would do as well but is missing from Electron's BoringSSL.)
 */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export function seal(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/**
 * seal() for a message given in parts, without joining them first: returns the
 * pieces to write in order (nonce, ciphertext pieces, tag). Large timeline runs
 * are written this way so they are never copied into one buffer twice.
 */
export function sealParts(key: Buffer, parts: readonly Uint8Array[], aad: Uint8Array): Buffer[] {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const out = [nonce];
  for (const part of parts) if (part.byteLength) out.push(cipher.update(part));
  const last = cipher.final();
  if (last.length) out.push(last);
  out.push(cipher.getAuthTag());
  return out;
}

/** Returns the plaintext, or null when the data, the key or the associated data do not match. */
export function open(key: Buffer, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  if (sealed.length < SEAL_OVERHEAD) return null;
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = buf.subarray(0, NONCE_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    const plain = decipher.update(body);
    // GCM's final() yields no bytes, only the tag check; avoid copying a large plaintext for nothing.
    const last = decipher.final();
    return last.length ? Buffer.concat([plain, last]) : plain;
  } catch {
    return null;
  }
}

/** The tag of a sealed message: what the next journal record binds to. */
export function tagOf(sealed: Uint8Array): Buffer {
  return Buffer.from(sealed.subarray(sealed.length - TAG_BYTES));
}
