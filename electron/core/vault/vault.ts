import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import type { KdfParams } from '../../../shared/domain/vault';
import type { ColumnMapping } from '../../../shared/domain/import';
import { open as openSealed, seal, KEY_BYTES } from './aead';
import { chooseParamsAndDerive, deriveKey, OWASP_MIN_N } from './kdf';
import { writeFileAtomic, fsyncDir } from '../fs/atomic-write';
import { CaseJournal, JOURNAL_FILE, LOCK_FILE, syncNewCaseDir, verificationOf, withHead, type JournalMode } from './case-journal';
import { readHead } from './journal-head';
import { CaseLock, lockState } from './case-lock';
import { MAX_RECORD_BYTES, scanJournal, type JournalRecord } from './journal-format';
import type { ChainVerification } from '../../../shared/domain/audit';
import { readPublishNotes, removePublishNote, writePublishNote } from './publish-note';

export const VAULT_FILE = 'vault.json';
const FORMAT = 'casebook-vault';
const VERSION = 1;
const CASE_KEY_FILE = 'key.json';
/** How long an unlocked staged case folder must be untouched before a sweep takes it for a crash's leftover. */
export const STAGED_GRACE_MS = 60_000;
const VAULT_KEY_AAD = Buffer.from('casebook/vault-key/v1');
const SETTINGS_AAD = Buffer.from('casebook/settings/v1');
const caseKeyAad = (caseId: string) => Buffer.from(`casebook/case-key/v1\0${caseId}`);

export interface VaultSettings {
  autoLockMinutes: number;
  actor: string | null;
  /** Column mappings for generic CSV/JSONL, saved by name to be reused (they may name internal fields, so they are sealed too). */
  mappings: Record<string, ColumnMapping>;
}

const DEFAULT_SETTINGS: VaultSettings = { autoLockMinutes: 15, actor: null, mappings: {} };

interface VaultFile {
  format: typeof FORMAT;
  version: number;
  vaultId: string;
  createdAt: string;
  kdf: KdfParams;
  /** base64 of the vault key sealed with the passphrase key. */
  wrappedKey: string;
  /** base64 of the settings sealed with the vault key (the analyst's name is not for everyone). */
  settings: string;
}

/** A case being built (by an import) under its dot-name, invisible until published. */
export interface StagedCase {
  caseId: string;
  dir: string;
  key: Buffer;
  journal: CaseJournal;
}

export interface VaultCreateOptions {
  /** Test-only: a cheaper scrypt cost than the OWASP minimum, to keep suites fast. */
  kdfN?: number;
}

const isCaseId = (name: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name);

async function readVaultFile(dir: string): Promise<VaultFile> {
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
  if (parsed.format !== FORMAT) throw new CasebookError('corrupt', `${file}: field "format" is not ${FORMAT}`);
  if (parsed.version !== VERSION) {
    throw new CasebookError('corrupt', `${file}: field "version" is ${parsed.version}; this Casebook reads version ${VERSION}`);
  }
  for (const field of ['vaultId', 'wrappedKey', 'settings'] as const) {
    if (typeof parsed[field] !== 'string') throw new CasebookError('corrupt', `${file}: field "${field}" is missing`);
  }
  if (parsed.kdf?.name !== 'scrypt' || !Number.isInteger(parsed.kdf.N) || typeof parsed.kdf.salt !== 'string') {
    throw new CasebookError('corrupt', `${file}: field "kdf" is not a scrypt parameter set`);
  }
  return parsed;
}

/**
 * An unlocked vault: the vault key in memory, the per-case data keys it unwraps,
 * and the folder layout:
 *
 *   vault.json                    format, KDF parameters, wrapped vault key, sealed settings
 *   cases/<id>/key.json           the case's data key, wrapped by the vault key
 *   cases/<id>/journal.cbj        the case's append-only encrypted journal
 *   cases/<id>/writer.lock        present while a process has the case open for writing
 */
export class Vault {
  private caseKeys = new Map<string, Buffer>();
  private locked = false;

  private constructor(
    readonly dir: string,
    private file: VaultFile,
    private vaultKey: Buffer,
    private currentSettings: VaultSettings,
  ) {}

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
    const file: VaultFile = {
      format: FORMAT,
      version: VERSION,
      vaultId: randomUUID(),
      createdAt: new Date().toISOString(),
      kdf: params,
      wrappedKey: seal(passKey, vaultKey, VAULT_KEY_AAD).toString('base64'),
      settings: seal(vaultKey, Buffer.from(JSON.stringify(DEFAULT_SETTINGS)), SETTINGS_AAD).toString('base64'),
    };
    passKey.fill(0);
    await fsyncDir(dir);
    await writeFileAtomic(path.join(dir, VAULT_FILE), JSON.stringify(file, null, 2) + '\n');
    return new Vault(dir, file, vaultKey, { ...DEFAULT_SETTINGS });
  }

  static async unlock(dir: string, passphrase: string): Promise<Vault> {
    const file = await readVaultFile(dir);
    const passKey = await deriveKey(passphrase, file.kdf);
    const vaultKey = openSealed(passKey, Buffer.from(file.wrappedKey, 'base64'), VAULT_KEY_AAD);
    passKey.fill(0);
    if (!vaultKey) throw new CasebookError('wrong-passphrase', 'wrong passphrase for this vault');
    const settingsPlain = openSealed(vaultKey, Buffer.from(file.settings, 'base64'), SETTINGS_AAD);
    if (!settingsPlain) throw new CasebookError('corrupt', `${path.join(dir, VAULT_FILE)}: field "settings" failed authentication`);
    const settings = { ...DEFAULT_SETTINGS, ...(JSON.parse(settingsPlain.toString('utf8')) as Partial<VaultSettings>) };
    return new Vault(dir, file, vaultKey, settings);
  }

  get kdf(): KdfParams {
    return this.file.kdf;
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

  private key(): Buffer {
    if (this.locked) throw new CasebookError('vault-locked', 'the vault is locked');
    return this.vaultKey;
  }

  /** Rewraps the vault key under a new passphrase; case keys and journals are untouched. */
  async changePassphrase(current: string, next: string): Promise<void> {
    const onDisk = await readVaultFile(this.dir);
    const currentKey = await deriveKey(current, onDisk.kdf);
    const check = openSealed(currentKey, Buffer.from(onDisk.wrappedKey, 'base64'), VAULT_KEY_AAD);
    currentKey.fill(0);
    if (!check || !check.equals(this.key())) throw new CasebookError('wrong-passphrase', 'the current passphrase is wrong');
    const { params, key: nextKey } = await chooseParamsAndDerive(next, Math.min(onDisk.kdf.N, OWASP_MIN_N));
    const file: VaultFile = { ...onDisk, kdf: params, wrappedKey: seal(nextKey, this.key(), VAULT_KEY_AAD).toString('base64') };
    nextKey.fill(0);
    await writeFileAtomic(path.join(this.dir, VAULT_FILE), JSON.stringify(file, null, 2) + '\n');
    this.file = file;
  }

  async saveSettings(patch: Partial<VaultSettings>): Promise<VaultSettings> {
    const settings = { ...this.currentSettings, ...patch };
    const plain = Buffer.from(JSON.stringify(settings));
    // Held to a journal record's limit: settings are read whole at every unlock, and saved mappings are the user's to grow.
    if (plain.length > MAX_RECORD_BYTES) {
      throw new CasebookError('invalid-input', `the vault's settings would be ${(plain.length / 2 ** 20).toFixed(1)} MiB, over the limit of ${(MAX_RECORD_BYTES / 2 ** 20).toFixed(1)} MiB; nothing was saved`);
    }
    const onDisk = await readVaultFile(this.dir);
    const file: VaultFile = { ...onDisk, settings: seal(this.key(), plain, SETTINGS_AAD).toString('base64') };
    await writeFileAtomic(path.join(this.dir, VAULT_FILE), JSON.stringify(file, null, 2) + '\n');
    this.file = file;
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

  private async caseKey(caseId: string): Promise<Buffer> {
    const known = this.caseKeys.get(caseId);
    if (known) return known;
    const file = path.join(this.caseDir(caseId), CASE_KEY_FILE);
    let wrapped: Buffer;
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { wrappedKey?: unknown };
      if (typeof parsed.wrappedKey !== 'string') throw new Error('field "wrappedKey" is missing');
      wrapped = Buffer.from(parsed.wrappedKey, 'base64');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CasebookError('case-not-found', `no case ${caseId} in this vault`);
      throw new CasebookError('corrupt', `${file}: ${(err as Error).message}`);
    }
    const key = openSealed(this.key(), wrapped, caseKeyAad(caseId));
    if (!key) throw new CasebookError('corrupt', `${file}: the case key failed authentication (wrong vault or damaged)`);
    this.caseKeys.set(caseId, key);
    return key;
  }

  /**
   * Creates a case with its own random data key. The folder, with the key and a
   * journal already holding the case's first record, is built under a dot-name
   * and renamed into place, so a crash never leaves half a case: before the
   * rename there is no case, after it there is a whole one.
   * Returns the case's journal open for writing (locked), holding that record.
   */
  async createCase(first: Omit<JournalRecord, 'seq'>, caseId: string = randomUUID()): Promise<CaseJournal> {
    const staged = await this.stageCase(first, caseId);
    await this.publishCase(staged);
    return this.openCase(caseId, 'write');
  }

  /**
   * Builds a case under its dot-name without publishing it: an import that
   * creates cases fills them there and publishes them only once it succeeded.
   * The staged journal is open for writing.
   */
  async stageCase(first: Omit<JournalRecord, 'seq'>, caseId: string = randomUUID()): Promise<StagedCase> {
    const key = randomBytes(KEY_BYTES);
    const dir = path.join(this.casesDir, `.${caseId}.new`);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Locked from the start, so a sweep in another process (sweepStaged) can tell it is being built.
    const lock = await CaseLock.acquire(path.join(dir, LOCK_FILE), caseId);
    try {
      const wrapped = seal(this.key(), key, caseKeyAad(caseId)).toString('base64');
      await writeFileAtomic(path.join(dir, CASE_KEY_FILE), JSON.stringify({ caseId, wrappedKey: wrapped }) + '\n');
      await CaseJournal.create(dir, caseId, key, first);
      await syncNewCaseDir(dir);
      this.caseKeys.set(caseId, key);
      return { caseId, dir, key, journal: await CaseJournal.open(dir, caseId, key, 'write', lock) };
    } catch (err) {
      // Never published: nothing of it is anyone else's (a first record too large to be read back ends here).
      await lock.release();
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
  }

  /** Makes a staged case a case: one rename. */
  async publishCase(staged: StagedCase): Promise<void> {
    await staged.journal.close();
    await fs.rename(staged.dir, this.caseDir(staged.caseId));
    await fsyncDir(this.casesDir);
  }

  /**
   * Publishes staged cases all or none (publish-note.ts). Their journals are
   * closed first, so a failure there publishes none; a rename that fails puts
   * back those already moved, and the caller discards them all.
   */
  async publishCases(staged: readonly StagedCase[]): Promise<void> {
    if (staged.length <= 1) {
      for (const s of staged) await this.publishCase(s);
      return;
    }
    for (const s of staged) await s.journal.close();
    const note = await writePublishNote(this.casesDir, staged.map((s) => s.caseId));
    const moved: StagedCase[] = [];
    try {
      for (const s of staged) {
        await fs.rename(s.dir, this.caseDir(s.caseId));
        moved.push(s);
      }
      await fsyncDir(this.casesDir);
    } catch (err) {
      for (const s of moved.reverse()) await fs.rename(this.caseDir(s.caseId), s.dir).catch(() => undefined);
      await removePublishNote(note).catch(() => undefined);
      throw new CasebookError('internal', `could not publish ${staged.length} new cases together (${(err as Error).message}); none was published`);
    }
    await removePublishNote(note);
  }

  async discardStaged(staged: StagedCase): Promise<void> {
    await staged.journal.close();
    await fs.rm(staged.dir, { recursive: true, force: true });
    this.caseKeys.delete(staged.caseId);
  }

  /**
   * Removes staged cases left by a crash (their builder is gone). A builder
   * locks its staged folder from just after the mkdir to just before the
   * rename; a folder locked by a dead process is a leftover. One without a
   * readable lock may be another process in those two moments, so it is left
   * alone until untouched for STAGED_GRACE_MS. The sweep never takes the lock
   * itself: its lock file would travel with the folder if the builder
   * published it at that instant, locking the new case to this process.
   */
  async sweepStaged(): Promise<string[]> {
    let names = await fs.readdir(this.casesDir).catch(() => [] as string[]);
    const publishing = await this.finishPublishing(names);
    if (publishing.finished) names = await fs.readdir(this.casesDir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      if (/^\..+\.trash$/.test(name)) {
        // An earlier sweep's leftover: only sweeps make these.
        await fs.rm(path.join(this.casesDir, name), { recursive: true, force: true }).catch(() => undefined);
        continue;
      }
      const id = /^\.(.+)\.new$/.exec(name)?.[1];
      if (!id || !isCaseId(id) || publishing.inFlight.has(id)) continue;
      const dir = path.join(this.casesDir, name);
      const lock = await lockState(path.join(dir, LOCK_FILE));
      if (lock === 'held') continue;
      if (lock !== 'stale') {
        const stat = await fs.stat(dir).catch(() => null);
        if (!stat || Date.now() - stat.mtimeMs < STAGED_GRACE_MS) continue;
      }
      // Moved aside before deleting, so that should it be published at this instant after all,
      // one of the two renames fails and nothing is lost.
      const trash = `${dir}.${randomBytes(4).toString('hex')}.trash`;
      try {
        await fs.rename(dir, trash);
      } catch {
        continue;
      }
      await fs.rm(trash, { recursive: true, force: true });
      removed.push(id);
    }
    return removed;
  }

  /**
   * Finishes the publishes of several cases a crash interrupted: a note older
   * than STAGED_GRACE_MS (its writer is done or dead) gets its remaining
   * renames, then goes. The cases of a newer note are in flight: not swept.
   */
  private async finishPublishing(names: readonly string[]): Promise<{ finished: boolean; inFlight: Set<string> }> {
    const inFlight = new Set<string>();
    let finished = false;
    for (const note of await readPublishNotes(this.casesDir, names)) {
      if (Date.now() - note.mtimeMs < STAGED_GRACE_MS) {
        for (const id of note.caseIds) inFlight.add(id);
        continue;
      }
      for (const id of note.caseIds.filter(isCaseId)) {
        await fs.rename(path.join(this.casesDir, `.${id}.new`), this.caseDir(id)).catch(() => undefined);
      }
      await fsyncDir(this.casesDir);
      await removePublishNote(note.file);
      finished = true;
    }
    return { finished, inFlight };
  }

  /** Checks a case's whole chain from disk without opening it; damage is reported, not thrown. */
  async verifyCase(caseId: string): Promise<ChainVerification> {
    const key = await this.caseKey(caseId);
    const dir = this.caseDir(caseId);
    const bytes = await fs.readFile(path.join(dir, JOURNAL_FILE));
    return verificationOf(caseId, withHead(scanJournal(key, caseId, bytes), await readHead(dir, caseId, key)));
  }

  async openCase(caseId: string, mode: JournalMode): Promise<CaseJournal> {
    const key = await this.caseKey(caseId);
    return CaseJournal.open(this.caseDir(caseId), caseId, key, mode);
  }

  /** Wipes every key from memory. The object is unusable afterwards. */
  lock(): void {
    this.locked = true;
    this.vaultKey.fill(0);
    for (const key of this.caseKeys.values()) key.fill(0);
    this.caseKeys.clear();
  }
}
