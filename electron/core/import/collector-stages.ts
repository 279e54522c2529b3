import { CasebookError } from '../../../shared/ipc/errors';
import type { RunTarget } from '../timeline/run-files';
import { CaseGroups } from './case-groups';
import type { Group } from './group';
import type { CollectorStages, ImportedFile } from './collector-types';
import { EventWriters } from './event-writers';
import type { FileReader } from './file-source';
import { ProblemLog } from './problem-log';
import { RunPool } from './run-pool';
import { TallyMerge } from './tally-merge';

/**
 * The stages a Collector hands records to, built for each kind of reading of
 * a file: the three that write (a full import, an import into a chosen case,
 * a tail thread's part) differ only in where runs go and whether records may
 * make new cases; a preview (or a test) writes nothing.
 */

/** Where a writing import puts what it reads. */
export interface WritePlan {
  importId: string;
  /** All records go to one case (the chosen case, or the case a tail thread writes for). */
  oneCase: boolean;
  /** The case a group's runs go into; a new case is staged when its first run is written. */
  target: (group: Group) => Promise<RunTarget>;
  /** Where full runs are sorted, sealed and written: the engine's run worker, or this thread. */
  runs: RunPool;
  /** Bytes of runs the import may write per byte of the file (expansion.ts). */
  maxExpansion?: number;
}

export function writingStages(file: ImportedFile, reader: FileReader, plan: WritePlan): CollectorStages {
  const problems = new ProblemLog(file.name, file.timezone);
  const cases = new CaseGroups({ oneCase: plan.oneCase, source: file.name, importId: plan.importId }, problems);
  const tallies = new TallyMerge(cases.counts, file.name, problems);
  const events = new EventWriters(cases, plan.target, plan.runs, tallies, {
    importId: plan.importId,
    file: file.name,
    size: file.size,
    maxExpansion: plan.maxExpansion,
  });
  return { reader, problems, cases, events, tallies };
}

/**
 * Stages that write nothing (a preview, the importer tests): all records in
 * one group, events in small runs on this thread, their entities tallied
 * when the Collector's settleEntities() asks. A run that fills up is refused.
 */
export function readOnlyStages(file: ImportedFile, reader: FileReader): CollectorStages {
  const importId = 'preview';
  const problems = new ProblemLog(file.name, file.timezone);
  const cases = new CaseGroups({ oneCase: true, source: file.name, importId }, problems);
  const tallies = new TallyMerge(cases.counts, file.name, problems);
  const target = () => Promise.reject(new CasebookError('internal', `${file.name}: this reading of the file writes no timeline runs`));
  const events = new EventWriters(cases, target, new RunPool({ workerFile: null }), tallies, {
    importId,
    file: file.name,
    size: file.size,
    runCapacity: 1 << 16,
  });
  return { reader, problems, cases, events, tallies };
}
