import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import type { KdfParams } from '../../../shared/domain/vault';
import { open as openSealed, seal, KEY_BYTES } from './aead';
import { chooseParamsAndDerive, deriveKey, OWASP_MIN_N } from './kdf';
import { fsyncDir } from '../fs/atomic-write';
import { CaseJournal, JOURNAL_FILE, verificationOf, withGuard, withHead, type JournalMode } from './case-journal';
import { readHead } from './journal-head';
import { isCaseId, sweepStagedCases } from './staged-sweep';
import { startManifest } from './manifest-start';
import { MAX_RECORD_BYTES, scanJournal } from './journal-format';
import type { JournalEntry } from '../cases/records/journal-record';
import type { ChainVerification } from '../../../shared/domain/audit';
import { newVaultFile, readVaultFile, settingsAad, VAULT_FILE, VAULT_KEY_AAD, writeVaultFile, type VaultFile } from './vault-file';
import { decodeBase64Strict } from './strict-base64';
import { CASE_KEY_FILE, caseKeyAad } from './case-key-file';
import { deletedMessage, emptyManifest, ManifestFile, manifestProblem, unusableManifest, withManifestLock, type Manifest } from './vault-manifest';
import { readPublishNotes } from './publish-note';
import { publishCase, publishCases, stageCase, type StagedCase } from './case-staging';
import type { VaultHandle } from './vault-handle';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import { DEFAULT_SETTINGS, type VaultSettings } from './vault-settings';

export { VAULT_FILE } from './vault-file';
export type { StagedCase } from './case-staging';
export { STAGED_GRACE_MS } from './staged-sweep';

export type { VaultSettings } from './vault-settings';

export interface VaultOpenOptions {
  /** Where failures the vault gets past (a leftover it could not remove) are recorded. */
  diagnostics?: Diagnostics;
}

export interface VaultCreateOptions extends VaultOpenOptions {
  /** Test-only: a cheaper scrypt cost than the OWASP minimum, to keep suites fast. */
  kdfN?: number;
}

export { isCaseId };

/**
 * An unlocked vault: the vault key in memory, the per-case data keys it unwraps,
 * and the folder layout:
 *
 *   vault.json                    format, KDF parameters, wrapped vault key, sealed settings
 *   manifest.cbm                  every case's record count and last tag, sealed with the vault key
 *   cases/<id>/key.json           the case's data key, wrapped by the vault key
 *   cases/<id>/journal.cbj        the case's append-only encrypted journal
 *   cases/<id>/writer.lock        present while a process has the case open for writing
 */
export class Vault implements VaultHandle {
  private caseKeys = new Map<string, Buffer>();
  private locked = false;
  readonly manifest: ManifestFile;
  /** Things the unlock did that the user should hear of once (the manifest adopted, cases added to it). */
  readonly notices: string[] = [];

  private constructor(
    readonly dir: string,
    private file: VaultFile,
    private vaultKey: Buffer,
    private currentSettings: VaultSettings,
    readonly diagnostics: Diagnostics,
  ) {
    this.manifest = new ManifestFile(dir, file.vaultId, () => this.key(), diagnostics);
  }

  static async exists(dir: string): Promise<boolean> {
    try {
      await fs.access(path.join(dir, VAULT_FILE));
      return true;
    } catch {
      return false;
    }
  }

  static async create(dir: string, passphrase: string, options: VaultCreateOptions = {}): Promise<Vault> {
    if (await Vault.exists(dir)) throw new CasebookError('vault-exists', `a vault already exists in ${dir}`);
    await fs.mkdir(path.join(dir, 'cases'), { recursive: true, mode: 0o700 });
    const { params, key: passKey } = await chooseParamsAndDerive(passphrase, options.kdfN ?? OWASP_MIN_N);
    const vaultKey = randomBytes(KEY_BYTES);
    const fields = { vaultId: randomUUID(), keyId: randomUUID(), createdAt: new Date().toISOString() };
    const file = newVaultFile({
      ...fields,
      kdf: params,
      wrappedKey: seal(passKey, vaultKey, VAULT_KEY_AAD).toString('base64'),
      settings: seal(vaultKey, Buffer.from(JSON.stringify(DEFAULT_SETTINGS)), settingsAad({ version: 2, ...fields })).toString('base64'),
    });
    passKey.fill(0);
    const vault = new Vault(dir, file, vaultKey, { ...DEFAULT_SETTINGS }, options.diagnostics ?? NO_DIAGNOSTICS);
    // The manifest first: a vault.json of version 2 says a manifest exists.
    await withManifestLock(dir, () => vault.manifest.write(emptyManifest(file.vaultId, false)));
    await fsyncDir(dir);
    await writeVaultFile(dir, file);
    return vault;
  }

  static async unlock(dir: string, passphrase: string, options: VaultOpenOptions = {}): Promise<Vault> {
    const file = await readVaultFile(dir);
    const passKey = await deriveKey(passphrase, file.kdf);
    const vaultKey = openSealed(passKey, file.wrappedBytes, VAULT_KEY_AAD);
    passKey.fill(0);
    if (!vaultKey) throw new CasebookError('wrong-passphrase', 'wrong passphrase for this vault');
    const settingsPlain = openSealed(vaultKey, file.settingsBytes, settingsAad(file));
    if (!settingsPlain) throw new CasebookError('corrupt', `${path.join(dir, VAULT_FILE)}: field "settings" failed authentication`);
    const settings = { ...DEFAULT_SETTINGS, ...(JSON.parse(settingsPlain.toString('utf8')) as Partial<VaultSettings>) };
    const vault = new Vault(dir, file, vaultKey, settings, options.diagnostics ?? NO_DIAGNOSTICS);
    await startManifest(vault);
    return vault;
  }

  get kdf(): KdfParams {
    return this.file.kdf;
  }

  get vaultFile(): VaultFile {
    return this.file;
  }

  get settings(): VaultSettings {
    return { ...this.currentSettings };
  }

  get casesDir(): string {
    return path.join(this.dir, 'cases');
  }

  caseDir(caseId: string): string {
    return path.join(this.casesDir, caseId);
  }

  /** The vault key; for this folder's own modules (manifest, key rotation). */
  key(): Buffer {
    if (this.locked) throw new CasebookError('vault-locked', 'the vault is locked');
    return this.vaultKey;
  }

  /**
   * Refuses to write with keys another process has since rotated: what this
   * process sealed with the old vault key would be unreadable after it.
   */
  async assertKeyCurrent(): Promise<Awaited<ReturnType<typeof readVaultFile>>> {
    const onDisk = await readVaultFile(this.dir);
    if (onDisk.keyId !== this.file.keyId) {
      throw new CasebookError(
        'vault-locked',
        `the vault's keys were rotated by another process (${onDisk.rotatedAt ?? 'just now'}); lock the vault and unlock it again`,
      );
    }
    return onDisk;
  }

  /** Moves to version 2 (or to new keys, at a rotation): the settings sealed again for the new file. */
  async replaceVaultFile(next: VaultFile, key: Buffer = this.key()): Promise<void> {
    const file = { ...next, settings: seal(key, Buffer.from(JSON.stringify(this.currentSettings)), settingsAad(next)).toString('base64') };
    await writeVaultFile(this.dir, file);
    this.file = file;
  }

  /**
   * Moves vault.json to version 2 (it keeps a manifest), under the manifest lock. Another process
   * may have done it since this one read the file: then its key id is taken, not replaced (which
   * would make that process's writes look like a stale key's), once its settings prove the same vault key.
   */
  async upgradeToVersion2(): Promise<void> {
    const onDisk = await readVaultFile(this.dir);
    if (onDisk.version === 1) return this.replaceVaultFile({ ...onDisk, version: 2, keyId: randomUUID() });
    if (!openSealed(this.key(), onDisk.settingsBytes, settingsAad(onDisk))) {
      throw new CasebookError('vault-locked', 'the vault changed keys while it was being unlocked; unlock it again');
    }
    this.file = onDisk;
  }

  /** Rewraps the vault key under a new passphrase; case keys and journals are untouched. */
  async changePassphrase(current: string, next: string): Promise<void> {
    await withManifestLock(this.dir, async () => {
      const onDisk = await this.assertKeyCurrent();
      const currentKey = await deriveKey(current, onDisk.kdf);
      const check = openSealed(currentKey, onDisk.wrappedBytes, VAULT_KEY_AAD);
      currentKey.fill(0);
      if (!check || !check.equals(this.key())) throw new CasebookError('wrong-passphrase', 'the current passphrase is wrong');
      const { params, key: nextKey } = await chooseParamsAndDerive(next, Math.min(onDisk.kdf.N, OWASP_MIN_N));
      const file: VaultFile = { ...onDisk, kdf: params, wrappedKey: seal(nextKey, this.key(), VAULT_KEY_AAD).toString('base64') };
      nextKey.fill(0);
      await writeVaultFile(this.dir, file);
      this.file = file;
    });
  }

  async saveSettings(patch: Partial<VaultSettings>): Promise<VaultSettings> {
    const settings = { ...this.currentSettings, ...patch };
    const plain = Buffer.from(JSON.stringify(settings));
    // Held to a journal record's limit: settings are read whole at every unlock, and saved mappings are the user's to grow.
    if (plain.length > MAX_RECORD_BYTES) {
      throw new CasebookError(
        'invalid-input',
        `the vault's settings would be ${(plain.length / 2 ** 20).toFixed(1)} MiB, over the limit of ${(MAX_RECORD_BYTES / 2 ** 20).toFixed(1)} MiB; nothing was saved`,
      );
    }
    await withManifestLock(this.dir, async () => {
      const onDisk = await this.assertKeyCurrent();
      const file: VaultFile = { ...onDisk, settings: seal(this.key(), plain, settingsAad(onDisk)).toString('base64') };
      await writeVaultFile(this.dir, file);
      this.file = file;
    });
    this.currentSettings = settings;
    return this.settings;
  }

  async listCaseIds(): Promise<string[]> {
    const names = await fs.readdir(this.casesDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    // Half-made cases live in dot-folders until their rename; they are not cases yet.
    // Nor are those of a publish of several still under way (publish-note.ts): all of them appear at once.
    const publishing = new Set((await readPublishNotes(this.casesDir, names)).flatMap((n) => n.caseIds));
    return names.filter((name) => isCaseId(name) && !publishing.has(name)).sort();
  }

  /** Cases the manifest lists whose folder is gone, each with what to tell the user. */
  async missingCases(): Promise<{ caseId: string; message: string }[]> {
    const manifest = await this.manifest.read();
    if (typeof manifest === 'string') return [];
    const present = new Set(await this.listCaseIds());
    return Object.entries(manifest.cases)
      .filter(([id]) => !present.has(id))
      .map(([caseId, entry]) => ({ caseId, message: deletedMessage(caseId, entry.records, entry.at) }));
  }

  /** What the manifest says is wrong with a case whose verified journal has these tags; null when nothing. */
  async caseProblem(caseId: string, tags: readonly Buffer[]): Promise<string | null> {
    const manifest = await this.manifest.read();
    if (typeof manifest === 'string') return unusableManifest(manifest);
    return manifestProblem(manifest.cases[caseId], tags);
  }

  /**
   * Tells the manifest a case's journal now holds `records` records ending with `head`.
   * Entries only move forward: a lagging update (or a reader's) never shortens one.
   */
  async recordCase(caseId: string, records: number, head: Buffer | null): Promise<void> {
    if (records < 1 || !head) return;
    await withManifestLock(this.dir, async () => {
      await this.assertKeyCurrent();
      const manifest = await this.usableManifest();
      const known = manifest.cases[caseId];
      if (known && known.records >= records) return;
      await this.manifest.write({ ...manifest, cases: { ...manifest.cases, [caseId]: { records, head: head.toString('hex'), at: new Date().toISOString() } } });
    });
  }

  /** The manifest, or an error saying why it cannot be used; call it holding the manifest lock. */
  async usableManifest(): Promise<Manifest> {
    const manifest = await this.manifest.read();
    if (typeof manifest === 'string') throw new CasebookError('corrupt', `${unusableManifest(manifest)}; nothing was written`);
    return manifest;
  }

  async caseKey(caseId: string): Promise<Buffer> {
    const known = this.caseKeys.get(caseId);
    if (known) return known;
    const file = path.join(this.caseDir(caseId), CASE_KEY_FILE);
    let wrapped: Buffer;
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { wrappedKey?: unknown };
      wrapped = decodeBase64Strict(parsed.wrappedKey, 'field "wrappedKey"');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CasebookError('case-not-found', `no case ${caseId} in this vault`);
      throw new CasebookError('corrupt', `${file}: ${(err as Error).message}`);
    }
    const key = openSealed(this.key(), wrapped, caseKeyAad(caseId));
    if (!key) throw new CasebookError('corrupt', `${file}: the case key failed authentication (wrong vault or damaged)`);
    this.caseKeys.set(caseId, key);
    return key;
  }

  /** Forgets unwrapped case keys (after a rotation replaced them). */
  forgetCaseKeys(): void {
    for (const key of this.caseKeys.values()) key.fill(0);
    this.caseKeys.clear();
  }

  /** Takes the keys a rotation made; the old ones are wiped. */
  adoptKeys(file: VaultFile, vaultKey: Buffer): void {
    this.forgetCaseKeys();
    this.vaultKey.fill(0);
    this.vaultKey = vaultKey;
    this.file = file;
  }

  /**
   * Creates a case with its own random data key. The folder, with the key and a
   * journal already holding the case's first record, is built under a dot-name
   * and renamed into place, so a crash never leaves half a case: before the
   * rename there is no case, after it there is a whole one.
   * Returns the case's journal open for writing (locked), holding that record.
   */
  async createCase(first: JournalEntry, caseId: string = randomUUID()): Promise<CaseJournal> {
    const staged = await this.stageCase(first, caseId);
    await this.publishCase(staged);
    return this.openCase(caseId, 'write');
  }

  /** Builds a case under its dot-name without publishing it (case-staging.ts); its journal is open for writing. */
  stageCase(first: JournalEntry, caseId: string = randomUUID()): Promise<StagedCase> {
    return stageCase(this, first, caseId, this.diagnostics);
  }

  /** Makes a staged case a case: one rename, then its manifest entry. */
  publishCase(staged: StagedCase): Promise<void> {
    return publishCase(this, staged);
  }

  /** Publishes staged cases all or none. */
  publishCases(staged: readonly StagedCase[]): Promise<void> {
    return publishCases(this, staged, this.diagnostics);
  }

  rememberCaseKey(caseId: string, key: Buffer): void {
    this.caseKeys.set(caseId, key);
  }

  async discardStaged(staged: StagedCase): Promise<void> {
    await staged.journal.close();
    await fs.rm(staged.dir, { recursive: true, force: true });
    this.caseKeys.delete(staged.caseId);
  }

  /** Removes staged cases left by a crash (see sweepStagedCases). */
  sweepStaged(): Promise<string[]> {
    return sweepStagedCases(this.casesDir, this.diagnostics);
  }

  /**
   * Checks a case's whole chain from disk without opening it, and against the
   * vault manifest; damage is reported, not thrown. A case the manifest lists
   * whose folder is gone is reported as deleted.
   */
  async verifyCase(caseId: string): Promise<ChainVerification> {
    const dir = this.caseDir(caseId);
    const bytes = await fs.readFile(path.join(dir, JOURNAL_FILE)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!bytes) {
      const missing = (await this.missingCases()).find((m) => m.caseId === caseId);
      if (!missing) throw new CasebookError('case-not-found', `no case ${caseId} in this vault`);
      return {
        caseId,
        ok: false,
        records: 0,
        head: null,
        tornTail: null,
        problems: [{ offset: 0, seq: 0, reason: missing.message }],
        checkedAt: new Date().toISOString(),
      };
    }
    const key = await this.caseKey(caseId);
    const scan = withHead(scanJournal(key, caseId, bytes), await readHead(dir, caseId, key));
    return verificationOf(caseId, await withGuard(scan, (tags) => this.caseProblem(caseId, tags)));
  }

  /**
   * Opens a case's journal. A journal the manifest says was rolled back,
   * replaced or cannot be checked is refused, reading or writing: shown, it
   * would pass an old state for the current one (a resolved case back to new);
   * written to, it would chain new records onto the old history. Its files are
   * left as they are for examination; verifyCase reports what is wrong.
   */
  async openCase(caseId: string, mode: JournalMode): Promise<CaseJournal> {
    const key = await this.caseKey(caseId);
    const guard = async (tags: readonly Buffer[]) => {
      // Held under the case lock: a rotation (which takes every case lock) cannot start before this writer is done.
      if (mode === 'write') await this.assertKeyCurrent();
      return this.caseProblem(caseId, tags);
    };
    return CaseJournal.open(this.caseDir(caseId), caseId, key, mode, undefined, guard, this.diagnostics);
  }

  /** Wipes every key from memory. The object is unusable afterwards. */
  lock(): void {
    this.locked = true;
    this.vaultKey.fill(0);
    for (const key of this.caseKeys.values()) key.fill(0);
    this.caseKeys.clear();
  }
}
