import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { AgeError, b64, hkdf32, unb64, type Stanza } from './age-header';
import { generateAgeIdentity, x25519, type AgeIdentity } from './age-keys';
import { chacha } from './chacha';

/**
 * The two recipient types of the age spec: X25519 (to a public key) and
 * scrypt (to a passphrase). Each wraps the 16-byte file key with
 * ChaCha20-Poly1305 under a key derived for that recipient, nonce zero.
 */

const ZERO_NONCE = Buffer.alloc(12);
const X25519_INFO = 'age-encryption.org/v1/X25519';
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
/** age's own default work factor for passphrases. */
export const SCRYPT_WORK_FACTOR = 18;
/** The largest work factor accepted when opening (2^20 × 8 × 128 bytes = 1 GiB of memory). */
export const MAX_SCRYPT_WORK_FACTOR = 20;

function wrap(key: Buffer, fileKey: Buffer): Buffer {
  return chacha.seal(key, ZERO_NONCE, fileKey);
}

/** The file key, or null when this key does not open the stanza. */
function unwrap(key: Buffer, body: Buffer): Buffer | null {
  if (body.length !== 32) throw new AgeError('header', 'a recipient stanza body is not 32 bytes');
  return chacha.open(key, ZERO_NONCE, body);
}

function x25519WrapKey(shared: Buffer, share: Buffer, recipient: Buffer): Buffer {
  if (shared.every((b) => b === 0)) throw new AgeError('header', 'X25519 produced an all-zero shared secret');
  return hkdf32(shared, Buffer.concat([share, recipient]), X25519_INFO);
}

export function x25519Stanza(recipient: Buffer, fileKey: Buffer): Stanza {
  const ephemeral = generateAgeIdentity();
  const key = x25519WrapKey(x25519(ephemeral.secret, recipient), ephemeral.publicKey, recipient);
  return { type: 'X25519', args: [b64(ephemeral.publicKey)], body: wrap(key, fileKey) };
}

/** The file key if one of the identities opens this X25519 stanza. */
export function openX25519(stanza: Stanza, identities: readonly AgeIdentity[]): Buffer | null {
  if (stanza.args.length !== 1) throw new AgeError('header', 'an X25519 stanza must have one argument');
  const share = unb64(stanza.args[0]!, 'X25519 share');
  if (share.length !== 32) throw new AgeError('header', 'X25519 share is not 32 bytes');
  for (const id of identities) {
    const fileKey = unwrap(x25519WrapKey(x25519(id.secret, share), share, id.publicKey), stanza.body);
    if (fileKey) return fileKey;
  }
  return null;
}

const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

function scryptKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return scryptAsync(Buffer.from(passphrase, 'utf8'), Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, {
    N,
    r: 8,
    p: 1,
    maxmem: 128 * N * 8 + 1024 * 1024,
  });
}

export async function scryptStanza(passphrase: string, fileKey: Buffer, logN = SCRYPT_WORK_FACTOR): Promise<Stanza> {
  const salt = randomBytes(16);
  return { type: 'scrypt', args: [b64(salt), String(logN)], body: wrap(await scryptKey(passphrase, salt, logN), fileKey) };
}

/** The file key the passphrase opens; throws AgeError('passphrase') when it does not. */
export async function openScrypt(stanza: Stanza, passphrase: string): Promise<Buffer> {
  const [saltText, logText] = stanza.args;
  if (stanza.args.length !== 2 || !/^[1-9][0-9]?$/.test(logText ?? '')) throw new AgeError('header', 'malformed scrypt stanza');
  const salt = unb64(saltText!, 'scrypt salt');
  if (salt.length !== 16) throw new AgeError('header', 'scrypt salt is not 16 bytes');
  const logN = Number(logText);
  if (logN > MAX_SCRYPT_WORK_FACTOR) throw new AgeError('header', `scrypt work factor ${logN} is over the limit of ${MAX_SCRYPT_WORK_FACTOR}`);
  const fileKey = unwrap(await scryptKey(passphrase, salt, logN), stanza.body);
  if (!fileKey) throw new AgeError('passphrase', 'the passphrase does not open this package');
  return fileKey;
}
