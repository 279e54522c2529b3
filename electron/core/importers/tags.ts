/**
 * Tags come in three forms in Timesketch exports: a JSON list ('["a","b"]'),
 * a Python list repr ("['a', 'b']"), or plain comma-separated text ('a,b').
 */
export function parseTags(value: unknown): string[] {
  // Items that are lists or objects are not tags (and String() of one nested 100,000 deep would overflow the stack).
  if (Array.isArray(value)) return value.flatMap((t: unknown) => (isScalar(t) ? [String(t).trim()] : [])).filter(Boolean);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (!text || text === '[]') return [];
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parseTags(parsed);
    } catch {
      // A Python repr: single-quoted items.
      return quotedItems(text.slice(1, -1))
        .map((t) => t.trim())
        .filter(Boolean);
    }
  }
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The quoted items of a Python list repr, '…' or "…" with backslash escapes
 * kept as written, read left to right; an item never closed ends the list. By
 * hand: /'((?:[^'\\]|\\.)*)'|"…"/g, started again from each quote of an
 * unclosed item, was quadratic.
 */
function quotedItems(text: string): string[] {
  const items: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) break;
    items.push(text.slice(i + 1, j));
    i = j;
  }
  return items;
}
