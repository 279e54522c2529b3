import type { CaseJournal, JournalMode } from './case-journal';
import type { Manifest, ManifestFile } from './vault-manifest';
import type { readVaultFile, VaultFile } from './vault-file';
import type { Diagnostics } from '../diagnostics/diagnostics';

/**
 * An unlocked vault as the vault folder's own modules see it (manifest start,
 * key rotation, case staging). `Vault` implements it; they take this rather than
 * the class, so vault.ts can call them without the two importing each other.
 */
export interface VaultHandle {
  readonly dir: string;
  readonly casesDir: string;
  readonly vaultFile: VaultFile;
  readonly manifest: ManifestFile;
  /** Things the unlock did that the user should hear of once. */
  readonly notices: string[];
  /** Where failures it gets past are recorded. */
  readonly diagnostics: Diagnostics;
  caseDir(caseId: string): string;
  /** The vault key; throws once the vault is locked. */
  key(): Buffer;
  caseKey(caseId: string): Promise<Buffer>;
  /** Keeps a case key this process made (a staged case's), so it need not be unwrapped again. */
  rememberCaseKey(caseId: string, key: Buffer): void;
  /** vault.json as on disk (with its sealed fields decoded), once its key id is checked to be this process's. */
  assertKeyCurrent(): Promise<Awaited<ReturnType<typeof readVaultFile>>>;
  replaceVaultFile(next: VaultFile, key?: Buffer): Promise<void>;
  upgradeToVersion2(): Promise<void>;
  adoptKeys(file: VaultFile, vaultKey: Buffer): void;
  listCaseIds(): Promise<string[]>;
  missingCases(): Promise<{ caseId: string; message: string }[]>;
  usableManifest(): Promise<Manifest>;
  openCase(caseId: string, mode: JournalMode): Promise<CaseJournal>;
}
