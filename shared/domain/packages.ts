import { z } from 'zod';

/**
 * Case packages (issue 15): one age-encrypted file holding a plain tar of the
 * case in open formats (manifest.json, journal.jsonl, events as Timesketch
 * JSONL, SHA256SUMS, optionally manifest.sig). See docs/architecture.md,
 * "Case packages".
 */

export const PACKAGE_FORMAT = 'casebook-package';
/** 2: evidence files and custody files (kinds 'evidence', 'custody'), free-text redaction, events' first source id. */
export const PACKAGE_FORMAT_VERSION = 2;

/** The vault's examiner identity, public half: an age key to receive packages, an Ed25519 key to sign them. */
export interface ExaminerIdentity {
  name: string;
  ageRecipient: string;
  /** SHA256:<base64> of the raw X25519 public key. */
  ageFingerprint: string;
  /** base64 of the raw Ed25519 public key. */
  signingKey: string;
  /** SHA256:<base64> of the raw Ed25519 public key. */
  signingFingerprint: string;
  createdAt: string;
}

/** What the vault's settings keep of the examiner identity (secret keys: the settings are sealed with the vault key). */
export interface ExaminerSettings {
  /** The age secret key (AGE-SECRET-KEY-1…) and the Ed25519 seed (base64). */
  identity?: { age: string; signing: string; createdAt: string };
  known?: KnownExaminer[];
}

/** Another examiner whose signing key this vault knows (added by `identity trust`). */
export interface KnownExaminer {
  name: string;
  signingKey: string;
  signingFingerprint: string;
  ageRecipient: string | null;
  addedAt: string;
}

/** What part of a case to export. Ids absent: every record of that kind. Times: ISO 8601, from inclusive, to exclusive. */
export const packageSelectionSchema = z
  .object({
    entities: z.array(z.string()).optional(),
    alerts: z.array(z.string()).optional(),
    evidence: z.array(z.string()).optional(),
    events: z
      .object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type PackageSelection = z.output<typeof packageSelectionSchema>;

/** One file in a package, as the manifest lists it. */
export interface PackagePart {
  name: string;
  /** evidence: one file of an ingested evidence item as it was ingested; custody: an item's record and custody chain (JSON). */
  kind: 'journal' | 'events' | 'entities' | 'evidence' | 'custody';
  bytes: number;
  sha256: string;
  /** events, entities: the import whose events (or entities found only in events) these are, and how many. */
  importId?: string;
  events?: number;
  entities?: number;
  /** entities: the file the import read, their source. */
  source?: string;
  /** events: the case's id of the file's first event (its run's ordinal × 2^20 + its index); the lines follow one by one. */
  firstEventId?: number;
  /** evidence, custody: the evidence item. */
  itemId?: string;
  /** evidence: the file's path in the item as it was ingested (the part's name escapes what a tar name cannot hold). */
  path?: string;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: number;
  kind: 'case';
  createdAt: string;
  createdBy: { actor: string; signingFingerprint: string | null };
  case: { id: string; title: string; revision: number };
  counts: { records: number; events: number; alerts: number; entities: number; indicators: number; actions: number; evidence: number };
  journal: {
    records: number;
    /** SHA-256 chain over the package's journal lines (each line's `chain`): the last value. */
    head: string | null;
    /** The case's own journal head (hex GCM tag of its last record) when the journal was exported whole. */
    caseHead: string | null;
  };
  selection: PackageSelection | null;
  redaction: PackageRedaction | null;
  parts: PackagePart[];
}

export interface PackageRedaction {
  fields: string[];
  /** How many distinct values of each field were replaced. */
  placeholders: Record<string, number>;
  /**
   * Whether the replaced values were also replaced wherever they occur in free text (messages, attributes,
   * notes, live-response output, custody notes, entity values, evidence paths). Evidence files' contents are
   * never changed (their hashes are the evidence): `evidenceContents` says they were carried as they are.
   */
  freeText?: boolean;
  evidenceContents?: 'unchanged' | 'none';
}

/** What a package carries or brought of the evidence: items, their files (ingested items only) and bytes. */
export interface PackageEvidenceCounts {
  items: number;
  files: number;
  bytes: number;
}

export interface PackageCheck {
  /** What was checked: 'decrypt', 'structure', 'manifest', 'hash journal.jsonl', 'SHA256SUMS', 'journal chain', 'signature'. */
  name: string;
  ok: boolean;
  detail: string;
}

export interface PackageSigner {
  fingerprint: string;
  /** base64 of the raw Ed25519 public key the signature names (what "Trust this key" remembers). */
  signingKey: string;
  /** The known examiner's name, or null for a key this vault does not know. */
  name: string | null;
  known: boolean;
  /** This vault's own key. */
  self: boolean;
}

export interface PackageVerification {
  ok: boolean;
  /** The first check that failed, named (null when all passed). */
  firstFailure: string | null;
  checks: PackageCheck[];
  manifest: PackageManifest | null;
  signer: PackageSigner | null;
  /** The package's size in bytes. */
  bytes: number;
}

export interface PackageExportResult {
  file: string;
  bytes: number;
  /** SHA-256 of the encrypted file, to note down beside it. */
  sha256: string;
  events: number;
  records: number;
  signed: boolean;
  evidence: PackageEvidenceCounts;
  manifest: PackageManifest;
}

export type DuplicateChoice = 'ask' | 'keep-both' | 'skip';

export interface PackageImportResult {
  /** 'duplicate': the case is in the vault already and no choice was given; nothing was written. */
  outcome: 'imported' | 'skipped' | 'duplicate';
  caseId: string | null;
  sourceCaseId: string;
  title: string;
  records: number;
  events: number;
  /** Evidence items brought, and the files re-sealed into this vault's blob store. */
  evidence?: PackageEvidenceCounts;
  signer: PackageSigner | null;
  /** Why the case counts as a duplicate (same case id, same journal head). */
  duplicateOf: { caseId: string; sameHead: boolean } | null;
}

export interface VaultBackupResult {
  file: string;
  bytes: number;
  sha256: string;
  files: number;
}
