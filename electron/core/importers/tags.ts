/**
 * Tags come in three forms in Timesketch exports: a JSON list ('["a","b"]'),
 * a Python list repr ("['a', 'b']"), or plain comma-separated text ('a,b').
 */
export function parseTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((t) => t.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (!text || text === '[]') return [];
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parseTags(parsed);
    } catch {
      // A Python repr: single-quoted items.
      return [...text.slice(1, -1).matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)]
        .map((m) => (m[1] ?? m[2] ?? '').trim())
        .filter(Boolean);
    }
  }
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}
