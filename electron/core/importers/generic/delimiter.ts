/**
 * Which character separates the fields of a delimited text file: the one that
 * splits its first lines into the same number of fields (two or more), the
 * most fields winning. Quoted fields are blanked out first, so a comma inside
 * quotes (or a line break) does not count.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The first complete lines of a sample, quoted content removed. */
function sampleLines(text: string, max: number): string[] {
  const unquoted = text.replace(/"(?:[^"]|"")*"/g, '""');
  const lines = unquoted.split(/\r?\n/);
  // The sample may end mid-line: drop that piece unless it is all there is.
  if (lines.length > 1 && !/\n$/.test(unquoted)) lines.pop();
  return lines.filter((l) => l.trim() !== '').slice(0, max);
}

export function detectDelimiter(text: string, candidates: readonly string[] = DELIMITERS): string | null {
  const lines = sampleLines(text, 20);
  if (lines.length === 0) return null;
  let best: string | null = null;
  let bestFields = 1;
  for (const d of candidates) {
    const counts = lines.map((l) => l.split(d).length);
    const fields = counts[0]!;
    if (fields < 2 || counts.some((c) => c !== fields)) continue;
    if (fields > bestFields) {
      best = d;
      bestFields = fields;
    }
  }
  return best;
}

/** The header's names, split on `delimiter`, quotes and surrounding spaces removed. */
export function headerFields(text: string, delimiter: string): string[] {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl))
    .replace(/\r$/, '')
    .split(delimiter)
    .map((h) =>
      h
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/""/g, '"'),
    );
}
