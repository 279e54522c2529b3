import type { RunText } from './run-format';
import { mayContain } from './trigram-filter';

/**
 * Phrase search over the runs' messages, case-insensitive. ASCII phrases are matched
 * byte for byte in each run's lower-cased text (the bytes its trigram filter saw), and
 * a run whose filter rules the phrase out is skipped without decrypting it.
 */
export async function searchMessages(
  key: string,
  count: number,
  runs: readonly { ref: { name: string }; globalOf: Uint32Array }[],
  trigrams: ReadonlyMap<string, Uint8Array>,
  textOf: (run: number) => Promise<{ text: RunText; lower: Buffer }>,
): Promise<Uint8Array> {
  const mask = new Uint8Array(count);
  const ascii = isAscii(key);
  const pattern = Buffer.from(key, 'utf8');
  for (let r = 0; r < runs.length; r++) {
    const filter = trigrams.get(runs[r]!.ref.name);
    if (ascii && filter && !mayContain(filter, pattern)) continue;
    const { text, lower } = await textOf(r);
    const globalOf = runs[r]!.globalOf;
    const offsets = text.msgOffsets;
    if (ascii) {
      // Byte search over the whole run; ASCII case folding never touches UTF-8 multibyte sequences.
      let at = lower.indexOf(pattern, 0);
      while (at !== -1) {
        const i = upperBound(offsets, at) - 1;
        mask[globalOf[i]!] = 1;
        at = lower.indexOf(pattern, offsets[i + 1]!);
      }
    } else {
      for (let i = 0; i < globalOf.length; i++) {
        if (
          text.msgBytes
            .toString('utf8', offsets[i]!, offsets[i + 1]!)
            .toLowerCase()
            .includes(key)
        )
          mask[globalOf[i]!] = 1;
      }
    }
  }
  return mask;
}

/** First index whose offset is greater than `value`. */
function upperBound(offsets: Uint32Array, value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A copy with ASCII letters lower-cased, for case-insensitive byte search. */
export function asciiLower(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  bytes.copy(out);
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c >= 65 && c <= 90) out[i] = c | 32;
  }
  return out;
}
