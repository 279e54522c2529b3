import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import type { KdfParams } from '../../../shared/domain/vault';
import { KEY_BYTES } from './aead';

/**
 * Passphrase → key with scrypt (Node's crypto; Argon2 is not in Node 20 or
 * Electron's BoringSSL). OWASP's minimum is N=2^17, r=8, p=1; at creation we
 * double N until one derivation takes at least TARGET_MS on this machine.
 * scrypt runs on libuv's thread pool, so it never blocks the event loop.
 */
export const OWASP_MIN_N = 2 ** 17;
export const MAX_N = 2 ** 20;
export const TARGET_MS = 250;

function scrypt(passphrase: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  return scrypt(passphrase, Buffer.from(params.salt, 'base64'), params.N, params.r, params.p);
}

/**
 * Chooses parameters for a new vault and derives its key with them.
 * `minN` lets tests use a cheaper cost; production callers leave it at the OWASP minimum.
 */
export async function chooseParamsAndDerive(
  passphrase: string,
  minN: number = OWASP_MIN_N,
): Promise<{ params: KdfParams; key: Buffer }> {
  const salt = randomBytes(16);
  let N = minN;
  for (;;) {
    const started = performance.now();
    const key = await scrypt(passphrase, salt, N, 8, 1);
    const measuredMs = Math.round(performance.now() - started);
    const tuning = minN === OWASP_MIN_N;
    if (!tuning || measuredMs >= TARGET_MS || N >= MAX_N) {
      return { params: { name: 'scrypt', N, r: 8, p: 1, salt: salt.toString('base64'), measuredMs }, key };
    }
    N *= 2;
  }
}
