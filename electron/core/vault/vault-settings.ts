import type { ExaminerSettings } from '../../../shared/domain/packages';
import type { ColumnMapping } from '../../../shared/domain/import';
import type { ScopeSettings } from '../../../shared/domain/scope';

/** What the vault keeps sealed in vault.json besides its keys: the session's settings and what each area stores per vault. */
export interface VaultSettings extends ScopeSettings {
  autoLockMinutes: number;
  actor: string | null;
  /** Whoever proposed an action cannot approve it (actions.decide). */
  twoPersonRule: boolean;
  /** Column mappings for generic CSV/JSONL, saved by name to be reused (they may name internal fields, so they are sealed too). */
  mappings: Record<string, ColumnMapping>;
  examiner?: ExaminerSettings;
}

export const DEFAULT_SETTINGS: VaultSettings = { autoLockMinutes: 15, actor: null, twoPersonRule: false, mappings: {}, savedViews: {} };
