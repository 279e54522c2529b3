import { describeDuplicate, type Duplicate, type DuplicateCheck } from '../../../shared/domain/duplicates';
import type { ImportFormat } from '../../../shared/domain/import';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseAccess } from '../cases/case-access';
import type { ReplayCache } from '../cases/case-state';
import type { TimelineStore } from '../timeline/timeline-store';
import { eventKey, findDuplicates, type KnownCase } from './duplicates';
import { fileIncidents } from './file-incidents';
import { statImportable } from '../fs/import-file';
import type { RunPool } from './run-pool';
import { settledElsewhere } from '../diagnostics/diagnostics';

export interface DuplicateGuardDeps {
  cases: CaseAccess;
  states: ReplayCache;
  runs: RunPool;
  /** Runs a query on a case's timeline store (TimelineService.query). */
  timeline?: <T>(caseId: string, fn: (store: TimelineStore) => Promise<T>) => Promise<T>;
}

/** Events read per page when collecting a case's event keys for a merge. */
const PAGE = 1000;

/** The message of a refused duplicate: what it repeats, and the ways on. */
export function refusalMessage(file: string, sha256: string, found: readonly Duplicate[]): string {
  const lines = found.slice(0, 10).map((d) => `  - ${describeDuplicate(d, sha256)}`);
  if (found.length > 10) lines.push(`  - and ${found.length - 10} more`);
  return `${file} repeats an earlier import; nothing was imported:\n${lines.join('\n')}\nImport it again anyway with --again, or merge it into that case with --merge.`;
}

/**
 * Finds what an import repeats (duplicates.ts) over the vault's cases: before
 * an import, for the app to ask (import.duplicates); at commit, to refuse; and
 * for a merge, the case to merge into and the events it already has.
 */
export class DuplicateGuard {
  constructor(private readonly deps: DuplicateGuardDeps) {}

  /** Every readable case's record and evidence (a case that cannot be read is reported where it is opened, not here). */
  async known(): Promise<KnownCase[]> {
    const vault = this.deps.cases.unlocked();
    const known: KnownCase[] = [];
    for (const id of await vault.listCaseIds()) {
      await this.deps.cases
        .withReadable(id, (journal) => {
          const state = this.deps.states.stateOf(id, journal.records);
          known.push({ case: state.case, evidence: [...state.evidence.values()] });
        })
        .catch(settledElsewhere);
    }
    return known;
  }

  /** import.duplicates: the file's hash and incidents, and what they repeat. */
  async check(request: { file: string; format?: ImportFormat; caseId?: string }): Promise<DuplicateCheck & { format: ImportFormat; size: number }> {
    const [sha256, read] = await Promise.all([this.deps.runs.sha256(request.file, new AbortController().signal), fileIncidents(request.file, request.format)]);
    const duplicates = findDuplicates(await this.known(), { sha256, incidents: read.incidents, into: request.caseId });
    return { file: request.file.split(/[\\/]/).pop()!, sha256, duplicates, ...read };
  }

  /**
   * The check an import runs before it reads the file (import.start without
   * --again): refuses a file the destination already holds, or whose first
   * incidents are already cases, before any record is parsed. The file is
   * hashed only when an earlier import there had its size, and its incidents
   * read (as import.duplicates reads them) only when a case came from or took
   * in an incident; refuseAt checks the rest at commit.
   */
  async refuseEarly(request: { file: string; format?: ImportFormat; caseId?: string }): Promise<void> {
    const known = await this.known();
    const into = request.caseId;
    const { size } = await statImportable(request.file);
    const sameSize = known.some((k) => (into === undefined || k.case.id === into) && k.evidence.some((e) => e.kind === 'import' && e.size === size));
    const sha256 = sameSize ? await this.deps.runs.sha256(request.file, new AbortController().signal) : '';
    const incidentsKnown = known.some(
      (k) => k.case.origin?.externalId || k.evidence.some((e) => Array.isArray(e.attributes.incidents) && e.attributes.incidents.length),
    );
    const incidents = incidentsKnown ? (await fileIncidents(request.file, request.format)).incidents : [];
    const duplicates = findDuplicates(known, { sha256, incidents, into });
    if (duplicates.length) throw new CasebookError('conflict', refusalMessage(request.file.split(/[\\/]/).pop()!, sha256, duplicates));
  }

  /** The check an import runs before its commit: refuses (conflict) when the file repeats an earlier import. */
  refuseAt(file: string, into: string | undefined): (found: { sha256: string; incidents: string[] }) => Promise<void> {
    return async ({ sha256, incidents }) => {
      const duplicates = findDuplicates(await this.known(), { sha256, incidents, into });
      if (duplicates.length) throw new CasebookError('conflict', refusalMessage(file.split(/[\\/]/).pop()!, sha256, duplicates));
    };
  }

  /** The one case a merge goes into: the chosen one, else the one case the file repeats (none: an ordinary import). */
  mergeTarget(check: DuplicateCheck, into: string | undefined): string | undefined {
    if (into) return into;
    const cases = [...new Map(check.duplicates.map((d) => [d.caseId, d.caseTitle]))];
    if (cases.length > 1) {
      throw new CasebookError(
        'invalid-input',
        `${check.file} repeats ${cases.length} cases (${cases.map(([id, title]) => `"${title}" ${id}`).join(', ')}); choose the one to merge into with --case`,
      );
    }
    return cases[0]?.[0];
  }

  /** The keys of every event the case has (duplicates.ts eventKey), for leaving them out of a merge. */
  async eventKeys(caseId: string): Promise<Set<string>> {
    const keys = new Set<string>();
    if (!this.deps.timeline) return keys;
    await this.deps.timeline(caseId, async (store) => {
      let cursor: string | null = null;
      do {
        const page = await store.page({}, PAGE, 'asc', cursor);
        for (const e of page.events) keys.add(eventKey(e));
        cursor = page.nextCursor;
      } while (cursor);
    });
    return keys;
  }
}
