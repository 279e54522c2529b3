import type { XmlAttribute, XmlElement, XmlNode } from '../evtx/binxml';

/**
 * A small XML reader for one Windows-style event written as text
 * (`<Event><System>…</System><EventData><Data Name="…">…</Data></EventData></Event>`),
 * as Sysmon for Linux writes it into syslog. It reads elements, attributes,
 * text, CDATA, the five named entities and numeric character references, and
 * skips comments and processing instructions. It refuses what such an event
 * never holds and a hostile one would: a DOCTYPE (no entity expansion), more
 * than MAX_DEPTH levels, MAX_NODES nodes or MAX_XML_CHARS characters. Linear in
 * the text: each character is looked at a bounded number of times.
 */

export const MAX_XML_CHARS = 1024 * 1024;
export const MAX_DEPTH = 16;
export const MAX_NODES = 20_000;

export class XmlProblem extends Error {}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with its entity and character references replaced; an unknown reference is kept as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function isNameChar(c: number): boolean {
  // Letters, digits, '_', '-', '.', ':' and anything beyond ASCII.
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58 || c > 127;
}

class Reader {
  private at = 0;
  private nodes = 0;

  constructor(private readonly s: string) {}

  fail(why: string, at = this.at): never {
    throw new XmlProblem(`${why} at character ${at}`);
  }

  private count(): void {
    if (++this.nodes > MAX_NODES) this.fail(`more than ${MAX_NODES} XML nodes`);
  }

  private name(): string {
    const start = this.at;
    while (this.at < this.s.length && isNameChar(this.s.charCodeAt(this.at))) this.at++;
    if (this.at === start) this.fail('an element or attribute name was expected');
    const qualified = this.s.slice(start, this.at);
    // Namespace prefixes (`evt:Data`) are not part of what the fields are called.
    const colon = qualified.lastIndexOf(':');
    return colon === -1 ? qualified : qualified.slice(colon + 1);
  }

  private spaces(): void {
    while (this.at < this.s.length && this.s.charCodeAt(this.at) <= 32) this.at++;
  }

  private skipPast(end: string, what: string): void {
    const found = this.s.indexOf(end, this.at);
    if (found === -1) this.fail(`an unterminated ${what}`);
    this.at = found + end.length;
  }

  private attributes(): { attributes: XmlAttribute[]; empty: boolean } {
    const attributes: XmlAttribute[] = [];
    for (;;) {
      this.spaces();
      const c = this.s[this.at];
      if (c === '>') {
        this.at++;
        return { attributes, empty: false };
      }
      if (c === '/' && this.s[this.at + 1] === '>') {
        this.at += 2;
        return { attributes, empty: true };
      }
      if (c === undefined) this.fail('the text ends inside a tag');
      const name = this.name();
      this.spaces();
      if (this.s[this.at] !== '=') this.fail(`attribute "${name}" has no value`);
      this.at++;
      this.spaces();
      const quote = this.s[this.at];
      if (quote !== '"' && quote !== "'") this.fail(`attribute "${name}" is not quoted`);
      const end = this.s.indexOf(quote, this.at + 1);
      if (end === -1) this.fail(`attribute "${name}" is not closed`);
      attributes.push({ name, value: decodeEntities(this.s.slice(this.at + 1, end)) });
      this.at = end + 1;
      this.count();
    }
  }

  /** Children up to the end tag of `parent` (or the end of the text at the top). */
  children(parent: string | null, depth: number): XmlNode[] {
    if (depth > MAX_DEPTH) this.fail(`elements nested more than ${MAX_DEPTH} deep`);
    const out: XmlNode[] = [];
    const s = this.s;
    while (this.at < s.length) {
      const lt = s.indexOf('<', this.at);
      const textEnd = lt === -1 ? s.length : lt;
      if (textEnd > this.at) {
        const text = decodeEntities(s.slice(this.at, textEnd));
        if (parent !== null) {
          out.push(text);
          this.count();
        }
        this.at = textEnd;
        continue;
      }
      if (s.startsWith('<!--', this.at)) this.skipPast('-->', 'comment');
      else if (s.startsWith('<?', this.at)) this.skipPast('?>', 'processing instruction');
      else if (s.startsWith('<![CDATA[', this.at)) {
        const end = s.indexOf(']]>', this.at + 9);
        if (end === -1) this.fail('an unterminated CDATA section');
        out.push(s.slice(this.at + 9, end));
        this.count();
        this.at = end + 3;
      } else if (s.startsWith('<!', this.at)) this.fail('a DOCTYPE or declaration, which an event never holds');
      else if (s[this.at + 1] === '/') {
        const tag = this.at;
        this.at += 2;
        const name = this.name();
        if (name !== parent) this.fail(parent === null ? `an end tag </${name}> without its start` : `</${name}> closes <${parent}>`, tag);
        this.spaces();
        if (s[this.at] !== '>') this.fail(`end tag </${name}> is not closed`);
        this.at++;
        return out;
      } else {
        this.at++;
        const name = this.name();
        this.count();
        const { attributes, empty } = this.attributes();
        const element: XmlElement = { name, attributes, children: empty ? [] : this.children(name, depth + 1) };
        out.push(element);
      }
    }
    if (parent !== null) this.fail(`<${parent}> is not closed`);
    return out;
  }
}

/** The nodes of an XML text; throws XmlProblem (saying what and at which character) when it is not well formed or over the bounds. */
export function readXml(text: string): XmlNode[] {
  if (text.length > MAX_XML_CHARS) throw new XmlProblem(`the XML is longer than ${MAX_XML_CHARS / 1024} KiB`);
  return new Reader(text).children(null, 0);
}
