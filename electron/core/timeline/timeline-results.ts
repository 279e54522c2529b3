import type { FacetField, StoredEvent } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';
import { SEGMENT_MARKER, segmentAttributes } from './attribute-segment';
import type { RunText } from './run-format';

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
