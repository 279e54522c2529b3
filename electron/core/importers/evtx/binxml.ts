import { ChunkBytes } from './evtx-error';
import { BINXML_TYPE, renderValue, type ValueText } from './values';

/**
 * Binary XML (BinXml) as EVTX stores it: a token stream whose element and
 * attribute names are strings elsewhere in the chunk (found by chunk offset,
 * written inline the first time), and whose records are mostly template
 * instances: a reference to a template definition (an XML skeleton with
 * numbered substitution slots, written inline on its first use in the chunk)
 * followed by the record's own typed values. Values of type BinXml hold a
 * nested fragment, with template instances of their own.
 *
 * Everything is read from one chunk's bytes, every offset checked against
 * them (ChunkBytes); recursion is bounded (MAX_DEPTH), a template that refers
 * to itself is refused, and one record may not expand into more than
 * MAX_NODES nodes or MAX_CHARS characters (a template of 60 KiB referenced
 * by thousands of nested values would otherwise grow without bound).
 */

export interface XmlElement {
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
}
export interface XmlAttribute {
  name: string;
  value: string;
}
/** Text, an array value (kept as its items), or an element. */
export type XmlNode = string | string[] | XmlElement;

export const MAX_DEPTH = 64;
export const MAX_TEMPLATES = 2048;
export const MAX_NODES = 100_000;
export const MAX_CHARS = 32 * 1024 * 1024;

interface Sub {
  sub: number;
  optional: boolean;
}
/** Nodes already made (a template instance inside a fragment). */
interface Spliced {
  nodes: XmlNode[];
}
type Part = string | Sub | Spliced;
interface TElement {
  name: string;
  attrs: { name: string; parts: Part[] }[];
  content: Content[];
}
type Content = TElement | Part;
type Value = ValueText | Spliced;

const T_EOF = 0x00;
const T_OPEN = 0x01;
const T_CLOSE_START = 0x02;
const T_CLOSE_EMPTY = 0x03;
const T_END = 0x04;
const T_VALUE = 0x05;
const T_ATTRIBUTE = 0x06;
const T_CDATA = 0x07;
const T_CHARREF = 0x08;
const T_ENTITYREF = 0x09;
const T_PI_TARGET = 0x0a;
const T_PI_DATA = 0x0b;
const T_TEMPLATE = 0x0c;
const T_SUB = 0x0d;
const T_OPTIONAL_SUB = 0x0e;
const T_FRAGMENT = 0x0f;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const BUSY = Symbol('template being read');

function isElement(c: Content): c is TElement {
  return typeof c === 'object' && 'content' in c;
}

/** Reads the BinXml of one chunk; names and templates are shared by its records. */
export class BinXmlReader {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, Content[] | typeof BUSY>();
  private nodes = 0;
  private chars = 0;

  constructor(private readonly bytes: ChunkBytes) {}

  /** The XML of the fragment in [start, end) of the chunk (a record's event, after its 24-byte header). */
  record(start: number, end: number): XmlNode[] {
    this.nodes = 0;
    this.chars = 0;
    return this.instantiate(this.fragment(start, end, 0).content, []);
  }

  /** A name string: written at `offset`; `pos` is where the stream is, so an inline name is stepped over. */
  private name(offset: number, pos: number, end: number): { name: string; next: number } {
    let name = this.names.get(offset);
    const b: ChunkBytes = this.bytes;
    if (name === undefined) {
      const chars = b.u16(offset + 6, 'a name string');
      b.need(offset + 8, chars * 2, 'a name string');
      name = b.buf.toString('utf16le', offset + 8, offset + 8 + chars * 2);
      this.names.set(offset, name);
    }
    if (offset !== pos) return { name, next: pos };
    const next = pos + 8 + name.length * 2 + 2;
    if (next > end) b.fail(`the name "${name.slice(0, 40)}" runs past the end of its fragment`, pos);
    return { name, next };
  }

  /** Tokens from `pos` to an end-of-stream token (or `end`): a fragment's elements and template instances. */
  private fragment(pos: number, end: number, depth: number): { content: Content[]; next: number } {
    const b: ChunkBytes = this.bytes;
    if (depth > MAX_DEPTH) b.fail(`BinXml nested more than ${MAX_DEPTH} deep`, pos);
    const content: Content[] = [];
    while (pos < end) {
      const token = b.u8(pos, 'a BinXml token');
      switch (token & 0xbf) {
        case T_EOF:
          return { content, next: pos + 1 };
        case T_FRAGMENT:
          b.need(pos, 4, 'a fragment header');
          pos += 4;
          break;
        case T_OPEN: {
          const read = this.element(pos, end, depth + 1);
          content.push(read.element);
          pos = read.next;
          break;
        }
        case T_TEMPLATE: {
          const read = this.templateInstance(pos, end, depth + 1);
          content.push(read.spliced);
          pos = read.next;
          break;
        }
        default: {
          const read = this.part(pos, end, depth);
          if (!read) b.fail(`unexpected BinXml token 0x${token.toString(16)} in a fragment`, pos);
          content.push(read.part);
          pos = read.next;
        }
      }
    }
    return { content, next: pos };
  }

  /** Text-like tokens (values, substitutions, references); null for any other token. */
  private part(pos: number, end: number, depth: number): { part: Part; next: number } | null {
    const b: ChunkBytes = this.bytes;
    const token = b.u8(pos, 'a BinXml token') & 0xbf;
    switch (token) {
      case T_VALUE: {
        const type = b.u8(pos + 1, 'a value type');
        if (type !== 0x01) b.fail(`an inline value of type 0x${type.toString(16)} (only strings are written inline)`, pos);
        const chars = b.u16(pos + 2, 'a value length');
        b.need(pos + 4, chars * 2, 'a value');
        return { part: b.buf.toString('utf16le', pos + 4, pos + 4 + chars * 2), next: pos + 4 + chars * 2 };
      }
      case T_SUB:
      case T_OPTIONAL_SUB:
        b.need(pos, 4, 'a substitution');
        return { part: { sub: b.buf.readUInt16LE(pos + 1), optional: token === T_OPTIONAL_SUB }, next: pos + 4 };
      case T_CHARREF:
        return { part: String.fromCharCode(b.u16(pos + 1, 'a character reference')), next: pos + 3 };
      case T_ENTITYREF: {
        const { name, next } = this.name(b.u32(pos + 1, 'an entity reference'), pos + 5, end);
        return { part: ENTITIES[name] ?? `&${name};`, next };
      }
      case T_CDATA: {
        const chars = b.u16(pos + 1, 'a CDATA section');
        b.need(pos + 3, chars * 2, 'a CDATA section');
        return { part: b.buf.toString('utf16le', pos + 3, pos + 3 + chars * 2), next: pos + 3 + chars * 2 };
      }
      case T_PI_TARGET:
        // Processing instructions say nothing about the event; stepped over.
        return { part: '', next: this.name(b.u32(pos + 1, 'a processing instruction'), pos + 5, end).next };
      case T_PI_DATA: {
        const chars = b.u16(pos + 1, 'processing instruction data');
        b.need(pos + 3, chars * 2, 'processing instruction data');
        return { part: '', next: pos + 3 + chars * 2 };
      }
      case T_TEMPLATE: {
        const read = this.templateInstance(pos, end, depth + 1);
        return { part: read.spliced, next: read.next };
      }
      default:
        return null;
    }
  }

  private element(start: number, end: number, depth: number): { element: TElement; next: number } {
    const b: ChunkBytes = this.bytes;
    if (depth > MAX_DEPTH) b.fail(`elements nested more than ${MAX_DEPTH} deep`, start);
    const token = b.u8(start, 'an element');
    // Token, dependency identifier (u16), data size (u32), then the name's offset.
    const { name, next } = this.name(b.u32(start + 7, 'an element name offset'), start + 11, end);
    let pos = next;
    if (token & 0x40) pos += 4; // the attribute list's size: the attributes themselves follow
    const element: TElement = { name, attrs: [], content: [] };
    while ((b.u8(pos, 'an attribute') & 0xbf) === T_ATTRIBUTE) {
      const attr = this.name(b.u32(pos + 1, 'an attribute name offset'), pos + 5, end);
      pos = attr.next;
      const parts: Part[] = [];
      for (let read = this.part(pos, end, depth); read; read = this.part(pos, end, depth)) {
        parts.push(read.part);
        pos = read.next;
      }
      element.attrs.push({ name: attr.name, parts });
    }
    const close = b.u8(pos, 'the end of a start tag');
    if (close === T_CLOSE_EMPTY) return { element, next: pos + 1 };
    if (close !== T_CLOSE_START) b.fail(`element <${name}>: token 0x${close.toString(16)} where its start tag should close`, pos);
    pos++;
    for (;;) {
      const t = b.u8(pos, `the content of <${name}>`) & 0xbf;
      if (t === T_END) return { element, next: pos + 1 };
      if (t === T_OPEN) {
        const child = this.element(pos, end, depth + 1);
        element.content.push(child.element);
        pos = child.next;
        continue;
      }
      const read = this.part(pos, end, depth);
      if (!read) b.fail(`element <${name}>: unexpected token 0x${t.toString(16)} in its content`, pos);
      element.content.push(read.part);
      pos = read.next;
    }
  }

  /** A template instance: its definition (read once per chunk) filled with the values that follow it. */
  private templateInstance(start: number, end: number, depth: number): { spliced: Spliced; next: number } {
    const b: ChunkBytes = this.bytes;
    if (depth > MAX_DEPTH) b.fail(`template instances nested more than ${MAX_DEPTH} deep`, start);
    const definition = b.u32(start + 6, 'a template instance');
    let pos = start + 10;
    if (definition === pos) pos += 24 + b.u32(pos + 20, 'an inline template definition');
    const template = this.template(definition, depth);
    const count = b.u32(pos, 'a substitution count');
    b.need(pos + 4, count * 4, `${count} substitution descriptors`);
    let at = pos + 4 + count * 4;
    const values: Value[] = [];
    for (let i = 0; i < count; i++) {
      const size = b.buf.readUInt16LE(pos + 4 + i * 4);
      const type = b.buf[pos + 6 + i * 4]!;
      b.need(at, size, `substitution ${i} (type 0x${type.toString(16)})`);
      values.push(size === 0 ? null : type === BINXML_TYPE ? { nodes: this.nested(at, at + size, depth + 1) } : renderValue(b, at, size, type));
      at += size;
    }
    if (at > end) b.fail('a template instance runs past the end of its record', start);
    return { spliced: { nodes: this.instantiate(template, values) }, next: at };
  }

  private nested(start: number, end: number, depth: number): XmlNode[] {
    return this.instantiate(this.fragment(start, end, depth).content, []);
  }

  private template(offset: number, depth: number): Content[] {
    const b: ChunkBytes = this.bytes;
    const known = this.templates.get(offset);
    if (known === BUSY) b.fail('a template definition that refers to itself', offset);
    if (known) return known;
    if (this.templates.size >= MAX_TEMPLATES) b.fail(`more than ${MAX_TEMPLATES} templates in one chunk`, offset);
    const size = b.u32(offset + 20, 'a template definition');
    b.need(offset + 24, size, 'a template definition');
    this.templates.set(offset, BUSY);
    try {
      const { content } = this.fragment(offset + 24, offset + 24 + size, depth);
      this.templates.set(offset, content);
      return content;
    } catch (err) {
      this.templates.delete(offset);
      throw err;
    }
  }

  private count(nodes: number, chars: number): void {
    this.nodes += nodes;
    this.chars += chars;
    if (this.nodes > MAX_NODES || this.chars > MAX_CHARS) {
      this.bytes.fail(`the record expands into more than ${MAX_NODES} nodes or ${MAX_CHARS} characters`, 0);
    }
  }

  /** An attribute made only of optional substitutions without a value: Windows leaves it out. */
  private absent(parts: Part[], values: Value[]): boolean {
    if (parts.length === 0) return false;
    for (const p of parts) if (typeof p !== 'object' || !('sub' in p) || !p.optional || values[p.sub] != null) return false;
    return true;
  }

  /** A template (or a plain fragment) with its substitutions filled in. */
  private instantiate(content: Content[], values: Value[]): XmlNode[] {
    const out: XmlNode[] = [];
    for (const c of content) {
      if (typeof c === 'string') {
        if (c) out.push(c);
        this.count(1, c.length);
      } else if (isElement(c)) {
        const attributes: XmlAttribute[] = [];
        for (const a of c.attrs) {
          if (this.absent(a.parts, values)) continue;
          let value = '';
          for (const n of this.instantiate(a.parts, values)) value += typeof n === 'string' ? n : Array.isArray(n) ? n.join(' ') : '';
          attributes.push({ name: a.name, value });
        }
        this.count(1, 0);
        out.push({ name: c.name, attributes, children: this.instantiate(c.content, values) });
      } else if ('sub' in c) {
        // A slot past the values given renders as nothing, as a null value does.
        const v = values[c.sub];
        if (v == null) continue;
        if (typeof v === 'string') {
          this.count(1, v.length);
          out.push(v);
        } else if (Array.isArray(v)) {
          this.count(
            v.length,
            v.reduce((n, s) => n + s.length, 0),
          );
          out.push(v);
        } else {
          this.count(v.nodes.length, 0);
          out.push(...v.nodes);
        }
      } else {
        this.count(c.nodes.length, 0);
        out.push(...c.nodes);
      }
    }
    return out;
  }
}
