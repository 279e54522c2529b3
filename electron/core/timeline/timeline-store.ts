import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FacetField, StoredEvent, TimelineFilter } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';
import { Dictionary } from './dictionary';
import { decodeColumns, decodeText, DICT_COLUMNS, type DictColumn, type RunColumns, type RunText } from './run-format';
import { RUN_ID_STRIDE } from './run-builder';
import { TIMELINE_DIR, type RunRef } from './run-files';
import { tagOf } from '../vault/aead';
import { TextCache } from './text-cache';
import { buildTrigramFilter } from './trigram-filter';
import { appendRuns, mergeRuns, type MergedIndex } from './run-merge';
import { eventIdMask, NO_MARKS, type MarkSource } from './marked-events';
import { asciiLower, searchMessages } from './text-search';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import {
  BinRows,
  decodeCursor,
  eventAttributes,
  rowsByValue,
  topSeries,
  FACET_COLUMN,
  type Buckets,
  type FacetResult,
  type HistogramResult,
  type PageResult,
} from './timeline-results';

interface LoadedRun {
  ref: RunRef;
  /** Global position of each of the run's events. */
  globalOf: Uint32Array;
}

/**
 * The case's events, merged in time order across runs, queryable in memory.
 * Times and dictionary ids of every event are held (≈ 28 bytes an event);
 * messages and attributes stay encrypted on disk until a query needs them and
 * are cached within a memory budget.
 */
export class TimelineStore {
  private n = 0;
  private time = new Float64Array(0);
  /** Run index and local index of each global position: run * RUN_ID_STRIDE + local. */
  private where = new Float64Array(0);
  private readonly gids = {} as Record<DictColumn, Uint32Array>;
  private readonly dicts = {} as Record<DictColumn, Dictionary>;
  private runs: LoadedRun[] = [];
  private readonly text: TextCache;
  /**
   * Per run (by file name), the trigram filter of its messages, kept after its
   * text leaves the cache: a later search skips the runs that cannot hold its
   * phrase without decrypting them. Only a case whose text does not fit the
   * cache needs them (cached text is searched at memory speed), so a filter is
   * made as a run's text leaves the cache, or as it is decrypted once the cache
   * has overflowed.
   */
  private readonly trigrams = new Map<string, Uint8Array>();
  private lastSearch: { text: string; mask: Uint8Array } | null = null;
  /** Which events the analyst marked (set by TimelineService from the case's story), for a filter's `marks`. */
  markSource: MarkSource = NO_MARKS;

  private constructor(
    private readonly caseDir: string,
    private readonly caseId: string,
    private readonly key: Buffer,
    textBudgetBytes: number,
    private readonly diagnostics: Diagnostics,
  ) {
    for (const c of DICT_COLUMNS) {
      this.gids[c] = new Uint32Array(0);
      this.dicts[c] = new Dictionary();
    }
    this.text = new TextCache(
      textBudgetBytes,
      (run) => this.loadText(run),
      (run, { lower }) => this.filterRun(run, lower),
    );
  }

  static async open(
    caseDir: string,
    caseId: string,
    key: Buffer,
    refs: readonly RunRef[],
    options: { textBudgetBytes?: number; diagnostics?: Diagnostics } = {},
  ): Promise<TimelineStore> {
    const store = new TimelineStore(caseDir, caseId, key, options.textBudgetBytes ?? 768 * 1024 * 1024, options.diagnostics ?? NO_DIAGNOSTICS);
    await store.load(refs);
    store.warmText();
    return store;
  }

  private closed = false;

  /**
   * Decrypts the runs' text in the background, newest runs last, while it fits
   * the cache, so the first search does not pay for it. One run at a time, with
   * the event loop free in between, so queries are answered meanwhile.
   */
  private warmText(): void {
    const warm = async () => {
      for (let r = 0; r < this.runs.length; r++) {
        if (this.closed || !this.text.hasRoomFor()) return;
        await this.text.get(r);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // A failure here (a damaged text file) is reported by the query that needs the text; recorded meanwhile.
    void warm().catch(this.diagnostics.swallow('timeline.warm-text', { caseId: this.caseId }));
  }

  get count(): number {
    return this.n;
  }

  get runCount(): number {
    return this.runs.length;
  }

  private file(name: string): string {
    return path.join(this.caseDir, TIMELINE_DIR, name);
  }

  private async readChecked(name: string, expectedTag: string): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = await fs.readFile(this.file(name));
    } catch {
      throw new CasebookError('corrupt', `case ${this.caseId}: timeline file ${name} is missing`);
    }
    if (tagOf(sealed).toString('hex') !== expectedTag) {
      throw new CasebookError('corrupt', `case ${this.caseId}: timeline file ${name} is not the one the journal recorded`);
    }
    return sealed;
  }

  private async readColumns(refs: readonly RunRef[]): Promise<RunColumns[]> {
    const columns: RunColumns[] = [];
    for (const ref of refs) columns.push(decodeColumns(this.key, this.caseId, `${ref.name}.cols`, await this.readChecked(`${ref.name}.cols`, ref.colsTag)));
    return columns;
  }

  /** Loads every run's columns and merges them into one time-ordered index. */
  private async load(refs: readonly RunRef[]): Promise<void> {
    this.take(refs, mergeRuns(await this.readColumns(refs), this.dicts));
  }
  private take(refs: readonly RunRef[], merged: MergedIndex): void {
    this.n = merged.count;
    this.time = merged.time;
    this.where = merged.where;
    for (const c of DICT_COLUMNS) this.gids[c] = merged.gids[c];
    this.runs = refs.map((ref, r) => ({ ref, globalOf: merged.globalOf[r]! }));
    this.lastSearch = null;
  }

  /**
   * Adds a newly committed import's runs (skipping those held), merged into the index held: only their columns
   * are read. Held runs keep their index, so their decrypted text stays in the cache.
   */
  async addRuns(refs: readonly RunRef[]): Promise<void> {
    const held = new Set(this.runs.map((r) => r.ref.name));
    const added = refs.filter((r) => !held.has(r.name));
    if (added.length === 0) return;
    const base = { count: this.n, time: this.time, where: this.where, gids: this.gids, globalOf: this.runs.map((r) => r.globalOf) };
    this.take([...this.runs.map((r) => r.ref), ...added], appendRuns(base, await this.readColumns(added), this.dicts));
  }

  private async loadText(run: number): Promise<{ text: RunText; lower: Buffer }> {
    const ref = this.runs[run]!.ref;
    const sealed = await this.readChecked(`${ref.name}.text`, ref.textTag);
    const text = decodeText(this.key, this.caseId, `${ref.name}.text`, sealed);
    const lower = asciiLower(text.msgBytes);
    if (this.text.overflowed) this.filterRun(run, lower);
    return { text, lower };
  }

  private filterRun(run: number, lower: Buffer): void {
    const name = this.runs[run]?.ref.name;
    if (name !== undefined && !this.trigrams.has(name)) this.trigrams.set(name, buildTrigramFilter(lower));
  }

  // ---- filtering -------------------------------------------------------------

  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private range(filter: TimelineFilter): [number, number] {
    const lo = filter.from === undefined ? 0 : this.lowerBound(filter.from);
    const hi = filter.to === undefined ? this.n : this.lowerBound(filter.to);
    return [lo, Math.max(lo, hi)];
  }

  private allowList(column: DictColumn, values: readonly string[] | undefined): Uint8Array | null {
    if (!values || values.length === 0) return null;
    const allow = new Uint8Array(this.dicts[column].size);
    if (column === 'tags') {
      const wanted = new Set(values.map((v) => v.toLowerCase()));
      this.dicts.tags.values.forEach((json, id) => {
        if (json && (JSON.parse(json) as string[]).some((t) => wanted.has(t.toLowerCase()))) allow[id] = 1;
      });
    } else {
      for (const v of values) {
        const id = this.dicts[column].lookup(v);
        if (id !== undefined) allow[id] = 1;
      }
    }
    return allow;
  }

  /** Events whose message contains `needle` (case-insensitive), as a mask over global positions. */
  private async textMask(needle: string): Promise<Uint8Array> {
    const key = needle.toLowerCase();
    if (this.lastSearch?.text === key) return this.lastSearch.mask;
    const mask = await searchMessages(key, this.n, this.runs, this.trigrams, (run) => this.text.get(run));
    this.lastSearch = { text: key, mask };
    return mask;
  }

  /** Builds the per-event test for a filter (null when every event in range passes). */
  private async predicate(filter: TimelineFilter): Promise<((g: number) => boolean) | null> {
    const tests: ((g: number) => boolean)[] = [];
    const dictTests: [DictColumn, string[] | undefined][] = [
      ['source', filter.sources],
      ['host', filter.hosts],
      ['user', filter.users],
      ['tags', filter.tags],
    ];
    for (const [column, values] of dictTests) {
      const allow = this.allowList(column, values);
      if (allow) {
        const ids = this.gids[column];
        tests.push((g) => allow[ids[g]!] === 1);
      }
    }
    if (filter.text) {
      const mask = await this.textMask(filter.text);
      tests.push((g) => mask[g] === 1);
    }
    if (filter.entity) {
      const key = filter.entity.toLowerCase();
      const hostIds = this.matchingIds('host', key);
      const userIds = this.matchingIds('user', key);
      const mask = await this.textMask(key);
      const host = this.gids.host;
      const user = this.gids.user;
      tests.push((g) => mask[g] === 1 || hostIds[host[g]!] === 1 || userIds[user[g]!] === 1);
    }
    if (filter.marks?.length) {
      const marked = eventIdMask(await this.markSource(filter.marks), this.runs, this.n);
      tests.push((g) => marked[g] === 1);
    }
    if (tests.length === 0) return null;
    if (tests.length === 1) return tests[0]!;
    return (g) => tests.every((t) => t(g));
  }

  private matchingIds(column: DictColumn, lowerKey: string): Uint8Array {
    const out = new Uint8Array(this.dicts[column].size);
    this.dicts[column].values.forEach((v, id) => {
      if (v.toLowerCase() === lowerKey) out[id] = 1;
    });
    return out;
  }

  // ---- queries ---------------------------------------------------------------

  summary(): { count: number; minTime: number | null; maxTime: number | null; sources: string[] } {
    const n = this.n;
    return { count: n, minTime: n ? this.time[0]! : null, maxTime: n ? this.time[n - 1]! : null, sources: [...this.dicts.source.values] };
  }

  async histogram(filter: TimelineFilter, bins: number, splitBy?: FacetField, splitLimit = 8): Promise<HistogramResult> {
    const b = await this.bucketed(filter, bins, splitBy);
    return { from: b.from, to: b.to, binWidth: b.binWidth, total: b.total, counts: b.counts, series: b.byValue && topSeries(b.byValue, bins, splitLimit) };
  }

  /**
   * Events per bin over the filter's span (the case's when it has none), and
   * with a field, per value of it per bin (by tag: an event counts under each
   * of its tags, under '' when it has none).
   */
  async bucketed(filter: TimelineFilter, bins: number, field?: FacetField): Promise<Buckets> {
    const [lo, hi] = this.range(filter);
    const from = filter.from ?? (this.n ? this.time[0]! : 0);
    const to = filter.to ?? (this.n ? this.time[this.n - 1]! + 1 : 1);
    const width = Math.max((to - from) / bins, 1e-9);
    const counts = new Array<number>(bins).fill(0);
    const test = await this.predicate(filter);
    if (!test && !field) {
      // Sorted times: each bin edge is one binary search.
      let prev = lo;
      for (let b = 0; b < bins; b++) {
        const edge = b === bins - 1 ? hi : Math.min(hi, Math.max(lo, this.lowerBound(from + width * (b + 1))));
        counts[b] = edge - prev;
        prev = edge;
      }
      return { from, to, binWidth: width, total: hi - lo, counts, byValue: null };
    }
    const column = field ? FACET_COLUMN[field] : null;
    const ids = column ? this.gids[column] : null;
    const perId = new BinRows(column ? this.dicts[column].size : 0, bins);
    let total = 0;
    for (let g = lo; g < hi; g++) {
      if (test && !test(g)) continue;
      const b = Math.min(bins - 1, Math.floor((this.time[g]! - from) / width));
      counts[b]!++;
      total++;
      if (ids) perId.add(ids[g]!, b);
    }
    return { from, to, binWidth: width, total, counts, byValue: column ? rowsByValue(perId.rows(), this.dicts[column].values, column === 'tags', bins) : null };
  }

  async page(filter: TimelineFilter, limit: number, order: 'asc' | 'desc' = 'asc', cursor: string | null = null): Promise<PageResult> {
    const [lo, hi] = this.range(filter);
    const test = await this.predicate(filter);
    let total = hi - lo;
    if (test) {
      total = 0;
      for (let g = lo; g < hi; g++) if (test(g)) total++;
    }
    const picked: number[] = [];
    const start = cursor === null ? (order === 'asc' ? lo : hi - 1) : decodeCursor(cursor, lo, hi, order);
    let g = start;
    const step = order === 'asc' ? 1 : -1;
    for (; order === 'asc' ? g < hi : g >= lo; g += step) {
      if (test && !test(g)) continue;
      if (picked.length === limit) break;
      picked.push(g);
    }
    const more = order === 'asc' ? g < hi : g >= lo;
    return { events: await this.materialize(picked), total, nextCursor: more && picked.length ? String(g) : null };
  }

  async facets(filter: TimelineFilter, fields: readonly FacetField[], limit = 10): Promise<FacetResult[]> {
    const [lo, hi] = this.range(filter);
    const test = await this.predicate(filter);
    return fields.map((field) => {
      const column = FACET_COLUMN[field];
      const ids = this.gids[column];
      const counts = new Uint32Array(this.dicts[column].size);
      for (let g = lo; g < hi; g++) if (!test || test(g)) counts[ids[g]!]!++;
      const tally = new Map<string, number>();
      counts.forEach((count, id) => {
        if (!count) return;
        const value = this.dicts[column].values[id]!;
        if (column === 'tags') {
          if (value) for (const tag of JSON.parse(value) as string[]) tally.set(tag, (tally.get(tag) ?? 0) + count);
        } else if (value !== '') tally.set(value, (tally.get(value) ?? 0) + count);
      });
      const values = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return { field, values: values.slice(0, limit).map(([value, count]) => ({ value, count })), distinct: values.length };
    });
  }

  /** Full events for global positions, reading messages and attributes from their runs. */
  async materialize(positions: readonly number[]): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (const g of positions) {
      const [r, i] = [Math.floor(this.where[g]! / RUN_ID_STRIDE), this.where[g]! % RUN_ID_STRIDE];
      const { text } = await this.text.get(r);
      const tagsJson = this.dicts.tags.values[this.gids.tags[g]!]!;
      out.push({
        id: this.runs[r]!.ref.ordinal * RUN_ID_STRIDE + i,
        time: this.time[g]!,
        timestampDesc: this.dicts.desc.values[this.gids.desc[g]!]!,
        message: text.msgBytes.toString('utf8', text.msgOffsets[i]!, text.msgOffsets[i + 1]!),
        source: this.dicts.source.values[this.gids.source[g]!]!,
        host: this.dicts.host.values[this.gids.host[g]!]!,
        user: this.dicts.user.values[this.gids.user[g]!]!,
        tags: tagsJson ? (JSON.parse(tagsJson) as string[]) : [],
        attributes: eventAttributes(text, i),
      });
    }
    return out;
  }

  /** The event with this id (its run's ordinal * RUN_ID_STRIDE + its index in the run), or null: one pass over the positions. */
  async eventById(id: number): Promise<StoredEvent | null> {
    const r = this.runs.findIndex((run) => run.ref.ordinal === Math.floor(id / RUN_ID_STRIDE));
    const g = r < 0 ? -1 : this.where.subarray(0, this.n).indexOf(r * RUN_ID_STRIDE + (id % RUN_ID_STRIDE));
    return g < 0 ? null : (await this.materialize([g]))[0]!;
  }

  close(): void {
    this.closed = true;
    this.text.clear();
    this.trigrams.clear();
    this.lastSearch = null;
  }
}
