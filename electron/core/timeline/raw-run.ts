import { DICT_COLUMNS, type DictColumn, type RunColumns, type RunText } from './run-format';

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
}

/** The ArrayBuffers a RawRun can give away to another thread. */
export function transferList(raw: RawRun): ArrayBuffer[] {
  const views = [raw.time, ...DICT_COLUMNS.map((c) => raw.ids[c]), raw.msgOffsets, raw.msgBytes, raw.attrOffsets, raw.attrBytes];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

/** null when the times are already in order (the usual case for exported timelines). */
function sortOrder(time: Float64Array, n: number): Uint32Array | null {
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
  order.sort((a, b) => time[a]! - time[b]! || a - b);
  return order;
}

function orderedBytes(offsets: Uint32Array, bytes: Uint8Array, order: Uint32Array | null, n: number) {
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!order) return { offsets: offsets.subarray(0, n + 1), bytes: src.subarray(0, offsets[n]) };
  const outOffsets = new Uint32Array(n + 1);
  const out = Buffer.allocUnsafe(offsets[n]!);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    outOffsets[k] = at;
    at += src.copy(out, at, offsets[i]!, offsets[i + 1]!);
  }
  outOffsets[n] = at;
  return { offsets: outOffsets, bytes: out };
}

/** Sorts a raw run by time (stable: equal times keep file order) into its columns and text. */
export function buildRun(raw: RawRun): { columns: RunColumns; text: RunText } {
  const n = raw.n;
  const order = sortOrder(raw.time, n);
  const time = new Float64Array(n);
  const ids = {} as Record<DictColumn, Uint32Array>;
  for (const c of DICT_COLUMNS) ids[c] = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    time[k] = raw.time[i]!;
    for (const c of DICT_COLUMNS) ids[c][k] = raw.ids[c][i]!;
  }
  const msg = orderedBytes(raw.msgOffsets, raw.msgBytes, order, n);
  const attr = orderedBytes(raw.attrOffsets, raw.attrBytes, order, n);
  return {
    columns: {
      header: { count: n, minTime: n ? time[0]! : 0, maxTime: n ? time[n - 1]! : 0, dicts: raw.dicts, sections: {} },
      time,
      ids,
    },
    text: { msgOffsets: msg.offsets, msgBytes: msg.bytes, attrOffsets: attr.offsets, attrBytes: attr.bytes },
  };
}
