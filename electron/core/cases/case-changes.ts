import type { CaseChangeKind, CaseRevision } from '../../../shared/ipc/contract';
import type { EmitEvent } from '../engine-events';
import type { CaseJournal } from '../vault/case-journal';
import type { JournalRecord } from '../vault/journal-format';
import type { RunRef } from '../timeline/run-files';
import { CASE_CREATED, CASE_UPDATED } from './case-model';
import { countsOf, type ReplayCache } from './case-state';
import { IMPORT_COMMITTED, IMPORT_RECORDS, type ImportCommittedData } from './records/import-records';

/** One change to a case, as the engine's services hear of it. */
export interface CaseChange extends CaseRevision {
  changed: CaseChangeKind[];
  /** The journal records the change appended (empty for a case made whole elsewhere, like a new case of an import). */
  appended: readonly JournalRecord[];
  /** The timeline runs it committed, in commit order. */
  runs: readonly RunRef[];
}

type ChangeListener = (change: CaseChange) => void | Promise<void>;

/**
 * Where changes to cases are announced: first to the engine's services that
 * keep something of a case (the timeline store gets the new runs), then to the
 * renderer as the `case.changed` event. The case registry announces what
 * commands append; the import service the cases an import makes.
 */
export class CaseChanges {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly states: ReplayCache,
    private readonly emit: EmitEvent,
  ) {}

  /** fn hears of every change before the renderer does; the command that made it waits for fn. */
  listen(fn: ChangeListener): void {
    this.listeners.push(fn);
  }

  /** The case's revision and counts as its journal now stands. */
  revisionOf(journal: CaseJournal): CaseRevision {
    const state = this.states.stateOf(journal.caseId, journal.records);
    return { caseId: journal.caseId, revision: journal.lastSeq, counts: countsOf(state) };
  }

  /** Announces the records appended to the journal after seq `after`; the case's revision as it now stands. */
  async appended(journal: CaseJournal, after: number): Promise<CaseRevision> {
    const revision = this.revisionOf(journal);
    if (journal.lastSeq <= after) return revision;
    const appended = journal.records.filter((r) => r.seq > after);
    const runs = appended.flatMap((r) => (r.type === IMPORT_COMMITTED ? (r.data as ImportCommittedData).runs : []));
    await this.announce({ ...revision, changed: changeKinds(appended, runs.length > 0), appended, runs });
    return revision;
  }

  /** Announces a change the caller describes itself (a case an import made, committed outside the registry). */
  async announce(change: CaseChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
    const { caseId, revision, changed, counts } = change;
    this.emit('case.changed', { caseId, revision, changed, counts });
  }
}

/** What records of these kinds touch: the case's fields, its records, its timeline; every record is an audit entry. */
export function changeKinds(records: readonly JournalRecord[], timeline: boolean): CaseChangeKind[] {
  const kinds = new Set<CaseChangeKind>(['audit']);
  for (const r of records) {
    if (r.type === CASE_CREATED || r.type === CASE_UPDATED) kinds.add('case');
    // An import's records count once its commit is in the journal: a batch alone changes nothing yet.
    else if (r.type === IMPORT_RECORDS) continue;
    else kinds.add('records');
  }
  if (timeline) kinds.add('timeline');
  return [...kinds];
}
