import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import type { ExaminerIdentity, KnownExaminer } from '../../../shared/domain/packages';

export type { ExaminerSettings } from '../../../shared/domain/packages';
import type { Vault } from '../vault/vault';
import { encodeIdentity, encodeRecipient, generateAgeIdentity, parseIdentity, parseRecipient, type AgeIdentity } from './age/age-keys';

/**
 * The vault's examiner identity: an age X25519 key pair (packages are
 * encrypted to its public key) and an Ed25519 key pair (packages are signed
 * with it). Made on first use and kept in the vault's settings, which are
 * sealed with the vault key (and resealed by key rotation). Also the list of
 * other examiners' signing keys this vault knows.
 */

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export function fingerprint(raw: Buffer): string {
  return `SHA256:${createHash('sha256').update(raw).digest('base64').replace(/=+$/, '')}`;
}

function ed25519Private(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519Public(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new CasebookError('invalid-input', 'an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

export interface Examiner {
  age: AgeIdentity;
  signingKey: KeyObject;
  signingPublic: Buffer;
  createdAt: string;
}

/** The vault's examiner, made and saved on first use. */
export async function examinerOf(vault: Vault): Promise<Examiner> {
  let stored = vault.settings.examiner?.identity;
  if (!stored) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length));
    stored = { age: encodeIdentity(generateAgeIdentity().secret), signing: seed.toString('base64'), createdAt: new Date().toISOString() };
    await vault.saveSettings({ examiner: { ...vault.settings.examiner, identity: stored } });
  }
  const signingKey = ed25519Private(Buffer.from(stored.signing, 'base64'));
  const signingPublic = Buffer.from(createPublicKey(signingKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length));
  return { age: parseIdentity(stored.age), signingKey, signingPublic, createdAt: stored.createdAt };
}

export function publicIdentity(examiner: Examiner, name: string): ExaminerIdentity {
  return {
    name,
    ageRecipient: encodeRecipient(examiner.age.publicKey),
    ageFingerprint: fingerprint(examiner.age.publicKey),
    signingKey: examiner.signingPublic.toString('base64'),
    signingFingerprint: fingerprint(examiner.signingPublic),
    createdAt: examiner.createdAt,
  };
}

const SIGNING_LINE = 'casebook-ed25519';

/** The public keys as a text file another examiner can read, and `identity trust`. */
export function publicKeysText(id: ExaminerIdentity): string {
  return [
    `# Casebook examiner public keys: ${id.name.replace(/[\r\n]/g, ' ')}, made ${id.createdAt}`,
    `# age recipient (encrypt packages to this examiner), fingerprint ${id.ageFingerprint}`,
    id.ageRecipient,
    `# Ed25519 signing key (packages this examiner signed), fingerprint ${id.signingFingerprint}`,
    `${SIGNING_LINE} ${id.signingKey}`,
    '',
  ].join('\n');
}

/** Reads a public-keys file (publicKeysText); throws naming the line. */
export function parsePublicKeys(text: string): { ageRecipient: string | null; signingKey: Buffer; name: string | null } {
  let ageRecipient: string | null = null;
  let signingKey: Buffer | null = null;
  const name = /^# Casebook examiner public keys: (.*), made /m.exec(text)?.[1] ?? null;
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    if (t.startsWith('age1')) {
      parseRecipient(t);
      ageRecipient = t;
    } else if (t.startsWith(`${SIGNING_LINE} `)) {
      signingKey = Buffer.from(t.slice(SIGNING_LINE.length + 1), 'base64');
      ed25519Public(signingKey);
    } else {
      throw new CasebookError('invalid-input', `public keys file line ${i + 1}: neither an age recipient nor a "${SIGNING_LINE}" key`);
    }
  });
  if (!signingKey) throw new CasebookError('invalid-input', `the public keys file holds no "${SIGNING_LINE}" signing key`);
  return { ageRecipient, signingKey, name };
}

/** Adds (or renames) a known examiner by its signing key. */
export async function trustExaminer(vault: Vault, keys: { ageRecipient: string | null; signingKey: Buffer }, name: string): Promise<KnownExaminer> {
  const entry: KnownExaminer = {
    name,
    signingKey: keys.signingKey.toString('base64'),
    signingFingerprint: fingerprint(keys.signingKey),
    ageRecipient: keys.ageRecipient,
    addedAt: new Date().toISOString(),
  };
  const known = (vault.settings.examiner?.known ?? []).filter((k) => k.signingKey !== entry.signingKey);
  await vault.saveSettings({ examiner: { ...vault.settings.examiner, known: [...known, entry] } });
  return entry;
}

/** Forgets a known examiner by its signing key's fingerprint; the examiners still known. */
export async function forgetExaminer(vault: Vault, signingFingerprint: string): Promise<{ removed: boolean; known: KnownExaminer[] }> {
  const before = vault.settings.examiner?.known ?? [];
  const known = before.filter((k) => k.signingFingerprint !== signingFingerprint);
  if (known.length !== before.length) await vault.saveSettings({ examiner: { ...vault.settings.examiner, known } });
  return { removed: known.length !== before.length, known };
}

export function signManifest(examiner: Examiner, manifest: Buffer): Buffer {
  return sign(null, manifest, examiner.signingKey);
}

export function verifySignature(publicKey: Buffer, manifest: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, manifest, ed25519Public(publicKey), signature);
  } catch {
    return false;
  }
}
