import type { CaseJournal } from '../vault/case-journal';
import type { Vault } from '../vault/vault';

/**
 * How a service reaches the cases of the unlocked vault. Every service that
 * reads or writes a case goes through this, so the per-case mutex, the vault
 * manifest entry after a write and the closing of journals opened just for one
 * command are in one place (the engine's case registry).
 */
export interface CaseAccess {
  /** Runs fn on the case's journal: the open one, or one opened for reading just for fn. */
  withReadable<T>(caseId: string, fn: (journal: CaseJournal) => T): Promise<T>;
  /** Runs fn under the case's mutex on a journal open for writing; what fn appends is recorded in the vault manifest. */
  withWritable<T>(caseId: string, fn: (journal: CaseJournal) => Promise<T>): Promise<T>;
  /** Who is written into the journal as the actor. */
  actor(): string;
  /** The unlocked vault; throws vault-locked otherwise. */
  unlocked(): Vault;
}
