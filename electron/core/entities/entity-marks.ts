import type { FieldChange } from '../../../shared/domain/audit';
import type { EntityVerdict, SetBy } from '../../../shared/domain/entities';

/**
 * What an analyst sets on entities (a verdict, tags) is a journal record, so
 * it is audited like every other change; the entity store merges these over
 * what the sources said.
 */
export const ENTITY_SET = 'entity.set';

export interface EntitySetData {
  ids: string[];
  /** Absent: unchanged; null: the analyst's verdict cleared. */
  verdict?: EntityVerdict | null;
  addTags: string[];
  removeTags: string[];
}

/** How the audit trail shows an entity.set record. */
export function entitySetChanges(data: EntitySetData): FieldChange[] {
  const which = data.ids.length === 1 ? data.ids[0]! : `${data.ids.length} entities`;
  const changes: FieldChange[] = [];
  if (data.verdict !== undefined) changes.push({ field: `verdict of ${which}`, from: null, to: data.verdict });
  if (data.addTags.length) changes.push({ field: `tags of ${which}`, from: null, to: `+${data.addTags.join(', +')}` });
  if (data.removeTags.length) changes.push({ field: `tags of ${which}`, from: null, to: `-${data.removeTags.join(', -')}` });
  return changes;
}

/** The analyst's marks on one entity, replayed from the journal. */
export interface EntityMarks {
  verdict?: { value: EntityVerdict | null } & SetBy;
  tags: Set<string>;
  tagsSetBy: SetBy | null;
}

/** Applies one entity.set record to the marks of its entities (`marksOf` makes them when first needed). */
export function applyEntitySet(data: EntitySetData, by: SetBy, marksOf: (id: string) => EntityMarks | null): void {
  for (const id of data.ids) {
    const marks = marksOf(id);
    if (!marks) continue;
    if (data.verdict !== undefined) marks.verdict = { value: data.verdict, ...by };
    if (data.addTags.length || data.removeTags.length) {
      for (const tag of data.addTags) marks.tags.add(tag);
      for (const tag of data.removeTags) marks.tags.delete(tag);
      marks.tagsSetBy = by;
    }
  }
}
