/** How a recorded value reads in the audit trail: exact, but readable. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (value === '') return '(empty)';
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(v)).join(', ') : '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Long values (descriptions) are cut in the table; the full text is in the tooltip. */
export function shorten(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
