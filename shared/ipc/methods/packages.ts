import { z } from 'zod';
import type { ExaminerIdentity, KnownExaminer, PackageExportResult, PackageImportResult, PackageVerification, VaultBackupResult } from '../../domain/packages';
import { packageSelectionSchema } from '../../domain/packages';
import { caseId, method, none, returns } from '../method';

/**
 * Case packages, the examiner identity and vault backups (core/packages).
 * Paths are the CLI's and the tests'; the window reaches these through the
 * shell's file dialogs.
 */

const filePath = z.string().min(1, 'a file path is required').max(4096);
const packagePassphrase = z.string().min(1, 'the package passphrase is empty').max(1024);
/** Whom a package is encrypted to: age recipients (age1…), or a passphrase. */
const encryptTo = z.union([
  z.object({ recipients: z.array(z.string().regex(/^age1[0-9a-z]+$/, 'not an age recipient (age1…)')).min(1) }).strict(),
  z.object({ passphrase: packagePassphrase }).strict(),
]);
/** What opens a package: the text of an age identity file, a passphrase, or (neither) this vault's own identity. */
const openWith = {
  identity: z.string().max(100_000).optional(),
  passphrase: packagePassphrase.optional(),
};

export const packagesMethods = {
  'identity.show': method(none, returns<{ identity: ExaminerIdentity; known: KnownExaminer[] }>()),
  /** The public keys as a text file (age recipient, Ed25519 signing key, fingerprints). */
  'identity.export': method(none, returns<{ text: string; identity: ExaminerIdentity }>()),
  /** Remembers another examiner's public keys (the text identity.export gave them). */
  'identity.trust': method(z.object({ text: z.string().max(100_000), name: z.string().min(1).max(200).optional() }).strict(), returns<KnownExaminer>()),
  /** The same, read from a public-keys file the user picked (from the page: a files.choose token). */
  'identity.trustFile': method(z.object({ file: filePath, name: z.string().min(1).max(200).optional() }).strict(), returns<KnownExaminer>()),
  /** Forgets a known examiner, by its signing key's fingerprint; the examiners still known. */
  'identity.untrust': method(z.object({ signingFingerprint: z.string().min(1).max(200) }).strict(), returns<{ removed: boolean; known: KnownExaminer[] }>()),
  /** Writes the public keys (identity.export's text) to `out` (from the page: a files.save token). */
  'identity.save': method(z.object({ out: filePath }).strict(), returns<{ name: string; bytes: number }>()),
  'packages.export': method(
    z
      .object({
        taskId: z.string().min(1).max(100),
        caseId,
        out: filePath,
        to: encryptTo,
        sign: z.boolean().default(false),
        selection: packageSelectionSchema.nullable().default(null),
        redact: z.array(z.string().min(1).max(200)).max(100).default([]),
      })
      .strict(),
    returns<PackageExportResult>(),
  ),
  'packages.cancel': method(z.object({ taskId: z.string().min(1) }).strict(), returns<{ cancelled: boolean }>()),
  'packages.verify': method(z.object({ file: filePath, ...openWith }).strict(), returns<PackageVerification>()),
  'packages.import': method(
    z
      .object({
        file: filePath,
        ...openWith,
        /** What to do when the vault holds the case already: 'ask' answers outcome 'duplicate' and writes nothing. */
        duplicate: z.enum(['ask', 'keep-both', 'skip']).default('ask'),
      })
      .strict(),
    returns<{ result: PackageImportResult; verification: PackageVerification }>(),
  ),
  /** The whole vault; with a taskId, progress as task.progress (files and bytes) and backup.cancel stops it leaving no file. */
  'backup.create': method(z.object({ out: filePath, to: encryptTo, taskId: z.string().min(1).max(100).optional() }).strict(), returns<VaultBackupResult>()),
  'backup.cancel': method(z.object({ taskId: z.string().min(1) }).strict(), returns<{ cancelled: boolean }>()),
  /**
   * Restores a backup into `out`, a folder that must be empty or absent (from the page: a files.save
   * token of a folder); without `out`, into the engine's own vault folder, with no vault unlocked.
   * Neither identity nor passphrase: the unlocked vault's own examiner key.
   */
  'backup.restore': method(z.object({ file: filePath, out: filePath.optional(), ...openWith }).strict(), returns<VaultBackupResult>()),
  /**
   * Opens the vault in `folder` (from the page: the files.save folder token a restore wrote into)
   * in place of this one, which is locked first. Answered by the app shell, which restarts the
   * engine on that folder; the CLI names its vault with --vault instead.
   */
  'vault.openFolder': method(z.object({ folder: z.string().min(1).max(4096) }).strict(), returns<{ opened: string }>()),
} as const;
