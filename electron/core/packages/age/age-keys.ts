import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { bech32Decode, bech32Encode } from './bech32';

/**
 * age's X25519 keys: raw 32-byte keys as Bech32, `age1…` for a recipient
 * (public key) and `AGE-SECRET-KEY-1…` for an identity (secret key). Node's
 * crypto takes raw keys only inside DER, so each is wrapped in the fixed
 * PKCS#8 / SPKI prefix of an X25519 key (RFC 8410).
 */

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
const PUBLIC_HRP = 'age';
const SECRET_HRP = 'age-secret-key-';

export interface AgeIdentity {
  /** The 32-byte X25519 secret scalar. */
  secret: Buffer;
  /** Its public key, the recipient. */
  publicKey: Buffer;
}

export function x25519Private(secret: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
}

export function x25519Public(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
}

export function rawPublic(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length));
}

function rawPrivate(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_X25519.length));
}

/** X25519(secret, peer): the 32-byte shared secret. */
export function x25519(secret: Buffer, peerPublic: Buffer): Buffer {
  return diffieHellman({ privateKey: x25519Private(secret), publicKey: x25519Public(peerPublic) });
}

export function generateAgeIdentity(): AgeIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { secret: rawPrivate(privateKey), publicKey: rawPublic(publicKey) };
}

export function identityFromSecret(secret: Buffer): AgeIdentity {
  return { secret, publicKey: rawPublic(createPublicKey(x25519Private(secret))) };
}

export function encodeRecipient(publicKey: Buffer): string {
  return bech32Encode(PUBLIC_HRP, publicKey);
}

export function encodeIdentity(secret: Buffer): string {
  return bech32Encode(SECRET_HRP, secret).toUpperCase();
}

/** An `age1…` recipient's 32-byte public key; throws naming the problem. */
export function parseRecipient(text: string): Buffer {
  let decoded;
  try {
    decoded = bech32Decode(text.trim());
  } catch (err) {
    throw new Error(`"${text}" is not an age recipient (${(err as Error).message})`);
  }
  if (decoded.hrp !== PUBLIC_HRP || decoded.data.length !== 32) throw new Error(`"${text}" is not an age X25519 recipient (age1…)`);
  return decoded.data;
}

/** An `AGE-SECRET-KEY-1…` identity; throws without quoting the secret. */
export function parseIdentity(text: string): AgeIdentity {
  let decoded;
  try {
    decoded = bech32Decode(text.trim());
  } catch (err) {
    throw new Error(`not an age identity (${(err as Error).message})`);
  }
  if (decoded.hrp !== SECRET_HRP || decoded.data.length !== 32) throw new Error('not an age X25519 identity (AGE-SECRET-KEY-1…)');
  return identityFromSecret(decoded.data);
}

/** The identities of an age identity file (age-keygen's format: comments and blank lines skipped). */
export function parseIdentityFile(text: string): AgeIdentity[] {
  const identities: AgeIdentity[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    try {
      identities.push(parseIdentity(t));
    } catch (err) {
      throw new Error(`identity file line ${i + 1}: ${(err as Error).message}`);
    }
  });
  if (identities.length === 0) throw new Error('the identity file holds no age identity (AGE-SECRET-KEY-1…)');
  return identities;
}
