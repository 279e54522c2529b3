import type { JournalRecord } from '../cases/records/journal-record';
import { entityListSchema, type EntityList, type EntityListQuery, type EntityRow } from '../../../shared/domain/entities';
import type { JournalHead } from '../../../shared/domain/exports';
import type { CaseState } from '../cases/case-state';
import type { TimelineStore } from '../timeline/timeline-store';

/** What exports read a case through: its replayed state at a journal head, its entity store, its timeline. */

export interface CaseSnapshot {
  state: CaseState;
  head: JournalHead;
  /** The journal's records at `head` (what the story, actions and evidence are replayed from). */
  records: readonly JournalRecord[];
}

export interface ExportSources {
  /** The entity store's list (entities.list), the analyst's verdicts and tags merged in; the query's defaults are filled in. */
  entities(query: Partial<EntityListQuery> & { caseId: string }): Promise<EntityList>;
  /** Runs fn on the case's timeline store as one query (timeline-service.ts). */
  timeline<T>(caseId: string, fn: (store: TimelineStore) => Promise<T>): Promise<T>;
}

/** A page-by-page walk over every entity of the case (a large case names hundreds of thousands). */
export async function* everyEntity(sources: ExportSources, caseId: string): AsyncIterable<EntityRow[]> {
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await sources.entities({ caseId, sort: 'display', order: 'asc', offset, limit });
    if (page.rows.length) yield page.rows;
    if (offset + limit >= page.total) return;
  }
}

/** The entity list's query with its defaults, as the contract would have filled them in. */
export function entityQuery(query: Partial<EntityListQuery> & { caseId: string }): EntityListQuery {
  return entityListSchema.parse(query);
}
