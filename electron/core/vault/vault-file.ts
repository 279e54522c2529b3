import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import type { KdfParams } from '../../../shared/domain/vault';
import { writeFileAtomic } from '../fs/atomic-write';
import { checkKdfParams } from './kdf';
import { decodeBase64Strict } from './strict-base64';

export const VAULT_FILE = 'vault.json';
const FORMAT = 'casebook-vault';
/**
 * 1: the first format. 2: the vault keeps a sealed manifest of its cases
 * (vault-manifest.ts) and names its key generation (keyId). A vault is
 * upgraded from 1 to 2 when it is first unlocked by a Casebook that keeps
 * manifests; a Casebook that does not refuses version 2 rather than write
 * cases the manifest does not follow.
 */
export const VERSION = 2;
export const VAULT_KEY_AAD = Buffer.from('casebook/vault-key/v1');

/**
 * The settings' associated data binds the format version, the vault and the
 * key generation: editing "version" back to 1 (to make a manifest vault look
 * like one from before manifests, so its manifest would be adopted afresh) or
 * "keyId" makes the settings fail authentication.
 */
export function settingsAad(file: Pick<VaultFile, 'version' | 'vaultId' | 'keyId'>): Buffer {
  return file.version === 1 ? Buffer.from('casebook/settings/v1') : Buffer.from(`casebook/settings/v2\0${file.vaultId}\0${file.keyId ?? ''}`);
}

export interface VaultFile {
  format: typeof FORMAT;
  version: 1 | 2;
  vaultId: string;
  createdAt: string;
  /** Version 2: a random id of the vault key, new at every key rotation. */
  keyId?: string;
  /** Version 2: when the keys were last rotated. */
  rotatedAt?: string;
  kdf: KdfParams;
  /** base64 of the vault key sealed with the passphrase key. */
  wrappedKey: string;
  /** base64 of the settings sealed with the vault key (the analyst's name is not for everyone). */
  settings: string;
}

export function newVaultFile(fields: Omit<VaultFile, 'format' | 'version'>): VaultFile {
  return { format: FORMAT, version: VERSION, ...fields };
}

/**
 * Reads vault.json and checks every field before anything uses one: the KDF
 * parameters against their bounds (an edited file must not make the unlock
 * allocate gigabytes or run for hours) and the sealed fields as canonical base64.
 */
export async function readVaultFile(dir: string): Promise<VaultFile & { wrappedBytes: Buffer; settingsBytes: Buffer }> {
  const file = path.join(dir, VAULT_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CasebookError('vault-missing', `no vault in ${dir} (${VAULT_FILE} not found)`);
    }
    throw err;
  }
  let parsed: VaultFile;
  try {
    parsed = JSON.parse(text) as VaultFile;
  } catch (err) {
    throw new CasebookError('corrupt', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new CasebookError('corrupt', `${file} is not a JSON object`);
  if (parsed.format !== FORMAT) throw new CasebookError('corrupt', `${file}: field "format" is not ${FORMAT}`);
  if (parsed.version !== 1 && parsed.version !== 2) {
    throw new CasebookError('corrupt', `${file}: field "version" is ${String(parsed.version)}; this Casebook reads versions 1 and ${VERSION}`);
  }
  for (const field of ['vaultId', 'wrappedKey', 'settings'] as const) {
    if (typeof parsed[field] !== 'string') throw new CasebookError('corrupt', `${file}: field "${field}" is missing`);
  }
  if (parsed.version === 2 && typeof parsed.keyId !== 'string') throw new CasebookError('corrupt', `${file}: field "keyId" is missing`);
  const kdf = checkKdfParams(parsed.kdf, file);
  const wrappedBytes = decodeBase64Strict(parsed.wrappedKey, `${file}: field "wrappedKey"`);
  const settingsBytes = decodeBase64Strict(parsed.settings, `${file}: field "settings"`);
  const { saltBytes: _salt, ...params } = kdf;
  return { ...parsed, kdf: params, wrappedBytes, settingsBytes };
}

/** Replaces vault.json all or nothing (the decoded copies readVaultFile adds are not written). */
export async function writeVaultFile(dir: string, file: VaultFile & { wrappedBytes?: Buffer; settingsBytes?: Buffer }): Promise<void> {
  const { wrappedBytes: _w, settingsBytes: _s, ...plain } = file;
  await writeFileAtomic(path.join(dir, VAULT_FILE), JSON.stringify(plain, null, 2) + '\n');
}
