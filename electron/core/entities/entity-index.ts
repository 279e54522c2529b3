import type { EntityDetail, EntityList, EntityListQuery, EntityRow, EntitySortKey, EntitySourceView } from '../../../shared/domain/entities';
import type { AlertRecord, IndicatorRecord } from '../../../shared/domain/records';
import { isoUs } from '../../../shared/time';
import type { JournalRecord } from '../cases/records/journal-record';
import { decodeEventEntities } from '../cases/event-entity-table';
import { IMPORT_COMMITTED, IMPORT_RECORDS, type ImportCommittedData, type ImportRecordsData } from '../cases/records/import-records';
import type { EntityPageRef } from './entity-pages';
import { applyEntitySet, ENTITY_SET, type EntityMarks, type EntitySetData } from './entity-marks';
import { EntityColumns } from './entity-columns';
import { ActionRemediation } from '../actions/action-remediation';

/**
 * The entity store of one case, in the engine's memory while the case is in
 * use: every entity of its journal (records, and the tables of older imports)
 * and of its entity pages, merged by id, with alert counts, indicator matches
 * and the analyst's marks. Built once (pages are decrypted once), then kept
 * up to date with the entity.set records appended after it.
 *
 * Queries scan columns, not objects: a text filter is one indexOf pass over
 * a lower-cased haystack of every value and key, and a sort order is computed
 * once per column and reused (an order by verdict again after marks change).
 */

export type ReadPage = (ref: EntityPageRef) => Promise<{ source: string; columns: import('../cases/event-entity-table').EventEntityColumns }>;

const time = (us: number): string | null => (Number.isNaN(us) ? null : isoUs(us));

/** Lets the event loop answer other queries between slices of a long build. */
const yieldToQueries = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Entities lower-cased into the search text between two pauses. */
const HAYSTACK_SLICE = 32_768;

export class EntityIndex {
  private haystack: { text: string; starts: Uint32Array } | null = null;
  private readonly orders = new Map<EntitySortKey, Uint32Array>();
  private tokens: Map<string, number> | null = null;
  private indicatorValues = new Set<string>();
  /** Journal records already taken in. */
  applied = 0;
  /** What actions' decisions and outcomes do to their targets' remediation status. */
  private readonly remediation = new ActionRemediation();

  private constructor(readonly c: EntityColumns) {}

  /**
   * Builds the store from a case's journal records, reading its entity pages
   * with `readPage`, awaiting `pause` between slices of work (a case naming
   * 250,000 entities takes a second or two to build, and the timeline's
   * queries go first meanwhile).
   */
  static async build(records: readonly JournalRecord[], readPage: ReadPage, pause: () => Promise<void> = yieldToQueries): Promise<EntityIndex> {
    const committed = new Set<string>();
    let capacity = 0;
    for (const r of records) {
      if (r.type !== IMPORT_COMMITTED) continue;
      const data = r.data as ImportCommittedData;
      committed.add(data.importId);
      for (const p of data.entityPages ?? []) capacity += p.count;
    }
    const c = new EntityColumns(capacity + 1024);
    const alerts = new Map<string, AlertRecord>();
    const indicators: IndicatorRecord[] = [];
    for (const r of records) {
      if (r.type === IMPORT_RECORDS) {
        const data = r.data as ImportRecordsData;
        if (!committed.has(data.importId)) continue;
        for (const e of data.entities ?? []) c.addRecord(e);
        for (const a of data.alerts ?? []) alerts.set(a.id, a);
        indicators.push(...(data.indicators ?? []));
        if (data.eventEntities) {
          try {
            await c.addFound(data.eventEntities.source, decodeEventEntities(data.eventEntities), pause);
          } catch (err) {
            throw new Error(`journal record ${r.seq}: ${(err as Error).message}`);
          }
        }
      } else if (r.type === IMPORT_COMMITTED) {
        for (const ref of (r.data as ImportCommittedData).entityPages ?? []) {
          const page = await readPage(ref);
          await c.addFound(page.source, page.columns, pause);
        }
      }
    }
    for (const a of alerts.values()) {
      for (const id of new Set(a.entityIds)) {
        const s = c.byId.get(id);
        if (s !== undefined) c.alerts[s]!++;
      }
    }
    const index = new EntityIndex(c);
    index.indicatorValues = new Set(indicators.map((i) => i.value.trim().toLowerCase()));
    index.take(records);
    // The search text is made here, in slices, rather than by the first text filter: typing in the list is then instant.
    await index.buildHaystack(pause);
    return index;
  }

  get size(): number {
    return this.c.n;
  }

  /**
   * Takes in records appended since the last call. Only entity.set records are
   * taken in place; false when another kind came (an import): build again.
   */
  take(records: readonly JournalRecord[]): boolean {
    for (let k = this.applied; k < records.length; k++) {
      const r = records[k]!;
      if (this.applied > 0 && (r.type === IMPORT_RECORDS || r.type === IMPORT_COMMITTED)) return false;
      if (r.type === ENTITY_SET) {
        applyEntitySet(r.data as EntitySetData, { actor: r.actor, at: r.at }, (id) => this.marksOf(id));
        this.orders.delete('verdict');
      }
      for (const mark of this.remediation.take(r)) {
        const marks = this.marksOf(mark.entityId);
        if (marks) marks.remediation = { value: mark.status, from: mark.from, actor: mark.actor, at: mark.at };
      }
    }
    this.applied = records.length;
    return true;
  }

  slotOf(id: string): number | undefined {
    return this.c.byId.get(id);
  }

  private marksOf(id: string): EntityMarks | null {
    const s = this.c.byId.get(id);
    if (s === undefined) return null;
    let marks = this.c.marks.get(s);
    if (!marks) this.c.marks.set(s, (marks = { tags: new Set(), tagsSetBy: null }));
    return marks;
  }

  verdictOf(s: number): string | null {
    const mark = this.c.marks.get(s)?.verdict;
    return mark && mark.value !== null ? mark.value : this.c.sourceVerdict[s]!;
  }

  matchesIndicator(s: number): boolean {
    const set = this.indicatorValues;
    return set.size > 0 && (set.has(this.c.keys[s]!.toLowerCase()) || set.has(this.c.display[s]!.toLowerCase()));
  }

  row(s: number): EntityRow {
    const c = this.c;
    return {
      id: c.ids[s]!,
      type: c.typeOf(s),
      display: c.display[s]!,
      key: c.keys[s]!,
      events: c.events[s]!,
      alerts: c.alerts[s]!,
      firstSeen: time(c.first[s]!),
      lastSeen: time(c.last[s]!),
      verdict: this.verdictOf(s),
      remediationStatus: c.marks.get(s)?.remediation?.value ?? c.remediation[s]!,
      tags: [...(c.marks.get(s)?.tags ?? [])].sort(),
      roles: [...c.roles[s]!],
      sources: c.sourcesOf(s),
      matchesIndicator: this.matchesIndicator(s),
    };
  }

  /** Makes the search text (haystackSlices), awaiting `pause` between slices. */
  private async buildHaystack(pause: () => Promise<void>): Promise<void> {
    for (const _slice of this.haystackSlices()) await pause();
  }

  /**
   * The search text: every entity's value and key, lower-cased, one line
   * each; a generator that stops after each HAYSTACK_SLICE entities, so it
   * can be made in slices (buildHaystack) or at once.
   */
  private *haystackSlices(): Generator<void, void> {
    const n = this.c.n;
    const parts = new Array<string>(n);
    const starts = new Uint32Array(n + 1);
    let at = 0;
    for (let s = 0; s < n; s++) {
      // \u0001 keeps a match from running from the value into the key, \n from one entity into the next.
      // Each part is lower-cased on its own: a few characters lower-case to two (İ), and the starts follow.
      parts[s] = `${this.c.display[s]}\u0001${this.c.keys[s]}\n`.toLowerCase();
      starts[s] = at;
      at += parts[s]!.length;
      if (s % HAYSTACK_SLICE === HAYSTACK_SLICE - 1) yield;
    }
    starts[n] = at;
    this.haystack = { text: parts.join(''), starts };
  }

  /** Entities whose value or key holds `needle` (case-insensitive), as a mask over slots. */
  private textMask(needle: string): Uint8Array {
    if (!this.haystack) for (const _slice of this.haystackSlices());
    if (!this.haystack) throw new Error('the entity search text was not made');
    const { text, starts } = this.haystack;
    const mask = new Uint8Array(this.c.n);
    const key = needle.toLowerCase();
    let s = 0;
    for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, starts[s]!)) {
      while (starts[s + 1]! <= at) s++;
      mask[s++] = 1;
      if (s >= this.c.n) break;
    }
    return mask;
  }

  /** Slots in ascending order of `key` (ties in slot order), computed once per key. */
  private order(key: EntitySortKey): Uint32Array {
    let order = this.orders.get(key);
    if (order) return order;
    const c = this.c;
    order = new Uint32Array(c.n);
    for (let s = 0; s < c.n; s++) order[s] = s;
    const byNumber = (v: Float64Array | Uint32Array) => (a: number, b: number) => {
      const x = Number.isNaN(v[a]!) ? -Infinity : v[a]!;
      const y = Number.isNaN(v[b]!) ? -Infinity : v[b]!;
      return x - y || a - b;
    };
    const byString = (v: readonly (string | null)[]) => (a: number, b: number) => (v[a]! < v[b]! ? -1 : v[a]! > v[b]! ? 1 : a - b);
    if (key === 'display') order.sort(byString(c.display.map((d) => d.toLowerCase())));
    else if (key === 'type') order.sort((a, b) => c.types[a]! - c.types[b]! || a - b);
    else if (key === 'verdict') order.sort(byString(Array.from({ length: c.n }, (_, s) => (this.verdictOf(s) ?? '').toLowerCase())));
    else order.sort(byNumber({ events: c.events, alerts: c.alerts, firstSeen: c.first, lastSeen: c.last }[key]));
    this.orders.set(key, order);
    return order;
  }

  list(q: Omit<EntityListQuery, 'caseId'>): EntityList {
    const started = performance.now();
    const c = this.c;
    const text = q.text?.trim() ? this.textMask(q.text.trim()) : null;
    const types = q.types?.length ? new Set(q.types) : null;
    const verdict = q.verdict?.trim().toLowerCase() || null;
    const tag = q.tag ?? null;
    const passes = (s: number): boolean =>
      (!text || text[s] === 1) &&
      (!q.namedByAlert || c.alerts[s]! > 0) &&
      (!verdict || (verdict === 'none' ? this.verdictOf(s) === null : this.verdictOf(s)?.toLowerCase() === verdict)) &&
      (!tag || c.marks.get(s)?.tags.has(tag) === true) &&
      (!q.matchesIndicator || this.matchesIndicator(s));
    const order = this.order(q.sort);
    const byType: EntityList['byType'] = {};
    const rows: EntityRow[] = [];
    let total = 0;
    const end = q.offset + q.limit;
    for (let k = 0; k < c.n; k++) {
      const s = order[q.order === 'asc' ? k : c.n - 1 - k]!;
      if (!passes(s)) continue;
      const type = c.typeOf(s);
      byType[type] = (byType[type] ?? 0) + 1;
      if (types && !types.has(type)) continue;
      if (total >= q.offset && total < end) rows.push(this.row(s));
      total++;
    }
    return { rows, total, all: c.n, offset: q.offset, byType, tookMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  /** What each source said about entity `s`: its records, then its sightings in each import's events. */
  bySource(s: number): EntitySourceView[] {
    const views = (this.c.views.get(s) ?? []).map((v) => ({ ...v }));
    for (const page of this.c.pages) {
      const row = page.slots.indexOf(s);
      if (row < 0) continue;
      const source = this.c.sourceNames[page.source]!;
      const seen = page.columns.seen;
      const [first, last, events] = [seen[3 * row]!, seen[3 * row + 1]!, seen[3 * row + 2]!];
      const known = views.find((v) => v.source === source);
      if (known) {
        known.events += events;
        if (!known.firstSeen || isoUs(first) < known.firstSeen) known.firstSeen = isoUs(first);
        if (!known.lastSeen || isoUs(last) > known.lastSeen) known.lastSeen = isoUs(last);
      } else views.push({ source, attributes: {}, roles: [], verdict: null, remediationStatus: null, events, firstSeen: isoUs(first), lastSeen: isoUs(last) });
    }
    return views;
  }

  /** Who set the verdict, tags and remediation of entity `s`. */
  setBy(s: number): Pick<EntityDetail, 'verdictSetBy' | 'tagsSetBy' | 'remediationSource' | 'remediationSetBy'> {
    const marks = this.c.marks.get(s);
    const verdict = marks?.verdict;
    const remediation = marks?.remediation?.value ? marks.remediation : null;
    return {
      verdictSetBy: verdict && verdict.value !== null ? { actor: verdict.actor, at: verdict.at } : null,
      tagsSetBy: marks?.tagsSetBy ?? null,
      remediationSource: remediation ? remediation.from : (this.c.remediationSource.get(s) ?? null),
      remediationSetBy: remediation ? { actor: remediation.actor, at: remediation.at } : null,
    };
  }

  /** The slot of an entity whose value or key is `token` (lower-case), or -1: for finding entities in event text. */
  slotOfToken(token: string): number {
    if (!this.tokens) {
      this.tokens = new Map();
      for (let s = 0; s < this.c.n; s++) {
        this.tokens.set(this.c.keys[s]!.toLowerCase(), s);
        this.tokens.set(this.c.display[s]!.toLowerCase(), s);
      }
    }
    return this.tokens.get(token) ?? -1;
  }
}
