import type { AlertRow } from '../../../shared/domain/entities';
import { SEVERITIES } from '../../../shared/domain/case';

export type AlertSortKey = 'severity' | 'status' | 'title' | 'category' | 'detectionSource' | 'firstActivity' | 'lastActivity' | 'entityCount';

const rank = (a: AlertRow) => SEVERITIES.indexOf(a.severity);

/** Alerts in the order of one column; ties by first activity, latest first. */
export function sortAlerts(rows: readonly AlertRow[], key: AlertSortKey, order: 'asc' | 'desc'): AlertRow[] {
  const value = (a: AlertRow): string | number =>
    key === 'severity' ? rank(a) : key === 'entityCount' ? a.entityCount : (a[key] ?? '').toString().toLowerCase();
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -sign : x > y ? sign : 0) || (b.firstActivity ?? '').localeCompare(a.firstActivity ?? '');
  });
}
