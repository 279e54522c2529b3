import type { ImportFormat } from '../../../shared/domain/import';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { CaseCreate, CaseOrigin } from '../../../shared/domain/case';
import { CasebookError } from '../../../shared/ipc/errors';
import type { Vault, StagedCase } from '../vault/vault';
import type { CaseJournal } from '../vault/case-journal';
import { CASE_CREATED, initialFields } from '../cases/case-model';
import { IMPORT_COMMITTED, type ImportCommittedData } from '../cases/records/import-records';
import type { JournalEntry } from '../cases/records/journal-record';
import { describePosition, ImportProblem } from '../importers/problems';
import type { Group } from './group';
import type { Collector } from './collector';
import { jsonBytes, mib, RECORD_BUDGET } from './record-budget';
import { recordBatches } from './record-batches';
import { writeEntityPages } from '../entities/entity-pages';
import { settledElsewhere } from '../diagnostics/diagnostics';

/** Incidents of a file imported into a chosen case are listed in its evidence by id and title, each kept to this. */
const MAX_LISTED_CHARS = 300;
const clip = (text: string) => (text.length > MAX_LISTED_CHARS ? text.slice(0, MAX_LISTED_CHARS - 1) + '…' : text);

/**
 * The new cases an import makes (one per incident of the file, or the file's
 * own), staged when their first run or record is written: invisible until
 * publish(), removed by discard().
 */
export class CaseStager {
  private readonly staged = new Map<string, StagedCase>();

  constructor(
    private readonly vault: Vault,
    private readonly actor: string,
    /** The file's name and format, for the new cases' titles and origins. */
    private readonly file: { name: string; format: ImportFormat },
  ) {}

  async stagedFor(group: Group): Promise<StagedCase> {
    let s = this.staged.get(group.key);
    if (!s) {
      const incident = group.incident;
      const fields: CaseCreate = incident?.fields ?? { title: `Import of ${this.file.name}` };
      const origin: CaseOrigin | null = incident
        ? {
            format: this.file.format,
            file: this.file.name,
            externalId: incident.externalId,
            createdAt: incident.createdAt ?? null,
            attributes: incident.attributes ?? {},
          }
        : null;
      s = await this.vault.stageCase({ at: new Date().toISOString(), actor: this.actor, type: CASE_CREATED, data: { fields: initialFields(fields), origin } });
      this.staged.set(group.key, s);
    }
    return s;
  }

  /** Publishes every staged case, all or none (a failed publish puts back what it moved). */
  async publish(): Promise<void> {
    await this.vault.publishCases([...this.staged.values()]);
    this.staged.clear();
  }

  async discard(): Promise<void> {
    // A staged folder left behind is swept at the next unlock (staged-sweep.ts).
    for (const s of this.staged.values()) await this.vault.discardStaged(s).catch(settledElsewhere);
    this.staged.clear();
  }
}

/** What the commit needs to know of the import besides what the collector read. */
export interface CommitFacts {
  importId: string;
  actor: string;
  /** The file: its path, name, size, SHA-256 and format, and the zone its zoneless times were read in. */
  path: string;
  name: string;
  size: number;
  sha256: string;
  format: ImportFormat;
  timezone: string;
  signal: AbortSignal;
}

/**
 * The "commit" stage: each destination case gets the import's records in
 * batches and one final import.committed record (with its evidence and its
 * runs), all made and measured before anything is written to any of them.
 * Up to the commit records the import can still be cancelled. New cases are
 * published last. Returns the ids of the cases written.
 */
export async function commitImport(collector: Collector, facts: CommitFacts, into: CaseJournal | null, stager: CaseStager): Promise<string[]> {
  const writes: { journal: CaseJournal; batches: JournalEntry[]; commit: JournalEntry }[] = [];
  for (const group of collector.cases.destinations(into !== null)) {
    const journal = into ?? (await stager.stagedFor(group)).journal;
    const committed = commitRecord(collector, facts, group, journal.caseId, writes.length);
    const found = group.found.columns();
    if (found.ends.length && !committed.runs.length) throw new Error(`${facts.name}: entities were found in events but no run was written`);
    // Sealed and synced before the commit names them; a failure before the commit leaves pages the sweep removes with their runs.
    if (found.ends.length)
      committed.entityPages = await writeEntityPages(journal.dir, journal.caseId, journal.dataKey, committed.runs[0]!.name, facts.name, found);
    const commitBytes = jsonBytes(committed);
    if (commitBytes > RECORD_BUDGET) {
      throw new ImportProblem(
        `${facts.name}: the import's record for case ${journal.caseId} (its evidence, warnings and skipped records, ${collector.cases.incidents.length} incident(s) listed) ` +
          `would be ${mib(commitBytes)}, over the journal's limit of ${mib(RECORD_BUDGET)} for one record; nothing was imported`,
      );
    }
    const commit: JournalEntry = { at: new Date().toISOString(), actor: facts.actor, type: IMPORT_COMMITTED, data: committed };
    writes.push({ journal, batches: recordBatches(journal.caseId, facts.actor, facts.importId, group, collector.cases.recordBytes), commit });
  }
  for (const { journal, batches, commit } of writes) {
    await journal.appendAll(batches);
    // Up to its commit record an import can still be cancelled: the batches before it count for nothing.
    stopIfCancelled(facts);
    await journal.append(commit);
  }
  // Publishing staged cases is the last step, all of them or none (one new case per incident of the file).
  await stager.publish();
  return writes.map((w) => w.journal.caseId);
}

export function stopIfCancelled(facts: { name: string; signal: AbortSignal }): void {
  if (facts.signal.aborted) throw new CasebookError('cancelled', `import of ${facts.name} was cancelled; nothing was committed`);
}

/** The skipped records as the report and the commit record list them. */
export function skippedRecords(collector: Collector) {
  return collector.problems.invalidRecords.map((r) => ({ position: describePosition(r.position), field: r.field, reason: r.reason }));
}

/** The import.committed record of one destination case (the `index`th). */
function commitRecord(collector: Collector, facts: CommitFacts, group: Group, caseId: string, index: number): ImportCommittedData {
  const { problems, cases } = collector;
  const evidence: EvidenceRecord = {
    id: `evd-${facts.importId}-${index}`,
    caseId,
    kind: 'import',
    name: facts.name,
    size: facts.size,
    sha256: facts.sha256,
    importer: facts.format,
    counts: { ...cases.counts },
    warnings: [...problems.warnings],
    addedBy: facts.actor,
    addedAt: new Date().toISOString(),
    attributes: {
      timezone: facts.timezone,
      zonelessTimes: problems.zoneless,
      skippedRecords: problems.invalidTotal,
      invalidUtf8: problems.invalidUtf8Found,
      clockOffsets: problems.clockOffsets(),
      path: facts.path,
      // Into a chosen case, the incidents of the file are remembered here rather than as cases.
      incidents: [...cases.incidents].map((i) => ({ externalId: clip(i.externalId), title: clip(i.fields.title), createdAt: i.createdAt ?? null })),
    },
  };
  return {
    importId: facts.importId,
    format: facts.format,
    evidence,
    runs: group.timeline?.runs ?? [],
    counts: { ...cases.counts },
    skipped: skippedRecords(collector),
    skippedTotal: problems.invalidTotal,
    warnings: [...problems.warnings],
    timezone: facts.timezone,
    zonelessTimes: problems.zoneless,
  };
}
