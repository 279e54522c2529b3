import { isoUs } from '../../../../shared/time';
import { epochSecondsUs } from '../epoch-text';
import type { InvalidRecord } from '../problems';

/**
 * Zeek's ASCII (TSV) log writer: `#separator`, `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields` and `#types` header
 * lines, then one record per line. A field equal to the unset marker ('-')
 * has no value and is left out; the empty marker ('(empty)') is an empty
 * string or an empty set. Separators, backslashes and unprintable bytes
 * inside values are escaped (`\x09`, `\\`, `\xNN`), so the line is split
 * first and each value unescaped after; a set or vector is split on its raw
 * set separator (a separator inside an element is written `\x2c`). A file
 * may hold several logs one after the other: each `#fields` starts anew.
 */

export type ZeekValue = string | string[];
export type ZeekRow = Record<string, ZeekValue>;

export interface ZeekLayout {
  path: string;
  fields: string[];
  types: string[];
  /** Index of the record's time field (`ts`, else the first of type time). */
  timeIndex: number;
}

/** Undoes Zeek's escaping: `\\` is a backslash, `\xNN` a byte (runs of them decoded as UTF-8). */
export function unescapeZeek(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '\\') {
      out += '\\';
      i += 2;
      continue;
    }
    const bytes: number[] = [];
    while (text[i] === '\\' && text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    }
    if (bytes.length === 0) {
      // Not an escape Zeek writes: keep it as it stands.
      out += c;
      i++;
    } else out += Buffer.from(bytes).toString('utf8');
  }
  return out;
}

const isContainer = (type: string) => /^(set|vector|table)\[/.test(type);

export class ZeekTsvReader {
  private separator = '\t';
  private setSeparator = ',';
  private empty = '(empty)';
  private unset = '-';
  private path = '';
  private fields: string[] | null = null;
  private types: string[] = [];
  layout: ZeekLayout | null = null;

  /** True when the line is a header or comment line (and was taken in). */
  header(text: string): boolean {
    if (text.charCodeAt(0) !== 35) return false; // '#'
    if (text.startsWith('#separator')) {
      // The one header written with a space: its value is the escaped separator itself.
      this.separator = unescapeZeek(text.slice('#separator'.length).trim()) || '\t';
      return true;
    }
    const [key, ...values] = text.split(this.separator);
    switch (key) {
      case '#set_separator':
        this.setSeparator = unescapeZeek(values[0] ?? ',');
        break;
      case '#empty_field':
        this.empty = values[0] ?? '(empty)';
        break;
      case '#unset_field':
        this.unset = values[0] ?? '-';
        break;
      case '#path':
        this.path = unescapeZeek(values[0] ?? '');
        break;
      case '#fields':
        this.fields = values;
        this.types = [];
        this.layout = null;
        break;
      case '#types':
        this.types = values;
        this.layout = null;
        break;
      default:
        // #open, #close and any other comment.
        break;
    }
    return true;
  }

  /** The current log's layout; null before any `#fields` line. */
  current(): ZeekLayout | null {
    if (this.layout || !this.fields) return this.layout;
    const fields = this.fields;
    let timeIndex = fields.indexOf('ts');
    if (timeIndex < 0) timeIndex = this.types.indexOf('time');
    this.layout = { path: this.path, fields, types: this.types, timeIndex };
    return this.layout;
  }

  /**
   * One record line → its fields by name (unset ones left out), or an
   * invalid record naming the line and, where it is one field, the field.
   */
  record(text: string, line: number, layout: ZeekLayout): { row: ZeekRow } | { invalid: InvalidRecord } {
    const values = text.split(this.separator);
    if (values.length !== layout.fields.length) {
      return { invalid: { position: { line }, field: null, reason: `has ${values.length} fields, the #fields header names ${layout.fields.length}` } };
    }
    const row: ZeekRow = {};
    for (let i = 0; i < values.length; i++) {
      const raw = values[i]!;
      if (raw === this.unset) continue;
      const name = layout.fields[i]!;
      const type = layout.types[i] ?? 'string';
      if (isContainer(type)) {
        row[name] = raw === this.empty ? [] : raw.split(this.setSeparator).map(unescapeZeek);
      } else if (raw === this.empty) {
        row[name] = '';
      } else if (type === 'bool') {
        if (raw !== 'T' && raw !== 'F') return { invalid: { position: { line }, field: name, reason: `"${raw.slice(0, 40)}" is not a Zeek bool (T or F)` } };
        row[name] = raw === 'T' ? 'true' : 'false';
      } else if (type === 'time' && i !== layout.timeIndex) {
        // Other times (a certificate's validity, say) read as times, not as bare epoch numbers.
        const us = epochSecondsUs(raw);
        if (us === null) return { invalid: { position: { line }, field: name, reason: `"${raw.slice(0, 40)}" is not a Zeek time (epoch seconds)` } };
        row[name] = isoUs(us);
      } else {
        row[name] = unescapeZeek(raw);
      }
    }
    return { row };
  }
}
