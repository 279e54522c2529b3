import { dataObject } from '../data-object';

/**
 * The YAML that serde_yaml (Chainsaw's `dump` and `search` without --json)
 * writes for a JSON value, read back into that value: block mappings and
 * sequences, plain, single- and double-quoted scalars (folded over lines as
 * libyaml folds them at 80 columns), literal block scalars (`|`, `|-`, `|2+`)
 * and the empty `{}` / `[]`. Not YAML in general: no anchors, aliases, tags,
 * flow collections with content, or complex keys; those are refused by line.
 * No package does this here (js-yaml is only a build tool's dependency), and
 * this subset is what the tool writes.
 *
 * Scalars stay text (a plain `4624` is "4624", `true` is "true": what the
 * JSON value would print as, and 64-bit numbers are kept exactly); `null` and
 * `~` are null.
 */

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  constructor(
    message: string,
    /** 0-based line within the document. */
    readonly line: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;

const indentOf = (line: string) => line.length - line.trimStart().length;
const blank = (line: string) => line.trim() === '';

class BlockReader {
  pos = 0;
  constructor(readonly lines: string[]) {}

  private skipBlank(): void {
    while (this.pos < this.lines.length && blank(this.lines[this.pos]!)) this.pos++;
  }

  /** The node starting at the next non-blank line, which must be indented at least `min`. */
  node(min: number, depth: number): YamlValue {
    if (depth > MAX_DEPTH) throw new YamlError(`nested deeper than ${MAX_DEPTH}`, this.pos);
    this.skipBlank();
    if (this.pos >= this.lines.length) return null;
    const line = this.lines[this.pos]!;
    const indent = indentOf(line);
    if (indent < min) return null;
    const body = line.slice(indent);
    if (body === '-' || body.startsWith('- ')) return this.sequence(indent, depth);
    if (keyOf(body)) return this.mapping(indent, depth);
    // A lone scalar document (never a record, but read rather than refused).
    return this.scalar(body, indent, depth);
  }

  private sequence(indent: number, depth: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.pos];
      if (line === undefined || indentOf(line) !== indent) break;
      const body = line.slice(indent);
      if (body !== '-' && !body.startsWith('- ')) break;
      if (body === '-') {
        this.pos++;
        items.push(this.node(indent + 1, depth + 1));
        continue;
      }
      // "- key: value": a mapping whose keys sit two columns in; rewrite the line so it reads as one.
      this.lines[this.pos] = ' '.repeat(indent + 2) + body.slice(2).trimStart();
      const inner = indent + 2 + (body.slice(2).length - body.slice(2).trimStart().length);
      const rest = this.lines[this.pos]!.slice(inner);
      items.push(rest === '-' || rest.startsWith('- ') || keyOf(rest) ? this.node(inner, depth + 1) : this.scalar(rest, indent, depth + 1));
    }
    return items;
  }

  private mapping(indent: number, depth: number): { [key: string]: YamlValue } {
    const map = dataObject() as { [key: string]: YamlValue };
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.pos];
      if (line === undefined || indentOf(line) !== indent) break;
      const body = line.slice(indent);
      const key = keyOf(body);
      if (!key) throw new YamlError(`expected "key: value" at column ${indent + 1}`, this.pos);
      const rest = body.slice(key.length).trim();
      if (rest === '') {
        this.pos++;
        // A block sequence under a key may sit at the key's own indentation (serde_yaml writes it so).
        const next = this.peekIndent();
        const isSeq = next === indent && /^-(?: |$)/.test(this.lines[this.pos]!.trimStart());
        map[key.name] = isSeq ? this.sequence(indent, depth + 1) : this.node(indent + 1, depth + 1);
      } else map[key.name] = this.scalar(rest, indent, depth + 1);
    }
    return map;
  }

  private peekIndent(): number {
    this.skipBlank();
    const line = this.lines[this.pos];
    return line === undefined ? -1 : indentOf(line);
  }

  /** A scalar starting at `text` on the current line (continuation lines are those indented more than `parent`). */
  private scalar(text: string, parent: number, depth: number): YamlValue {
    if (depth > MAX_DEPTH) throw new YamlError(`nested deeper than ${MAX_DEPTH}`, this.pos);
    const start = this.pos;
    this.pos++;
    if (text === '{}') return dataObject() as { [key: string]: YamlValue };
    if (text === '[]') return [];
    if (/^[|>]/.test(text)) return this.blockScalar(text, parent);
    if (/^[&*!{[]/.test(text)) throw new YamlError(`"${text.slice(0, 20)}": anchors, aliases, tags and flow collections are not read`, start);
    const more = this.continuation(parent);
    if (text.startsWith("'")) return singleQuoted([text, ...more], start);
    if (text.startsWith('"')) return doubleQuoted([text, ...more], start);
    const plain = fold([text, ...more.map((l) => l.trim())]);
    return plain === 'null' || plain === '~' ? null : plain;
  }

  /** Lines after the current one indented deeper than `parent` (or blank inside them): a folded scalar's rest. */
  private continuation(parent: number): string[] {
    const out: string[] = [];
    let end = this.pos;
    while (end < this.lines.length && (blank(this.lines[end]!) || indentOf(this.lines[end]!) > parent)) end++;
    // Blank lines after the last text line belong to whatever follows.
    while (end > this.pos && blank(this.lines[end - 1]!)) end--;
    for (; this.pos < end; this.pos++) out.push(this.lines[this.pos]!);
    return out;
  }

  private blockScalar(header: string, parent: number): string {
    const m = /^([|>])([1-9]?)([-+]?)([1-9]?)\s*$/.exec(header);
    if (!m) throw new YamlError(`"${header}": not a block scalar header`, this.pos - 1);
    const lines: string[] = [];
    while (this.pos < this.lines.length && (blank(this.lines[this.pos]!) || indentOf(this.lines[this.pos]!) > parent)) lines.push(this.lines[this.pos++]!);
    const trailing = trailingBlank(lines);
    const kept = lines.slice(0, lines.length - trailing);
    const explicit = Number(m[2] || m[4] || 0);
    const indent = explicit ? parent + explicit : Math.min(...kept.filter((l) => !blank(l)).map(indentOf), Infinity);
    const body = kept.map((l) => l.slice(indent));
    const text = m[1] === '|' ? body.join('\n') : foldBlock(body);
    if (kept.length === 0) return m[3] === '+' ? '\n'.repeat(trailing) : '';
    if (m[3] === '-') return text;
    return m[3] === '+' ? text + '\n'.repeat(trailing + 1) : text + '\n';
  }
}

function trailingBlank(lines: string[]): number {
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && blank(lines[i]!); i--) n++;
  return n;
}

/** The key of a "key: value" or "key:" line: plain or quoted. */
function keyOf(body: string): { name: string; length: number } | null {
  if (body.startsWith("'")) {
    const m = /^'((?:[^']|'')*)':(?: |$)/.exec(body);
    return m ? { name: m[1]!.replace(/''/g, "'"), length: m[0].trimEnd().length } : null;
  }
  if (body.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)":(?: |$)/.exec(body);
    return m ? { name: unescape(m[1]!, 0), length: m[0].trimEnd().length } : null;
  }
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(body) && !/^[-?:][^\s]/.test(body)) return null;
  const m = /^([^#]*?):(?: |$)/.exec(body);
  return m && m[1]!.trim() ? { name: m[1]!.trim(), length: m[0].trimEnd().length } : null;
}

/** Plain and quoted scalars over several lines: a line break is a space, an empty line a newline. */
function fold(lines: string[]): string {
  let out = '';
  let breaks = 0;
  lines.forEach((line, i) => {
    if (line === '') {
      breaks++;
      return;
    }
    if (i > 0) out += breaks ? '\n'.repeat(breaks) : ' ';
    breaks = 0;
    out += line;
  });
  return out;
}

function foldBlock(body: string[]): string {
  let out = '';
  body.forEach((line, i) => {
    if (i === 0) out = line;
    else if (line === '' || line.startsWith(' ') || body[i - 1] === '' || body[i - 1]!.startsWith(' ')) out += `\n${line}`;
    else out += ` ${line}`;
  });
  return out;
}

function singleQuoted(lines: string[], line: number): string {
  const joined = fold(lines.map((l, i) => (i === 0 ? l : l.trim())));
  const m = /^'((?:[^']|'')*)'\s*$/.exec(joined);
  if (!m) throw new YamlError('a single-quoted scalar is not closed', line);
  return m[1]!.replace(/''/g, "'");
}

function doubleQuoted(lines: string[], line: number): string {
  // A line ending in an escaped break ("\") joins the next with nothing between them.
  let joined = '';
  lines.forEach((l, i) => {
    const part = i === 0 ? l : l.trim();
    if (i === 0) joined = part;
    else if (/(?<!\\)(?:\\\\)*\\$/.test(joined)) joined = joined.slice(0, -1) + part;
    else joined += part === '' ? '\n' : joined.endsWith('\n') ? part : ` ${part}`;
  });
  const m = /^"((?:[^"\\]|\\[\s\S])*)"\s*$/.exec(joined);
  if (!m) throw new YamlError('a double-quoted scalar is not closed', line);
  return unescape(m[1]!, line);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

function unescape(text: string, line: number): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    const c = ESCAPES[e];
    if (c === undefined) throw new YamlError(`"\\${e}": not a YAML escape`, line);
    return c;
  });
}

/** One YAML document (the lines between `---` markers) as the value it writes. */
export function readYamlDocument(lines: string[]): YamlValue {
  const reader = new BlockReader(lines);
  const value = reader.node(0, 0);
  for (let i = reader.pos; i < lines.length; i++) {
    if (!blank(lines[i]!)) throw new YamlError('text after the end of the document (indentation that does not fit)', i);
  }
  return value;
}
