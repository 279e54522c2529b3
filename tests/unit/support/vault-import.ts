import { Vault } from '../../../electron/core/vault/vault';
import { readEntityPage } from '../../../electron/core/entities/entity-pages';
import { entityRecordsOf } from '../../../electron/core/cases/event-entity-table';
import { runImport, type ImportRequest } from '../../../electron/core/import/import-service';
import { replayState, countsOf, type CaseState } from '../../../electron/core/cases/case-state';
import type { CaseCounts } from '../../../shared/ipc/contract';
import type { ImportReport } from '../../../shared/domain/import';
import { RunPool } from '../../../electron/core/import/run-pool';
import { TEST_KDF } from './temp-dir';

/**
 * Runs the whole import pipeline (sniffing, importer, collector, journal,
 * timeline runs) into a fresh vault in `dir`, and replays each resulting case
 * from its journal: what a user would see after importing the file.
 */
export interface ImportedCase {
  state: CaseState;
  counts: CaseCounts;
  /** Every entity of the case, those in entity pages too, as "type key". */
  entityKeys: string[];
}

export async function importIntoNewVault(dir: string, request: ImportRequest): Promise<{ vault: Vault; report: ImportReport; cases: ImportedCase[] }> {
  const vault = await Vault.create(dir, 'test passphrase', { kdfN: TEST_KDF.N });
  const withWritable = async <T>(caseId: string, fn: (journal: Awaited<ReturnType<Vault['openCase']>>) => Promise<T>): Promise<T> => {
    const journal = await vault.openCase(caseId, 'write');
    try {
      return await fn(journal);
    } finally {
      await journal.close();
    }
  };
  const report = await runImport(
    { vault, actor: 'tester', withWritable, runs: new RunPool({ workerFile: null }) },
    request,
    () => undefined,
    new AbortController().signal,
  );
  const cases: ImportedCase[] = [];
  for (const id of report.caseIds) {
    const journal = await vault.openCase(id, 'read');
    try {
      const state = replayState(id, journal.records);
      // Every entity, those only events name too (in sealed pages beside the runs), as "type key".
      const entityKeys = [...state.entities.values()].map((e) => `${e.type} ${e.key}`);
      for (const ref of state.imports.flatMap((i) => i.entityPages ?? [])) {
        const page = await readEntityPage(journal.dir, id, journal.dataKey, ref);
        entityKeys.push(...entityRecordsOf(page.columns, page.source, id).map((e) => `${e.type} ${e.key}`));
      }
      cases.push({ state, counts: countsOf(state), entityKeys });
    } finally {
      await journal.close();
    }
  }
  return { vault, report, cases };
}
