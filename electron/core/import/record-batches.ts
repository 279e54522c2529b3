import type { JournalEntry } from '../cases/records/journal-record';
import { IMPORT_RECORDS, type ImportRecordsData } from '../cases/records/import-records';
import type { Group } from './group';
import { jsonBytes, packBatches } from './record-budget';

/** Records per journal entry at most; fewer when they are large (record-budget.ts). */
const BATCH = 10_000;

/**
 * The group's records as import.records entries: at most BATCH records each,
 * and cut sooner where their measured sizes (`sizes`, from the collector's
 * refuseOversized) would make one entry too large for the journal. The
 * entities only its events name go to entity pages, not here (entities/entity-pages.ts).
 */
export function recordBatches(caseId: string, actor: string, importId: string, group: Group, sizes: WeakMap<object, number>): JournalEntry[] {
  // The group's records are the collector's own, used once: they take their case id in place (an import may bring 100,000 entities).
  const inCase = <T extends { caseId: string }>(records: Iterable<T>): T[] => {
    const list = [...records];
    for (const r of list) r.caseId = caseId;
    return list;
  };
  // Measured with an empty case id, which is now filled in.
  const sizeOf = (record: object) => (sizes.get(record) ?? jsonBytes(record)) + caseId.length;
  const batchesOf = <T extends { caseId: string }>(records: Iterable<T>): T[][] => packBatches(inCase(records), sizeOf, BATCH);
  const at = new Date().toISOString();
  const entry = (data: ImportRecordsData): JournalEntry => ({ at, actor, type: IMPORT_RECORDS, data });
  return [
    ...batchesOf(group.entities.values()).map((entities) => entry({ importId, entities })),
    ...batchesOf(group.alerts.values()).map((alerts) => entry({ importId, alerts })),
    ...batchesOf(group.indicators.values()).map((indicators) => entry({ importId, indicators })),
    ...batchesOf(group.actions.values()).map((actions) => entry({ importId, actions })),
  ];
}
