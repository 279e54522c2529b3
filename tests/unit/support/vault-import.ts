import { Vault } from '../../../electron/core/vault/vault';
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
      cases.push({ state, counts: countsOf(state) });
    } finally {
      await journal.close();
    }
  }
  return { vault, report, cases };
}
