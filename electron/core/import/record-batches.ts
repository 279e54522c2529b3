import type { JournalRecord } from '../vault/journal-format';
import { IMPORT_RECORDS, type ImportRecordsData } from '../cases/case-state';
import type { Group } from './collector';
import { jsonBytes, packBatches } from './record-budget';

export type Entry = Omit<JournalRecord, 'seq'>;

/** Records per journal entry at most; fewer when they are large (record-budget.ts). */
const BATCH = 10_000;

/**
 * The group's records as import.records entries: at most BATCH records each,
 * and cut sooner where their measured sizes (`sizes`, from the collector's
 * refuseOversized) would make one entry too large for the journal. The
 * entities only its events name go to entity pages, not here (entity-pages.ts).
 */
export function recordBatches(caseId: string, actor: string, importId: string, group: Group, sizes: WeakMap<object, number>): Entry[] {
  // The group's records are the collector's own, used once: they take their case id in place (an import may bring 100,000 entities).
  const inCase = <T extends { caseId: string }>(records: Iterable<T>): T[] => {
    const list = [...records];
    for (const r of list) r.caseId = caseId;
    return list;
  };
  // Measured with an empty case id, which is now filled in.
  const sizeOf = (record: object) => (sizes.get(record) ?? jsonBytes(record)) + caseId.length;
  const lists: [keyof Omit<ImportRecordsData, 'importId' | 'eventEntities'>, object[]][] = [
    ['entities', inCase(group.entities.values())],
    ['alerts', inCase(group.alerts.values())],
    ['indicators', inCase(group.indicators.values())],
    ['actions', inCase(group.actions.values())],
  ];
  const at = new Date().toISOString();
  const batches: Entry[] = [];
  for (const [kind, items] of lists) {
    for (const batch of packBatches(items, sizeOf, BATCH)) {
      batches.push({ at, actor, type: IMPORT_RECORDS, data: { importId, [kind]: batch } as ImportRecordsData });
    }
  }
  return batches;
}
