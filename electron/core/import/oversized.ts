import type { ImportCounts } from '../../../shared/domain/import';
import type { InvalidRecord } from '../importers/problems';
import type { IncidentInput, RecordPlace } from '../importers/types';
import type { Group } from './group';
import { jsonBytes, largestField, mib, RECORD_BUDGET } from './record-budget';

/**
 * Records too large for the case's journal. A field of 70 MB (an alert's
 * description, an incident's custom field) can never be journaled: the record
 * is an invalid record of the file, named by its position and its largest
 * field, so a strict import is refused and --skip-invalid leaves it out and
 * lists it. Found before anything is written.
 */

/** The invalid record for a record of `bytes` that cannot fit. */
export function tooLarge(kind: string, bytes: number, record: unknown, place: RecordPlace | undefined): InvalidRecord {
  const field = largestField(record);
  const path = [place?.path, field.path].filter(Boolean).join('.');
  return {
    position: place?.position ?? {},
    field: path || null,
    reason:
      `the ${kind} is ${mib(bytes)} as a journal record, over the limit of ${mib(RECORD_BUDGET)} for one record` +
      (field.path ? ` (this field alone is ${mib(field.bytes)})` : ''),
  };
}

/** An incident's size as its case's first record holds it (its fields and the rest of its object), or null when it fits. */
export function oversizedIncident(incident: IncidentInput, place: RecordPlace | undefined): InvalidRecord | null {
  const record = {
    fields: incident.fields,
    origin: { externalId: incident.externalId, createdAt: incident.createdAt ?? null, attributes: incident.attributes ?? {} },
  };
  const bytes = jsonBytes(record);
  if (bytes <= RECORD_BUDGET) return null;
  const invalid = tooLarge('incident', bytes, record, place);
  // Named as the file names it: the incident's own fields and the rest of its object are both its fields there.
  return { ...invalid, field: invalid.field?.replace(/^(fields|origin\.attributes|origin)\.?/, '') || null };
}

/**
 * A record with a single text field longer than a record may be (each
 * character is at least a byte), found without serializing it: the usual
 * hostile record, refused as it arrives so that nothing else of it (its
 * events) is imported. Others too large are found by refuseOversized.
 */
export function oversizedOnArrival(kind: string, record: Record<string, unknown>, place: RecordPlace | undefined): InvalidRecord | null {
  const long = (value: unknown) => typeof value === 'string' && value.length > RECORD_BUDGET;
  const attributes = record.attributes;
  const fits = !Object.values(record).some(long) && !(attributes !== null && typeof attributes === 'object' && Object.values(attributes).some(long));
  return fits ? null : tooLarge(kind, jsonBytes(record), record, place);
}

const LISTS = [
  ['alert', 'alerts'],
  ['entity', 'entities'],
  ['indicator', 'indicators'],
  ['action', 'actions'],
] as const;

/**
 * Measures every record an import collected, once its records are final (after
 * the collector's finish()). Records that cannot fit become invalid records and
 * leave their group (alerts stop naming a removed entity); the sizes of the
 * others are returned, to cut the journal batches by.
 */
export function refuseOversized(
  groups: Iterable<Group>,
  counts: ImportCounts,
  places: WeakMap<object, RecordPlace>,
  invalid: (record: InvalidRecord) => void,
): WeakMap<object, number> {
  const sizes = new WeakMap<object, number>();
  for (const g of groups) {
    const removed = new Set<string>();
    for (const [kind, list] of LISTS) {
      const records = g[list] as Map<string, object>;
      for (const [id, record] of records) {
        const bytes = jsonBytes(record);
        if (bytes <= RECORD_BUDGET) {
          sizes.set(record, bytes);
          continue;
        }
        records.delete(id);
        counts[list]--;
        if (kind === 'entity') removed.add(id);
        invalid(tooLarge(kind, bytes, record, places.get(record)));
      }
    }
    if (removed.size) for (const a of g.alerts.values()) a.entityIds = a.entityIds.filter((id) => !removed.has(id));
  }
  return sizes;
}
