import { DICT_COLUMNS, type DictColumn, type RunColumns, type RunText } from './run-format';
import type { AttributeSegment } from './attribute-segment';

/**
 * A run as collected, before sorting: plain typed arrays and byte buffers, so
 * it can be handed to the run worker without copying (their buffers are
 * transferred).
 */
export interface RawRun {
  n: number;
  time: Float64Array;
  ids: Record<DictColumn, Uint32Array>;
  dicts: Record<DictColumn, string[]>;
  msgOffsets: Uint32Array;
  msgBytes: Uint8Array;
  attrOffsets: Uint32Array;
  attrBytes: Uint8Array;
  /**
   * Where the entity-bearing attribute values are (EntitySpans), when every
   * event's attributes were written as tabular rows; null when some came as
   * JSON text, which is then searched.
   */
  attrSpans: Uint32Array | null;
  /** How rows stored as segments of their CSV text read (attribute-segment.ts), with each column's entity kind code (-1: none); null when none is. */
  attrSegment: (AttributeSegment & { kinds: number[] }) | null;
}

/** The ArrayBuffers a RawRun can give away to another thread. */
export function transferList(raw: RawRun): ArrayBuffer[] {
  const views = [
    raw.time,
    ...DICT_COLUMNS.map((c) => raw.ids[c]),
    raw.msgOffsets,
    raw.msgBytes,
    raw.attrOffsets,
    raw.attrBytes,
    ...(raw.attrSpans ? [raw.attrSpans] : []),
  ];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

/** null when the times are already in order (the usual case for exported timelines). */
export function sortOrder(time: Float64Array, n: number): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (time[i]! < time[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return null;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return stableSortByTime(order, time);
}

/** Blocks this small are sorted by insertion before merging (timelines are nearly in order: few moves). */
const INSERTION_BLOCK = 32;

/**
 * Sorts event indexes by their time, equal times keeping index order: a
 * bottom-up merge sort that compares times inline. TypedArray.sort with a
 * comparator calls back into JavaScript for every comparison, which made
 * sorting a run a third of the run worker's time.
 */
function stableSortByTime(order: Uint32Array, time: Float64Array): Uint32Array {
  const n = order.length;
  for (let lo = 0; lo < n; lo += INSERTION_BLOCK) {
    const hi = Math.min(lo + INSERTION_BLOCK, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = order[i]!;
      const t = time[v]!;
      let j = i - 1;
      while (j >= lo && time[order[j]!]! > t) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = v;
    }
  }
  let src: Uint32Array = order;
  let dst: Uint32Array = new Uint32Array(n);
  for (let width = INSERTION_BLOCK; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      // Halves already in order (the common case) are copied, not merged.
      if (mid >= hi || time[src[mid - 1]!]! <= time[src[mid]!]!) {
        dst.set(src.subarray(lo, hi), lo);
        continue;
      }
      let a = lo;
      let b = mid;
      let k = lo;
      while (a < mid && b < hi) dst[k++] = time[src[b]!]! < time[src[a]!]! ? src[b++]! : src[a++]!;
      while (a < mid) dst[k++] = src[a++]!;
      while (b < hi) dst[k++] = src[b++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

function orderedBytes(offsets: Uint32Array, bytes: Uint8Array, order: Uint32Array | null, n: number) {
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!order) return { offsets: offsets.subarray(0, n + 1), bytes: src.subarray(0, offsets[n]) };
  const outOffsets = new Uint32Array(n + 1);
  const out = Buffer.allocUnsafe(offsets[n]!);
  let at = 0;
  // Events still next to each other after sorting are copied as one span.
  for (let k = 0; k < n;) {
    const first = order[k]!;
    const spanAt = at;
    let end = first;
    while (k < n && order[k] === end) {
      outOffsets[k++] = at;
      at += offsets[end + 1]! - offsets[end]!;
      end++;
    }
    src.copy(out, spanAt, offsets[first]!, offsets[end]!);
  }
  outOffsets[n] = at;
  return { offsets: outOffsets, bytes: out };
}

/** `values` in `order` (itself when there is no order to apply: the raw run's arrays are the worker's to keep). */
function permuted<T extends Float64Array | Uint32Array>(values: T, order: Uint32Array | null, n: number, make: (n: number) => T): T {
  if (!order) return values.subarray(0, n) as T;
  const out = make(n);
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]!;
  return out;
}

/** Sorts a raw run by time (stable: equal times keep file order) into its columns and text. */
export function buildRun(raw: RawRun): { columns: RunColumns; text: RunText } {
  const n = raw.n;
  const order = sortOrder(raw.time, n);
  const time = permuted(raw.time, order, n, (k) => new Float64Array(k));
  const ids = {} as Record<DictColumn, Uint32Array>;
  for (const c of DICT_COLUMNS) ids[c] = permuted(raw.ids[c], order, n, (k) => new Uint32Array(k));
  const msg = orderedBytes(raw.msgOffsets, raw.msgBytes, order, n);
  const attr = orderedBytes(raw.attrOffsets, raw.attrBytes, order, n);
  return {
    columns: {
      header: { count: n, minTime: n ? time[0]! : 0, maxTime: n ? time[n - 1]! : 0, dicts: raw.dicts, sections: {} },
      time,
      ids,
    },
    text: {
      msgOffsets: msg.offsets,
      msgBytes: msg.bytes,
      attrOffsets: attr.offsets,
      attrBytes: attr.bytes,
      attrSegment: raw.attrSegment ? { columns: raw.attrSegment.columns, delimiter: raw.attrSegment.delimiter } : null,
    },
  };
}
