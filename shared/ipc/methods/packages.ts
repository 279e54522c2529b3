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
  'backup.create': method(z.object({ out: filePath, to: encryptTo }).strict(), returns<VaultBackupResult>()),
  /** Restores a backup into the engine's vault folder, which must be empty or absent (no vault unlocked). */
  'backup.restore': method(z.object({ file: filePath, ...openWith }).strict(), returns<VaultBackupResult>()),
} as const;
