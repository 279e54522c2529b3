/**
 * Which three-byte sequences a run's (lower-cased) messages contain, as a
 * Bloom filter of one hash: 2^20 bits (128 KiB) per run.
 *
 * A search for an ASCII phrase of three or more characters can only match in a
 * run holding every three-byte piece of it; a run missing one is skipped
 * without decrypting or scanning its text. The filter can answer "maybe" for a
 * piece that is absent (two pieces sharing a bit), never "no" for one that is
 * there, so a skipped run never held a match.
 */
const BITS_LOG2 = 20;

/** The bit of a trigram (its three bytes as a 24-bit number). */
function bitOf(trigram: number): number {
  return Math.imul(trigram, 0x9e3779b1) >>> (32 - BITS_LOG2);
}

/** The filter of bytes [0, length). */
export function buildTrigramFilter(bytes: Uint8Array, length = bytes.length): Uint8Array {
  const bits = new Uint8Array(1 << (BITS_LOG2 - 3));
  let trigram = 0;
  for (let i = 0; i < length; i++) {
    trigram = ((trigram << 8) | bytes[i]!) & 0xffffff;
    if (i < 2) continue;
    const bit = bitOf(trigram);
    bits[bit >>> 3]! |= 1 << (bit & 7);
  }
  return bits;
}

/** False only when `pattern` (three bytes or more) cannot occur in the filtered bytes. */
export function mayContain(bits: Uint8Array, pattern: Uint8Array): boolean {
  let trigram = 0;
  for (let i = 0; i < pattern.length; i++) {
    trigram = ((trigram << 8) | pattern[i]!) & 0xffffff;
    if (i < 2) continue;
    const bit = bitOf(trigram);
    if ((bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
