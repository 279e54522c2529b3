import type { FieldChange } from '../../../shared/domain/audit';
import type { EntityVerdict, SetBy } from '../../../shared/domain/entities';
import type { RemediationStatus } from '../../../shared/domain/actions';

import type { EntitySetData } from '../cases/records/entity-records';

export { ENTITY_SET, type EntitySetData } from '../cases/records/entity-records';

/** How the audit trail shows an entity.set record. */
export function entitySetChanges(data: EntitySetData): FieldChange[] {
  const which = data.ids.length === 1 ? data.ids[0]! : `${data.ids.length} entities`;
  const changes: FieldChange[] = [];
  if (data.verdict !== undefined) changes.push({ field: `verdict of ${which}`, from: null, to: data.verdict });
  if (data.addTags.length) changes.push({ field: `tags of ${which}`, from: null, to: `+${data.addTags.join(', +')}` });
  if (data.remediation !== undefined) changes.push({ field: `remediation of ${which}`, from: null, to: data.remediation });
  if (data.removeTags.length) changes.push({ field: `tags of ${which}`, from: null, to: `-${data.removeTags.join(', -')}` });
  return changes;
}

/** The analyst's marks on one entity, replayed from the journal. */
export interface EntityMarks {
  verdict?: { value: EntityVerdict | null } & SetBy;
  tags: Set<string>;
  tagsSetBy: SetBy | null;
  /** Set by hand (entity.set) or by an action's decision or outcome, whichever came last; null value: cleared by hand. */
  remediation?: { value: RemediationStatus | null; from: string } & SetBy;
}

/** Applies one entity.set record to the marks of its entities (`marksOf` makes them when first needed). */
export function applyEntitySet(data: EntitySetData, by: SetBy, marksOf: (id: string) => EntityMarks | null): void {
  for (const id of data.ids) {
    const marks = marksOf(id);
    if (!marks) continue;
    if (data.verdict !== undefined) marks.verdict = { value: data.verdict, ...by };
    if (data.remediation !== undefined) marks.remediation = { value: data.remediation, from: 'set by hand', ...by };
    if (data.addTags.length || data.removeTags.length) {
      for (const tag of data.addTags) marks.tags.add(tag);
      for (const tag of data.removeTags) marks.tags.delete(tag);
      marks.tagsSetBy = by;
    }
  }
}
