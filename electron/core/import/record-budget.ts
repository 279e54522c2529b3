import { MAX_RECORD_BYTES } from '../vault/journal-format';

/**
 * What an import may put in one journal record. The journal writer refuses a
 * record over MAX_RECORD_BYTES (the reader would take it for damage), so an
 * import measures its records first: one that can never fit is an invalid
 * record of the file, and batches are cut so that each fits.
 */

/**
 * Room kept in each record for what surrounds the imported records: the
 * record's seq, time, actor and type, the batch's import id and list name, the
 * commas between records, and the seen times and counts finish() adds to
 * entities after they were measured.
 */
const ENVELOPE_BYTES = 64 * 1024;

/** The most bytes of imported records (as JSON) that go into one journal record. */
export const RECORD_BUDGET = MAX_RECORD_BYTES - ENVELOPE_BYTES;

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Bytes of a value as JSON (UTF-8), what it adds to a record. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The field that makes a record large: the largest member at each level,
 * followed down while it holds most of its parent. Only called for a record
 * already known to be too large, so measuring each member is affordable.
 */
export function largestField(value: unknown): { path: string; bytes: number } {
  let path = '';
  let at = value;
  let bytes = jsonBytes(value);
  for (;;) {
    if (at === null || typeof at !== 'object') break;
    let best: { key: string; value: unknown; bytes: number } | null = null;
    for (const [key, member] of Object.entries(at)) {
      const size = jsonBytes(member);
      if (!best || size > best.bytes) best = { key, value: member, bytes: size };
    }
    if (!best || best.bytes * 2 < bytes) break;
    path = Array.isArray(at) ? `${path}[${best.key}]` : path ? `${path}.${best.key}` : best.key;
    at = best.value;
    bytes = best.bytes;
  }
  return { path, bytes };
}

/**
 * Cuts a list into batches of at most `maxItems` whose sizes (plus a comma
 * each) add up to at most `budget`, keeping the order. An item over the
 * budget on its own goes alone: the journal writer refuses it, naming it.
 */
export function packBatches<T>(items: readonly T[], sizeOf: (item: T) => number, maxItems: number, budget = RECORD_BUDGET): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item) + 1;
    if (batch.length > 0 && (batch.length >= maxItems || bytes + size > budget)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
