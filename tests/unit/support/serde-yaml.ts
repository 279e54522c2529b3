/**
 * Writes a JSON value as serde_yaml 0.9 (Chainsaw's YAML output) writes it:
 * block mappings, sequences at their key's indentation, strings plain when
 * they read back as the same string, else single-quoted ('' for '), double-
 * quoted when they hold control characters, literal blocks (`|-`, with an
 * indentation indicator when the first line starts with a space) when they
 * hold line breaks; plain scalars longer than `width` folded at spaces onto
 * deeper lines, as libyaml does at 80 columns. For tests of the reader only.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RESERVED =
  /^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/;

function plainSafe(s: string): boolean {
  if (s === '' || RESERVED.test(s) || /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) || /\s$/.test(s)) return false;
  // eslint-disable-next-line no-control-regex -- control characters need double quotes
  return !/: |\s#|:$|[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(s);
}

/** Control characters other than tab and line feed: written double-quoted, escaped. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex -- every control character is escaped in a double-quoted scalar
const ANY_CONTROL = /[\x00-\x1f\x7f]/g;

function quoted(s: string): string {
  if (CONTROL.test(s)) return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(ANY_CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
  return `'${s.replace(/'/g, "''")}'`;
}

function foldPlain(s: string, column: number, indent: number, width: number): string {
  if (column + s.length <= width || !s.includes(' ')) return s;
  const words = s.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    // A break is only where one space separates two words (libyaml never folds at runs of spaces).
    if (current && w && (lines.length ? indent : column) + current.length + 1 + w.length > width && !current.endsWith(' ')) {
      lines.push(current);
      current = w;
    } else current = current === '' && lines.length === 0 ? w : `${current} ${w}`;
  }
  lines.push(current);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function scalar(value: Json, column: number, indent: number, width: number): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value.includes('\n') && !CONTROL.test(value.replace(/\r/g, ''))) {
    const indicator = value.startsWith(' ') ? '2' : '';
    const chomp = value.endsWith('\n') ? (value.endsWith('\n\n') ? '+' : '') : '-';
    const body = value.replace(/\n$/, '').split('\n');
    return `|${indicator}${chomp}\n${body.map((l) => (l ? ' '.repeat(indent) + l : '')).join('\n')}`;
  }
  return plainSafe(value) ? foldPlain(value, column, indent, width) : quoted(value);
}

const key = (k: string) => (plainSafe(k) ? k : quoted(k));

function block(value: Json, indent: number, width: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) {
        const [first, ...rest] = block(item, indent + 2, width);
        return [`${pad}- ${first!.trimStart()}`, ...rest];
      }
      return [`${pad}- ${inline(item, indent + 2, indent + 2, width)}`];
    });
  }
  return Object.entries(value as Record<string, Json>).flatMap(([k, v]) => {
    if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length))
      return [`${pad}${key(k)}:`, ...block(v, Array.isArray(v) ? indent : indent + 2, width)];
    return [`${pad}${key(k)}: ${inline(v, indent + key(k).length + 2, indent + 2, width)}`];
  });
}

function inline(value: Json, column: number, indent: number, width: number): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return scalar(value, column, indent, width);
}

/** Chainsaw's `dump` output of these records: `---` before each one. */
export function serdeYamlDocuments(records: Json[], width = 80): string {
  return records.map((r) => `---\n${block(r, 0, width).join('\n')}\n`).join('');
}
