import { CLASSIFICATIONS, label, SEVERITIES, STATUSES, type CaseRecord } from '../../../shared/domain/case';
import type { CaseListView, CaseSortColumn } from '../../shared/store';

/**
 * Filtering and sorting of the case list, done in memory: a vault holds
 * thousands of cases at most, and the read model already has them all.
 */

const rank = (values: readonly string[]) => (value: string) => values.indexOf(value);
const severityRank = rank(SEVERITIES);
const statusRank = rank(STATUSES);
const classificationRank = rank(CLASSIFICATIONS);
const text = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

const compareBy: Record<CaseSortColumn, (a: CaseRecord, b: CaseRecord) => number> = {
  title: (a, b) => text(a.title, b.title),
  // Vocabularies sort by their meaning (low < high), not alphabetically.
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  status: (a, b) => statusRank(a.status) - statusRank(b.status),
  classification: (a, b) => classificationRank(a.classification) - classificationRank(b.classification),
  // Unowned cases go last in ascending order, where they stand out least.
  owner: (a, b) => (a.owner === '' ? 1 : 0) - (b.owner === '' ? 1 : 0) || text(a.owner, b.owner),
  updatedAt: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
};

export function queryCases(cases: readonly CaseRecord[], view: CaseListView): CaseRecord[] {
  const search = view.search.trim().toLocaleLowerCase();
  const compare = compareBy[view.sort.column];
  const direction = view.sort.direction === 'asc' ? 1 : -1;
  return cases
    .filter(
      (c) =>
        (view.status === 'all' || c.status === view.status) &&
        (view.severity === 'all' || c.severity === view.severity) &&
        (search === '' || c.title.toLocaleLowerCase().includes(search)),
    )
    .sort((a, b) => direction * compare(a, b) || b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/** The direction a column starts in when first clicked: newest and most severe first. */
export function defaultDirection(column: CaseSortColumn): 'asc' | 'desc' {
  return column === 'updatedAt' || column === 'severity' ? 'desc' : 'asc';
}

export const classificationLabel = (value: string) => (value === 'unknown' ? '—' : label(value));
