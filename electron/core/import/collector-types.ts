import type { ColumnMapping } from '../../../shared/domain/import';
import type { CaseGroups } from './case-groups';
import type { EventWriters } from './event-writers';
import type { FileReader } from './file-source';
import type { ProblemLog } from './problem-log';
import type { TallyMerge } from './tally-merge';

// The file a Collector reads and the stages it drives: types only, so that collector-stages.ts,
// which builds the stages, and the tail thread need not import the collector for them.

/** The file being imported, as its importer sees it. */
export interface ImportedFile {
  /** Its name: the source of its records, and how messages name it. */
  name: string;
  size: number;
  timezone: string;
  mapping: ColumnMapping | null;
}

/** The stages records go through (collector-stages.ts builds them for each kind of import). */
export interface CollectorStages {
  reader: FileReader;
  problems: ProblemLog;
  cases: CaseGroups;
  events: EventWriters;
  tallies: TallyMerge;
}
