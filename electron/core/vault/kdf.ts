import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import type { KdfParams } from '../../../shared/domain/vault';
import { CasebookError } from '../../../shared/ipc/errors';
import { KEY_BYTES } from './aead';
import { decodeBase64Strict } from './strict-base64';

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
  return new Promise((resolve, reject) => scryptCb(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Bounds on parameters read from a vault file. Creation picks N from 2^17 up
 * to MAX_N with r=8, p=1 (tests go down to 2^14); anything outside these
 * bounds is an edited file. They keep one unlock under 1 GiB of memory
 * (128·N·r bytes) and under 8·MAX_N block mixes of work (N·r·p), so an
 * edited file cannot make the app allocate without bound or hang.
 */
export const MIN_N = 2 ** 10;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 1024 ** 3;
const MAX_WORK = MAX_N * 8;
const SALT_BYTES = { min: 16, max: 64 };

/** The parameters as read from an untrusted file, checked before any use; throws 'corrupt' naming what is wrong. */
export function checkKdfParams(kdf: unknown, where: string): KdfParams & { saltBytes: Buffer } {
  const bad = (why: string) => new CasebookError('corrupt', `${where}: field "kdf" ${why}; the file was edited or damaged`);
  if (typeof kdf !== 'object' || kdf === null) throw bad('is missing');
  const { name, N, r, p, salt, measuredMs } = kdf as Record<string, unknown>;
  if (name !== 'scrypt') throw bad('is not a scrypt parameter set');
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!int(N) || N < MIN_N || N > MAX_N || (N & (N - 1)) !== 0) throw bad(`has N=${String(N)}, not a power of two from 2^10 to 2^20`);
  if (!int(r) || r < 1 || r > MAX_R) throw bad(`has r=${String(r)}, not from 1 to ${MAX_R}`);
  if (!int(p) || p < 1 || p > MAX_P) throw bad(`has p=${String(p)}, not from 1 to ${MAX_P}`);
  if (128 * N * r > MAX_MEMORY) throw bad(`asks for ${(128 * N * r) / 1024 ** 2} MiB (N·r too large)`);
  if (N * r * p > MAX_WORK) throw bad(`asks for more work than any vault is created with (N·r·p = ${N * r * p})`);
  const saltBytes = decodeBase64Strict(salt, `${where}: field "kdf.salt"`);
  if (saltBytes.length < SALT_BYTES.min || saltBytes.length > SALT_BYTES.max) {
    throw bad(`has a salt of ${saltBytes.length} bytes, not ${SALT_BYTES.min} to ${SALT_BYTES.max}`);
  }
  return { name, N, r, p, salt: salt as string, measuredMs: typeof measuredMs === 'number' ? measuredMs : 0, saltBytes };
}

/** Derives the passphrase key; the parameters are checked again here, so no caller can skip the bounds. */
export async function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const checked = checkKdfParams(params, 'vault.json');
  return scrypt(passphrase, checked.saltBytes, checked.N, checked.r, checked.p);
}

/**
 * Chooses parameters for a new vault and derives its key with them.
 * `minN` lets tests use a cheaper cost; production callers leave it at the OWASP minimum.
 */
export async function chooseParamsAndDerive(passphrase: string, minN: number = OWASP_MIN_N): Promise<{ params: KdfParams; key: Buffer }> {
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
