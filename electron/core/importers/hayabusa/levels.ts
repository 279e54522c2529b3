import type { Severity } from '../../../../shared/domain/case';

/**
 * Detection levels as Hayabusa writes them (abbreviated 'crit', 'med', 'info'
 * in its default profiles, full words in older ones and in Sigma rules), in any
 * case, onto the case severity vocabulary.
 */
const LEVELS: Record<string, Severity> = {
  crit: 'critical',
  critical: 'critical',
  emergency: 'critical',
  high: 'high',
  med: 'medium',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  info: 'informational',
  informational: 'informational',
  information: 'informational',
};

const RANK: Record<Severity, number> = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Rows at or above this level become alerts as well as events. */
export const ALERT_THRESHOLD: Severity = 'medium';

/** The severity of a level, or null when it is not one (the caller warns and picks a default). */
export function levelSeverity(raw: string): Severity | null {
  return LEVELS[raw.trim().toLowerCase()] ?? null;
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
