import {
  CASE_FIELDS,
  DETERMINATIONS_BY_CLASSIFICATION,
  type CaseField,
  type CasePatch,
  type CaseRecord,
  type Classification,
} from '../../../shared/domain/case';

/**
 * The user's unsaved edits hold only the fields they touched; everything else
 * shows the stored record. So a save sends exactly what changed, and a
 * failed save loses nothing.
 */
export type Draft = CasePatch;

export function valueOf<F extends CaseField>(record: CaseRecord, draft: Draft, field: F): CaseRecord[F] {
  return (field in draft ? draft[field] : record[field]) as CaseRecord[F];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose edited value differs from the stored one. */
export function changedFields(record: CaseRecord, draft: Draft): CasePatch {
  const patch: Record<string, unknown> = {};
  for (const field of CASE_FIELDS) {
    if (field in draft && !same(draft[field], record[field])) patch[field] = draft[field];
  }
  return patch as CasePatch;
}

/** Sets a field; a new classification resets a determination it does not allow. */
export function edit(record: CaseRecord, draft: Draft, field: CaseField, value: unknown): Draft {
  const next: Draft = { ...draft, [field]: value };
  if (field === 'classification') {
    const allowed = DETERMINATIONS_BY_CLASSIFICATION[value as Classification];
    if (!allowed.includes(valueOf(record, next, 'determination'))) next.determination = 'unknown';
  }
  return next;
}
