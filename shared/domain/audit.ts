/** One change to one field, as the audit trail shows it: old → new. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** A journal entry as the renderer and the CLI see it (decrypted, verified). */
export interface AuditEntry {
  caseId: string;
  /** Position in the case's journal, from 1. */
  seq: number;
  /** ISO 8601 UTC time the engine wrote the entry. */
  at: string;
  actor: string;
  /** The command that made the entry, e.g. 'case.created', 'case.updated'. */
  type: string;
  changes: FieldChange[];
  /** Hex of the record's authentication tag, which the next record's associated data binds. */
  tag: string;
}

/** Result of checking a case's journal from the first record to the last. */
export interface ChainVerification {
  caseId: string;
  ok: boolean;
  records: number;
  /** Hex tag of the last good record: a fingerprint of the whole history. */
  head: string | null;
  /** A torn record at the end (a crash during a write) that was or would be dropped. */
  tornTail: { offset: number; bytes: number } | null;
  /** What failed and where; empty when ok. */
  problems: { offset: number; seq: number; reason: string }[];
  checkedAt: string;
}

/** Result of checking every case of a vault, and each against the vault manifest (vault.verify). */
export interface VaultVerification {
  ok: boolean;
  manifest: {
    state: 'ok' | 'missing' | 'damaged';
    /** Which copy of the manifest (it counts its writes); null when it cannot be read. */
    generation: number | null;
    /** When it began; `adopted` when it began from a vault that had none. */
    startedAt: string | null;
    adopted: boolean;
    updatedAt: string | null;
    /** Why it cannot be used, when it cannot. */
    message?: string;
    /** States accepted by hand despite it (vault.acceptState), oldest first. */
    accepted: { caseId: string | null; at: string; actor: string; what: string }[];
  };
  /** Every case in the folder or in the manifest; a deleted one has a problem saying so. */
  cases: ChainVerification[];
  /** Case folders the manifest does not list yet (a crash between creation and manifest entry); the next unlock adds them. */
  unlisted: string[];
  checkedAt: string;
}
