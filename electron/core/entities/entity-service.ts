import type { AlertDetail, AlertRow, CooccurringEntity, EntityDetail, EntityList, EntityRow } from '../../../shared/domain/entities';
import type { AlertRecord } from '../../../shared/domain/records';
import type { ChangeSet, ParsedInput } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../shared/ipc/dispatch';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseAccess } from '../cases/case-access';
import { replayState } from '../cases/case-state';
import { toAuditEntry } from '../cases/case-model';
import type { JournalRecord } from '../vault/journal-format';
import type { CaseJournal } from '../vault/case-journal';
import type { TimelineStore } from '../timeline/timeline-store';
import { EntityIndex } from './entity-index';
import { readEntityPage } from './entity-pages';
import { ENTITY_SET, type EntitySetData } from './entity-marks';
import { COOCCURRENCE_SAMPLE, cooccurring } from './cooccurrence';

type EntityMethods = 'entities.list' | 'entities.get' | 'entities.set' | 'alerts.list' | 'alerts.get';

/** The journal a query reads: its records, and where and with which key its pages are. */
interface JournalView {
  caseId: string;
  records: readonly JournalRecord[];
  dir: string;
  key: Buffer;
}

/**
 * Entities and alerts of a case, for the entity and alert views and the CLI.
 * The store (entity-index.ts) is kept per journal record array: while a case
 * is open it is built once and follows the analyst's marks; a journal opened
 * just for one command gets a store for that command. It is weakly held, so
 * a closed case's (and a locked vault's) decrypted entities go with its journal.
 */
export class EntityService {
  private readonly stores = new WeakMap<readonly JournalRecord[], Promise<EntityIndex>>();
  readonly handlers: Pick<Handlers, EntityMethods>;

  constructor(
    private readonly cases: CaseAccess,
    /** Runs a query on the case's timeline store (TimelineService.query: never while runs are being merged in). */
    private readonly timeline: <T>(caseId: string, fn: (store: TimelineStore) => Promise<T>) => Promise<T>,
    /** Resolves when the case's timeline is not busy (TimelineService.idle): the store's build waits for it between slices. */
    private readonly timelineIdle: (caseId: string) => Promise<void> = async () => undefined,
  ) {
    this.handlers = {
      'entities.list': (input) => this.list(input),
      'entities.get': (input) => this.get(input),
      'entities.set': (input) => this.set(input),
      'alerts.list': async ({ caseId }) => {
        const view = await this.view(caseId);
        return [...replayState(caseId, view.records).alerts.values()].map(alertRow);
      },
      'alerts.get': (input) => this.alert(input),
    };
  }

  private view(caseId: string): Promise<JournalView> {
    return this.cases.withReadable(caseId, (journal) => ({ caseId, records: journal.records, dir: journal.dir, key: journal.dataKey }));
  }

  /** The case's entity store, up to date with its journal. */
  private async store(view: JournalView): Promise<EntityIndex> {
    const cached = this.stores.get(view.records);
    if (cached) {
      const index = await cached.catch(() => null);
      if (index?.take(view.records)) return index;
    }
    const pause = () => this.timelineIdle(view.caseId).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    const built = EntityIndex.build(view.records, (ref) => readEntityPage(view.dir, view.caseId, view.key, ref), pause);
    this.stores.set(view.records, built);
    built.catch(() => this.stores.delete(view.records));
    return built;
  }

  /** The case's alerts and entity store, for views built over both (the incident graph). */
  async caseEntities(caseId: string): Promise<{ alerts: AlertRecord[]; index: EntityIndex }> {
    const view = await this.view(caseId);
    return { alerts: [...replayState(caseId, view.records).alerts.values()], index: await this.store(view) };
  }

  /** The rows of those of `ids` the case has (others are left out), for a page that names what it links to. */
  async rowsOf(caseId: string, ids: readonly string[]): Promise<Map<string, EntityRow>> {
    const index = await this.store(await this.view(caseId));
    const rows = new Map<string, EntityRow>();
    for (const id of ids) {
      const slot = index.slotOf(id);
      if (slot !== undefined) rows.set(id, index.row(slot));
    }
    return rows;
  }

  /** The entities seen with entity `slot` in its latest events and its alerts (entities.get's `cooccurring`). */
  async cooccurringOf(caseId: string, index: EntityIndex, slot: number, alerts: readonly AlertRecord[]): Promise<CooccurringEntity[]> {
    const sample = await this.timeline(caseId, (timeline) => timeline.page({ entity: index.c.display[slot]! }, COOCCURRENCE_SAMPLE, 'desc'));
    return cooccurring(index, slot, sample.events, alerts);
  }

  private async list({ caseId, ...query }: ParsedInput<'entities.list'>): Promise<EntityList> {
    return (await this.store(await this.view(caseId))).list(query);
  }

  private async get({ caseId, id }: ParsedInput<'entities.get'>): Promise<EntityDetail> {
    const view = await this.view(caseId);
    const index = await this.store(view);
    const slot = index.slotOf(id);
    if (slot === undefined) throw new CasebookError('not-found', `case ${caseId} has no entity ${id}`);
    const entity = index.row(slot);
    const alerts = [...replayState(caseId, view.records).alerts.values()];
    const filter = { entity: entity.display };
    // Over its own span (first to last seen), not the case's: an entity seen for two minutes of a year-long timeline gets sixty bars, not one.
    const [first, last] = [index.c.first[slot]!, index.c.last[slot]!];
    const span = Number.isNaN(first) ? {} : { from: first, to: last + 1 };
    const [histogram, sample] = await this.timeline(caseId, (timeline) =>
      Promise.all([timeline.histogram({ ...filter, ...span }, 60), timeline.page(filter, COOCCURRENCE_SAMPLE, 'desc')]),
    );
    return {
      entity,
      bySource: index.bySource(slot),
      ...index.setBy(slot),
      alerts: alerts
        .filter((a) => a.entityIds.includes(id))
        .map((a) => ({ id: a.id, title: a.title, severity: a.severity, status: a.status, firstActivity: a.firstActivity })),
      cooccurring: cooccurring(index, slot, sample.events, alerts),
      cooccurrenceSample: sample.events.length,
      timelineEntity: entity.display,
      histogram,
    };
  }

  /**
   * Entities of a journal as rows, with what each source said of them (their attributes), for
   * another service working under the case's mutex (actions name their targets' exact identifiers).
   * Throws not-found naming the ids the case does not have.
   */
  async describe(journal: CaseJournal, ids: readonly string[]): Promise<{ row: EntityRow; attributes: Record<string, unknown>[] }[]> {
    const index = await this.store({ caseId: journal.caseId, records: journal.records, dir: journal.dir, key: journal.dataKey });
    const unknown = ids.filter((id) => index.slotOf(id) === undefined);
    if (unknown.length)
      throw new CasebookError(
        'not-found',
        `case ${journal.caseId} has no entity ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}`,
      );
    return ids.map((id) => {
      const slot = index.slotOf(id)!;
      return { row: index.row(slot), attributes: index.bySource(slot).map((v) => v.attributes) };
    });
  }

  private set({ caseId, ids, verdict, addTags, removeTags, remediation }: ParsedInput<'entities.set'>): Promise<ChangeSet> {
    return this.cases.withWritable(caseId, async (journal) => {
      const index = await this.store({ caseId, records: journal.records, dir: journal.dir, key: journal.dataKey });
      const unknown = ids.filter((id) => index.slotOf(id) === undefined);
      if (unknown.length) {
        throw new CasebookError(
          'invalid-input',
          `entities.set: ids: case ${caseId} has no entity ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}; nothing was changed`,
        );
      }
      const data: EntitySetData = {
        ids: [...new Set(ids)],
        addTags: [...new Set(addTags)],
        removeTags: [...new Set(removeTags)],
        ...(verdict !== undefined ? { verdict } : {}),
        ...(remediation !== undefined ? { remediation } : {}),
      };
      const { record, tag } = await journal.append({ at: new Date().toISOString(), actor: this.cases.actor(), type: ENTITY_SET, data });
      return { audit: [toAuditEntry(caseId, record, tag)] };
    });
  }

  private async alert({ caseId, id }: ParsedInput<'alerts.get'>): Promise<AlertDetail> {
    const view = await this.view(caseId);
    const alert = replayState(caseId, view.records).alerts.get(id);
    if (!alert) throw new CasebookError('not-found', `case ${caseId} has no alert ${id}`);
    const index = await this.store(view);
    const slots = alert.entityIds.map((e) => index.slotOf(e)).filter((s): s is number => s !== undefined);
    return { alert, entities: [...new Set(slots)].map((s) => index.row(s)) };
  }
}

function alertRow(a: AlertRecord): AlertRow {
  return {
    id: a.id,
    title: a.title,
    severity: a.severity,
    status: a.status,
    category: a.category,
    source: a.source,
    detectionSource: a.detectionSource,
    mitreTechniques: a.mitreTechniques,
    firstActivity: a.firstActivity,
    lastActivity: a.lastActivity,
    entityCount: new Set(a.entityIds).size,
  };
}
