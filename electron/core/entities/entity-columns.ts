import { ENTITY_TYPES, type EntityRecord, type EntityType } from '../../../shared/domain/records';
import type { EntitySourceView } from '../../../shared/domain/entities';
import type { EventEntityColumns } from '../cases/event-entity-table';
import type { EntityMarks } from './entity-marks';

/**
 * Every entity of a case as columns, one slot per distinct entity id: what the
 * entity store queries (entity-index.ts). Entities found only in events are
 * added straight from their page's columns, without a record object each.
 */

const TYPE_CODE = new Map<string, number>(ENTITY_TYPES.map((t, i) => [t, i]));
const NO_STRINGS: readonly string[] = Object.freeze([]);
/** Rows of a page of found entities taken in between two pauses (see addFound). */
const FOUND_SLICE = 8192;

/** µs since the epoch of an ISO 8601 UTC time (microseconds kept), NaN for null or unreadable. */
export function isoToUs(iso: string | null | undefined): number {
  if (!iso) return NaN;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return NaN;
  const fraction = /\.(\d{4,6})/.exec(iso)?.[1];
  return ms * 1000 + (fraction ? Number(fraction.padEnd(6, '0').slice(3)) : 0);
}

/** One page (or legacy journal table) of entities found in events: its source, its columns, and the slot of each row. */
export interface FoundPage {
  source: number;
  columns: EventEntityColumns;
  slots: Int32Array;
}

export class EntityColumns {
  n = 0;
  readonly ids: string[] = [];
  readonly display: string[] = [];
  readonly keys: string[] = [];
  types: Uint8Array;
  first: Float64Array;
  last: Float64Array;
  events: Float64Array;
  alerts: Uint32Array;
  readonly sourceVerdict: (string | null)[] = [];
  readonly remediation: (string | null)[] = [];
  /** The source that gave the remediation status. */
  readonly remediationSource = new Map<number, string>();
  readonly roles: (readonly string[])[] = [];
  /** Indexes into sourceNames, per slot. */
  readonly sources: (number | number[])[] = [];
  readonly sourceNames: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  readonly byId = new Map<string, number>();
  /** What each source's record said, for the entities that have records (those alerts and incidents bring). */
  readonly views = new Map<number, EntitySourceView[]>();
  readonly pages: FoundPage[] = [];
  readonly marks = new Map<number, EntityMarks>();

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.types = new Uint8Array(c);
    this.first = new Float64Array(c);
    this.last = new Float64Array(c);
    this.events = new Float64Array(c);
    this.alerts = new Uint32Array(c);
  }

  source(name: string): number {
    let s = this.sourceIndex.get(name);
    if (s === undefined) {
      s = this.sourceNames.push(name) - 1;
      this.sourceIndex.set(name, s);
    }
    return s;
  }

  typeOf(slot: number): EntityType {
    return ENTITY_TYPES[this.types[slot]!]!;
  }

  sourcesOf(slot: number): string[] {
    const s = this.sources[slot]!;
    return typeof s === 'number' ? [this.sourceNames[s]!] : s.map((k) => this.sourceNames[k]!);
  }

  private addSource(slot: number, source: number): void {
    const s = this.sources[slot]!;
    if (s === source) return;
    if (typeof s === 'number') this.sources[slot] = [s, source];
    else if (!s.includes(source)) s.push(source);
  }

  private grow(): void {
    const c = this.types.length * 2;
    const bigger = <T extends Uint8Array | Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.types = bigger(this.types, (n) => new Uint8Array(n));
    this.first = bigger(this.first, (n) => new Float64Array(n));
    this.last = bigger(this.last, (n) => new Float64Array(n));
    this.events = bigger(this.events, (n) => new Float64Array(n));
    this.alerts = bigger(this.alerts, (n) => new Uint32Array(n));
  }

  /** The slot of entity `id`, made when new. */
  private slot(id: string, type: string, display: string, key: string, source: number): number {
    const known = this.byId.get(id);
    if (known !== undefined) {
      this.addSource(known, source);
      return known;
    }
    if (this.n === this.types.length) this.grow();
    const s = this.n++;
    this.byId.set(id, s);
    this.ids.push(id);
    this.display.push(display);
    this.keys.push(key);
    this.types[s] = TYPE_CODE.get(type) ?? TYPE_CODE.get('other')!;
    this.first[s] = NaN;
    this.last[s] = NaN;
    this.sourceVerdict.push(null);
    this.remediation.push(null);
    this.roles.push(NO_STRINGS);
    this.sources.push(source);
    return s;
  }

  private sighted(s: number, first: number, last: number, events: number): void {
    if (!(this.first[s]! <= first)) this.first[s] = first;
    if (!(this.last[s]! >= last)) this.last[s] = last;
    this.events[s]! += events;
  }

  /** An entity record an import journaled (an alert's or incident's evidence, or an entity its events name that a record also names). */
  addRecord(e: EntityRecord): void {
    const sourceName = e.sources[0] ?? 'unknown';
    const s = this.slot(e.id, e.type, e.display, e.key, this.source(sourceName));
    for (const other of e.sources.slice(1)) this.addSource(s, this.source(other));
    const { events: rawEvents, ...attributes } = e.attributes;
    const events = typeof rawEvents === 'number' ? rawEvents : 0;
    const first = isoToUs(e.firstSeen);
    const last = isoToUs(e.lastSeen);
    if (!Number.isNaN(first)) this.sighted(s, first, Number.isNaN(last) ? first : last, 0);
    this.events[s]! += events;
    if (e.roles.length) this.roles[s] = [...new Set([...this.roles[s]!, ...e.roles])];
    if (e.verdict) this.sourceVerdict[s] = e.verdict;
    if (e.remediationStatus) {
      this.remediation[s] = e.remediationStatus;
      this.remediationSource.set(s, sourceName);
    }
    let views = this.views.get(s);
    if (!views) this.views.set(s, (views = []));
    views.push({
      source: sourceName,
      attributes,
      roles: e.roles,
      verdict: e.verdict,
      remediationStatus: e.remediationStatus,
      events,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
    });
  }

  /**
   * The entities of a page (or a legacy journal table), all from `sourceName`.
   * `pause` is awaited between slices of FOUND_SLICE rows: a page of 50,000
   * entities takes a few hundred milliseconds, and the timeline's queries
   * (the Timeline tab opened meanwhile) are answered in between.
   */
  async addFound(sourceName: string, columns: EventEntityColumns, pause?: () => Promise<void>): Promise<void> {
    const source = this.source(sourceName);
    const n = columns.ends.length / 4;
    const slots = new Int32Array(n);
    for (let from = 0; from < n; from += FOUND_SLICE) {
      this.addFoundRows(source, columns, slots, from, Math.min(n, from + FOUND_SLICE));
      if (pause && from + FOUND_SLICE < n) await pause();
    }
    this.pages.push({ source, columns, slots });
  }

  private addFoundRows(source: number, { text, ends, seen }: EventEntityColumns, slots: Int32Array, first: number, end: number): void {
    // Row i's type starts where row i - 1's id ended.
    for (let i = first, from = first ? ends[4 * first - 1]! : 0; i < end; from = ends[4 * i + 3]!, i++) {
      const id = text.slice(ends[4 * i + 2], ends[4 * i + 3]);
      let s = this.byId.get(id);
      if (s === undefined)
        s = this.slot(id, text.slice(from, ends[4 * i]), text.slice(ends[4 * i], ends[4 * i + 1]).trim(), text.slice(ends[4 * i + 1], ends[4 * i + 2]), source);
      else this.addSource(s, source);
      slots[i] = s;
      this.sighted(s, seen[3 * i]!, seen[3 * i + 1]!, seen[3 * i + 2]!);
    }
  }
}
