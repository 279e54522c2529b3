import type { FacetField, StoredEvent } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';
import { SEGMENT_MARKER, segmentAttributes } from './attribute-segment';
import type { DictColumn, RunText } from './run-format';

/** The dictionary column each facet counts. */
export const FACET_COLUMN: Record<FacetField, DictColumn> = {
  source: 'source',
  host: 'host',
  user: 'user',
  tag: 'tags',
  timestampDesc: 'desc',
};

/** What the timeline store's queries answer (timeline-store.ts), and the small pieces that build the answers. */

export interface HistogramResult {
  from: number;
  to: number;
  binWidth: number;
  total: number;
  counts: number[];
  /** When split: one series per top value (the rest under '(other)'). */
  series: { value: string; counts: number[] }[] | null;
}

/** Events per bin, and per value of a field when asked (timeline-store.ts bucketed). */
export interface Buckets {
  from: number;
  to: number;
  binWidth: number;
  total: number;
  counts: number[];
  byValue: Map<string, number[]> | null;
}

/**
 * Events per bin for each dictionary id of a field: one flat typed array when
 * ids × bins is small (hosts, users, sources: no allocation per event), else a
 * map of rows for the ids seen.
 */
export class BinRows {
  private readonly flat: Uint32Array | null;
  private readonly map = new Map<number, number[]>();

  constructor(
    private readonly ids: number,
    private readonly bins: number,
  ) {
    this.flat = ids * bins <= 4_000_000 ? new Uint32Array(ids * bins) : null;
  }

  add(id: number, bin: number): void {
    if (this.flat) {
      this.flat[id * this.bins + bin]!++;
      return;
    }
    let row = this.map.get(id);
    if (!row) this.map.set(id, (row = new Array<number>(this.bins).fill(0)));
    row[bin]!++;
  }

  /** The rows of the ids that have events. */
  rows(): Map<number, number[]> {
    if (!this.flat) return this.map;
    const out = new Map<number, number[]>();
    for (let id = 0; id < this.ids; id++) {
      const row = this.flat.subarray(id * this.bins, (id + 1) * this.bins);
      if (row.some((v) => v > 0)) out.set(id, Array.from(row));
    }
    return out;
  }
}

/** Per-id rows keyed by the value each id stands for; a tag list's id (tags) adds its row to each of its tags. */
export function rowsByValue(perId: Map<number, number[]>, values: readonly string[], tags: boolean, bins: number): Map<string, number[]> {
  if (!tags) return new Map([...perId].map(([id, row]) => [values[id]!, row]));
  const out = new Map<string, number[]>();
  for (const [id, row] of perId) {
    const json = values[id]!;
    for (const tag of json ? (JSON.parse(json) as string[]) : ['']) {
      const into = out.get(tag) ?? new Array<number>(bins).fill(0);
      row.forEach((v, i) => (into[i]! += v));
      out.set(tag, into);
    }
  }
  return out;
}

/** The `limit` values with the most events, most first, and the rest summed as '(other)'. */
export function topSeries(byValue: Map<string, number[]>, bins: number, limit: number): { value: string; counts: number[] }[] {
  const ranked = [...byValue.entries()].map(([value, counts]) => ({ value, counts, total: sum(counts) }));
  ranked.sort((a, b) => b.total - a.total || a.value.localeCompare(b.value));
  const series = ranked.slice(0, limit).map(({ value, counts }) => ({ value, counts }));
  const rest = ranked.slice(limit);
  if (rest.length) {
    const other = new Array<number>(bins).fill(0);
    for (const r of rest) r.counts.forEach((v, i) => (other[i]! += v));
    series.push({ value: '(other)', counts: other });
  }
  return series;
}

export interface PageResult {
  events: StoredEvent[];
  total: number;
  /** Opaque: pass it back to get the next page; null at the end. */
  nextCursor: string | null;
}

export interface FacetResult {
  field: FacetField;
  values: { value: string; count: number }[];
  /** Distinct values in the filtered events. */
  distinct: number;
}

export function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function decodeCursor(cursor: string, lo: number, hi: number, order: 'asc' | 'desc'): number {
  const g = Number(cursor);
  if (!Number.isInteger(g)) throw new CasebookError('invalid-input', `timeline cursor "${cursor}" is not valid`);
  return order === 'asc' ? Math.max(lo, Math.min(g, hi)) : Math.min(hi - 1, Math.max(g, lo - 1));
}

/** Event i's attributes, stored as JSON text or as a segment of its CSV text. */
export function eventAttributes(text: RunText, i: number): Record<string, string> {
  const start = text.attrOffsets[i]!;
  const end = text.attrOffsets[i + 1]!;
  if (end === start) return {};
  if (text.attrBytes[start] !== SEGMENT_MARKER) return JSON.parse(text.attrBytes.toString('utf8', start, end)) as Record<string, string>;
  if (!text.attrSegment) throw new CasebookError('corrupt', 'timeline run: an attribute segment in a run that names no segment columns');
  return segmentAttributes(text.attrBytes.toString('utf8', start + 1, end), text.attrSegment);
}
