/**
 * HTML built from tagged templates that escape every value: `h\`<td>${text}</td>\``
 * escapes `text`, so case data (titles, messages, file names an attacker
 * chose) can only ever be text in a report. Markup is only what a template
 * literal itself holds, or another template's result (Safe).
 */

export class Safe {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function part(value: unknown): string {
  if (value instanceof Safe) return value.html;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function h(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new Safe(out);
}

/** An ISO time as the report shows it: "2024-05-01 10:00:00 UTC" (the zone always written). */
export function utcText(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A time for a table cell: it may wrap between the date and the time of day, never inside either. */
export function utcCell(iso: string | null | undefined): Safe {
  const text = utcText(iso);
  const space = text.indexOf(' ');
  if (space < 0) return h`${text}`;
  return h`<span class="nb">${text.slice(0, space)}</span> <span class="nb">${text.slice(space + 1)}</span>`;
}
