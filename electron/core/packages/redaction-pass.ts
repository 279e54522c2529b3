import { CasebookError } from '../../../shared/ipc/errors';
import { IMPORT_COMMITTED } from '../cases/records/import-records';
import type { JournalRecord } from '../cases/records/journal-record';
import { readEntityPage } from '../entities/entity-pages';
import { entityLines } from './entity-lines';
import type { PackageFilter } from './package-filter';
import { runEvents } from './run-events';

export interface RedactionSource {
  records: readonly JournalRecord[];
  dir: string;
  key: Buffer;
  caseId: string;
  signal?: AbortSignal;
}

/**
 * The first of a redacted export's two passes: every redacted value the
 * package will hold is learned (records, then the events of the imports it
 * carries, run by run, then their entity pages) before anything is written,
 * so free text anywhere is searched for all of them. Memory holds one run's
 * events and the values learned. An export without redaction skips it.
 */
export async function learnRedactions(filter: PackageFilter, source: RedactionSource): Promise<void> {
  if (!filter.redacting) return;
  for (const r of source.records) filter.learnRecord(r);
  for (const r of source.records) {
    if (r.type !== IMPORT_COMMITTED || !filter.includesImport(r.data.importId)) continue;
    for (const run of r.data.runs) {
      if (source.signal?.aborted) throw new CasebookError('cancelled', 'the export was cancelled; no package was written');
      for (const event of await runEvents({ dir: source.dir, caseId: source.caseId, key: source.key }, run)) filter.learnEvent(event);
    }
    for (const ref of r.data.entityPages ?? []) {
      const page = await readEntityPage(source.dir, source.caseId, source.key, ref);
      for (const entity of entityLines(page.columns)) filter.learnFoundEntity(entity);
    }
  }
}
