import type { Dictionary } from './dictionary';
import { DICT_COLUMNS, type DictColumn, type RunColumns } from './run-format';
import { RUN_ID_STRIDE } from './run-builder';

/** The case's events in one time order: what TimelineStore queries. */
export interface MergedIndex {
  count: number;
  time: Float64Array<ArrayBuffer>;
  /** Run index and local index of each global position: run * RUN_ID_STRIDE + local. */
  where: Float64Array<ArrayBuffer>;
  /** Each event's global dictionary id, per column. */
  gids: Record<DictColumn, Uint32Array>;
  /** Per run, the global position of each of its events. */
  globalOf: Uint32Array[];
}

/**
 * Merges time-sorted runs into one index (a k-way merge), their dictionary ids made
 * global through `dicts` (which gain the runs' values). Ties keep run order.
 */
export function mergeRuns(columns: readonly RunColumns[], dicts: Record<DictColumn, Dictionary>): MergedIndex {
  const count = columns.reduce((sum, c) => sum + c.header.count, 0);
  const out: MergedIndex = {
    count,
    time: new Float64Array(count),
    where: new Float64Array(count),
    gids: {} as Record<DictColumn, Uint32Array>,
    globalOf: columns.map((c) => new Uint32Array(c.header.count)),
  };
  for (const c of DICT_COLUMNS) out.gids[c] = new Uint32Array(count);
  // Each run's dictionary ids → global ids.
  const remap = columns.map((col) => {
    const m = {} as Record<DictColumn, Uint32Array>;
    for (const c of DICT_COLUMNS) m[c] = Uint32Array.from(col.header.dicts[c], (v) => dicts[c].id(v));
    return m;
  });
  const heap = new RunHeap(columns);
  let g = 0;
  while (heap.size) {
    const r = heap.top;
    const col = columns[r]!;
    const start = heap.cursor[r]!;
    // Copy the run's events while they stay before the next run's head: runs rarely overlap.
    const limitTime = heap.nextHeadTime();
    let i = start;
    do i++;
    while (i < col.header.count && col.time[i]! < limitTime);
    copySpan(out, col, remap[r]!, r, start, i, g);
    g += i - start;
    heap.advance(i);
  }
  return out;
}

/**
 * The index mergeRuns would build from base's runs and then `added`, without merging base's runs
 * again: the added runs are merged among themselves (as runs base.globalOf.length, +1, …) and then
 * with base in one pass, base first where times tie (its runs come first). Base's arrays are left
 * as they are; its runs' positions in the result are in the result's globalOf.
 */
export function appendRuns(base: MergedIndex, added: readonly RunColumns[], dicts: Record<DictColumn, Dictionary>): MergedIndex {
  const fresh = mergeRuns(added, dicts);
  const shift = base.globalOf.length * RUN_ID_STRIDE;
  for (let k = 0; k < fresh.count; k++) fresh.where[k]! += shift;
  const count = base.count + fresh.count;
  const out: MergedIndex = { count, time: new Float64Array(count), where: new Float64Array(count), gids: {} as Record<DictColumn, Uint32Array>, globalOf: [] };
  for (const c of DICT_COLUMNS) out.gids[c] = new Uint32Array(count);
  // Where each event of base and of fresh lands.
  const baseAt = new Uint32Array(base.count);
  const freshAt = new Uint32Array(fresh.count);
  let i = 0;
  let j = 0;
  let g = 0;
  while (i < base.count || j < fresh.count) {
    // Base's events up to the next fresh one (ties included), then fresh's before the next of base.
    const freshHead = j < fresh.count ? fresh.time[j]! : Infinity;
    let end = i;
    while (end < base.count && base.time[end]! <= freshHead) end++;
    g = copyMerged(out, base, i, end, g, baseAt);
    i = end;
    const baseHead = i < base.count ? base.time[i]! : Infinity;
    end = j;
    while (end < fresh.count && fresh.time[end]! < baseHead) end++;
    g = copyMerged(out, fresh, j, end, g, freshAt);
    j = end;
  }
  out.globalOf = [...base.globalOf.map((at) => at.map((p) => baseAt[p]!)), ...fresh.globalOf.map((at) => at.map((p) => freshAt[p]!))];
  return out;
}

/** Positions [start, end) of `from` go to [g, …) of `out`; `movedTo` learns where each went. Returns the next free position. */
function copyMerged(out: MergedIndex, from: MergedIndex, start: number, end: number, g: number, movedTo: Uint32Array): number {
  out.time.set(from.time.subarray(start, end), g);
  out.where.set(from.where.subarray(start, end), g);
  for (const c of DICT_COLUMNS) out.gids[c].set(from.gids[c].subarray(start, end), g);
  for (let k = start; k < end; k++) movedTo[k] = g + k - start;
  return g + end - start;
}

/** Events [start, end) of run r go to global positions [g, g + end - start), column by column (one tight loop per typed array). */
function copySpan(out: MergedIndex, col: RunColumns, ids: Record<DictColumn, Uint32Array>, r: number, start: number, end: number, g: number): void {
  const span = end - start;
  const globalOf = out.globalOf[r]!;
  out.time.set(col.time.subarray(start, end), g);
  for (let k = 0; k < span; k++) {
    out.where[g + k] = r * RUN_ID_STRIDE + start + k;
    globalOf[start + k] = g + k;
  }
  for (const c of DICT_COLUMNS) {
    const to = out.gids[c];
    const from = col.ids[c];
    const map = ids[c];
    for (let k = 0; k < span; k++) to[g + k] = map[from[start + k]!]!;
  }
}

/** A binary heap of run cursors, ordered by the time of each run's next event, then by run. */
class RunHeap {
  readonly cursor: Uint32Array;
  private readonly heap: number[] = [];

  constructor(private readonly columns: readonly RunColumns[]) {
    this.cursor = new Uint32Array(columns.length);
    columns.forEach((c, r) => c.header.count > 0 && this.push(r));
  }

  get size(): number {
    return this.heap.length;
  }

  /** The run whose next event comes first. */
  get top(): number {
    return this.heap[0]!;
  }

  /** The next-smallest head's time: it is one of the root's children. */
  nextHeadTime(): number {
    let limit = Infinity;
    for (const h of [this.heap[1], this.heap[2]]) if (h !== undefined) limit = Math.min(limit, this.columns[h]!.time[this.cursor[h]!]!);
    return limit;
  }

  /** Moves the top run's cursor to `to`; a run at its end leaves the heap. */
  advance(to: number): void {
    const r = this.top;
    this.cursor[r] = to;
    if (to < this.columns[r]!.header.count) return this.siftDown();
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.siftDown();
    }
  }

  private less(a: number, b: number): boolean {
    const ta = this.columns[a]!.time[this.cursor[a]!]!;
    const tb = this.columns[b]!.time[this.cursor[b]!]!;
    return ta < tb || (ta === tb && a < b);
  }

  private push(r: number): void {
    const heap = this.heap;
    heap.push(r);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  private siftDown(): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const rr = l + 1;
      let m = i;
      if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
      if (rr < heap.length && this.less(heap[rr]!, heap[m]!)) m = rr;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}
