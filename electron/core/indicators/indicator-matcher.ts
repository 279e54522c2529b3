import ipaddr from 'ipaddr.js';
import type { IndicatorType } from '../../../shared/domain/records';
import { MATCHED_INDICATOR_TYPES } from '../../../shared/domain/indicators';

/**
 * Finds many indicators in text in one pass, whatever their number: the text
 * is cut into tokens, each token (and its parts) is hashed once, and only a
 * hash that a bit table of the indicators' hashes knows becomes a string and a
 * map lookup. So the cost is that of reading the text, not of the number of
 * indicators times the text.
 *
 * How values are found (all ASCII case-insensitive: the text and the
 * indicators are both ASCII-lower-cased):
 * - a token is a run of bytes between whitespace, quotes, brackets, commas,
 *   semicolons, pipes and control characters; trailing . ! ? / are dropped;
 * - a token is looked up whole (a URL, an e-mail address, a hash, an address),
 *   a URL also without its ?query and #fragment, and each of its parts between
 *   \ / = : @ ? & # (the file name of a path, the host of a URL or address, the
 *   value of key=value, an address before its :port);
 * - a domain indicator also matches every subdomain (evil.example matches
 *   cdn.evil.example, and the host of a URL or an e-mail address on it),
 *   always on a label boundary (never notevil.example);
 * - an IPv6 indicator is looked up in its compressed, expanded and zero-padded forms;
 * - a URL indicator matches with or without a trailing slash.
 * File names with spaces, mutexes, registry keys, user agents and 'other'
 * indicators are not looked for.
 */

const DELIMITER = 1;
const SEPARATOR = 2;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) CLASS[c] = DELIMITER;
for (const ch of ' "\'<>,;()[]{}|`') CLASS[ch.charCodeAt(0)] = DELIMITER;
CLASS[0x7f] = DELIMITER;
for (const ch of '\\/=:@?&#') CLASS[ch.charCodeAt(0)] = SEPARATOR;
const TRIMMED = new Uint8Array(256);
for (const ch of '.!?/') TRIMMED[ch.charCodeAt(0)] = 1;
const DOT = 0x2e;
/** ASCII letters folded to lower case, every other byte as it is. */
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b));
/** What scan saw of a token: whether it has parts (a separator) and a dot. */
const SEPARATED = 1;
const DOTTED = 2;

const BLOOM_BITS = 24;
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Calls for each indicator found: its index in the matcher's list, and where in the buffer. */
export type OnHit = (indicator: number, start: number, end: number) => void;

class HashedSet {
  private readonly bits = new Uint8Array(1 << (BLOOM_BITS - 3));
  readonly map = new Map<string, number[]>();
  add(key: string, hash: number, indicator: number): void {
    const slot = hash >>> (32 - BLOOM_BITS);
    this.bits[slot >>> 3]! |= 1 << (slot & 7);
    const list = this.map.get(key);
    if (!list) this.map.set(key, [indicator]);
    else if (!list.includes(indicator)) list.push(indicator);
  }
  mayHave(hash: number): boolean {
    const slot = hash >>> (32 - BLOOM_BITS);
    return (this.bits[slot >>> 3]! & (1 << (slot & 7))) !== 0;
  }
}

export interface MatchableIndicator {
  type: IndicatorType;
  value: string;
}

export class IndicatorMatcher {
  private readonly exact = new HashedSet();
  private readonly domains = new HashedSet();
  private shortest = Infinity;
  /** IPv4 ranges (a.b.c.d/n) by prefix length: the masked address → indicators. */
  private readonly ranges = new Map<number, Map<number, number[]>>();
  /** How many of the indicators it was given it looks for. */
  readonly matchable: number;

  constructor(indicators: readonly MatchableIndicator[]) {
    let matchable = 0;
    indicators.forEach((indicator, i) => {
      const range = indicator.type === 'ipv4' ? ipv4Range(indicator.value) : null;
      if (range) {
        matchable++;
        this.addRange(range, i);
        return;
      }
      const keys = matchKeys(indicator.type, indicator.value);
      if (keys.length) matchable++;
      for (const key of keys) {
        const bytes = Buffer.from(key, 'latin1');
        this.shortest = Math.min(this.shortest, bytes.length);
        if (indicator.type === 'domain') this.domains.add(key, reverseHash(bytes, 0, bytes.length), i);
        else this.exact.add(key, forwardHash(bytes, 0, bytes.length), i);
      }
    });
    this.matchable = matchable;
  }

  private addRange({ address, bits }: { address: number; bits: number }, indicator: number): void {
    let byAddress = this.ranges.get(bits);
    if (!byAddress) this.ranges.set(bits, (byAddress = new Map()));
    byAddress.set(address, [...(byAddress.get(address) ?? []), indicator]);
    this.shortest = Math.min(this.shortest, 7);
  }

  /**
   * Finds the indicators in buf[start, end). Letters are folded as they are
   * hashed, so the text is never copied; the token's hash is made as its end
   * is looked for, and its parts' hashes in one more pass when it has parts.
   */
  scan(buf: Uint8Array, start: number, end: number, onHit: OnHit): void {
    if (this.matchable === 0) return;
    let p = start;
    while (p < end) {
      while (p < end && CLASS[buf[p]!] === DELIMITER) p++;
      const s = p;
      let h = FNV_BASIS;
      let shape = 0;
      for (; p < end; p++) {
        const b = buf[p]!;
        const c = CLASS[b];
        if (c === DELIMITER) break;
        if (c === SEPARATOR) shape |= SEPARATED;
        else if (b === DOT) shape |= DOTTED;
        h = Math.imul(h ^ LOWER[b]!, FNV_PRIME);
      }
      if (p - s >= this.shortest) this.token(buf, s, p, h, shape, onHit);
    }
  }

  private token(buf: Uint8Array, s: number, end: number, hash: number, shape: number, onHit: OnHit): void {
    const e = trimEnd(buf, s, end);
    if (e - s < this.shortest) return;
    this.lookup(buf, s, e, e === end ? hash : forwardHash(buf, s, e), onHit);
    if ((shape & SEPARATED) === 0) {
      if (shape & DOTTED) this.domainSuffixes(buf, s, e, onHit);
      return;
    }
    // A URL without its query and fragment.
    for (let i = s; i < e; i++) {
      const b = buf[i];
      if (b === 0x3f || b === 0x23) {
        const cut = trimEnd(buf, s, i);
        if (cut - s >= this.shortest) this.lookup(buf, s, cut, forwardHash(buf, s, cut), onHit);
        break;
      }
    }
    // Its parts between separators.
    let a = s;
    let h = FNV_BASIS;
    let dotted = false;
    for (let i = s; i <= e; i++) {
      if (i < e) {
        const b = buf[i]!;
        if (CLASS[b] !== SEPARATOR) {
          h = Math.imul(h ^ LOWER[b]!, FNV_PRIME);
          if (b === DOT) dotted = true;
          continue;
        }
      }
      const partEnd = trimEnd(buf, a, i);
      if (partEnd - a >= this.shortest) {
        this.lookup(buf, a, partEnd, partEnd === i ? h : forwardHash(buf, a, partEnd), onHit);
        if (dotted) this.domainSuffixes(buf, a, partEnd, onHit);
      }
      a = i + 1;
      h = FNV_BASIS;
      dotted = false;
    }
  }

  private lookup(buf: Uint8Array, s: number, e: number, hash: number, onHit: OnHit): void {
    if (this.ranges.size) this.rangeLookup(buf, s, e, onHit);
    if (!this.exact.mayHave(hash >>> 0)) return;
    const found = this.exact.map.get(lowerLatin1(buf, s, e));
    if (found) for (const i of found) onHit(i, s, e);
  }

  /** The IPv4 ranges holding buf[s, e), when it is an IPv4 address. */
  private rangeLookup(buf: Uint8Array, s: number, e: number, onHit: OnHit): void {
    const address = parseIPv4(buf, s, e);
    if (address === null) return;
    for (const [bits, byAddress] of this.ranges) {
      const found = byAddress.get(bits === 0 ? 0 : (address & (~0 << (32 - bits))) >>> 0);
      if (found) for (const i of found) onHit(i, s, e);
    }
  }

  /** The domain indicators that buf[s, e) is, or is a subdomain of: each suffix that starts a label, hashed from the end in one pass. */
  private domainSuffixes(buf: Uint8Array, s: number, e: number, onHit: OnHit): void {
    let h = FNV_BASIS;
    for (let i = e - 1; i >= s; i--) {
      h = Math.imul(h ^ LOWER[buf[i]!]!, FNV_PRIME);
      if ((i === s || buf[i - 1] === DOT) && e - i >= this.shortest && this.domains.mayHave(h >>> 0)) {
        const found = this.domains.map.get(lowerLatin1(buf, i, e));
        // The whole host is what was found (cdn.evil.example for evil.example).
        if (found) for (const k of found) onHit(k, s, e);
      }
    }
  }
}

/** The address of an IPv4 text (four decimal numbers 0-255), or null. */
function parseIPv4(buf: Uint8Array, s: number, e: number): number | null {
  if (e - s < 7 || e - s > 15) return null;
  let address = 0;
  let octet = -1;
  let dots = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c === DOT) {
      if (octet < 0 || ++dots > 3) return null;
      address = address * 256 + octet;
      octet = -1;
    } else if (c >= 0x30 && c <= 0x39) {
      octet = (octet < 0 ? 0 : octet * 10) + (c - 0x30);
      if (octet > 255) return null;
    } else return null;
  }
  return dots === 3 && octet >= 0 ? (address * 256 + octet) >>> 0 : null;
}

/** An IPv4 indicator written as a range (10.0.0.0/8), as its network address and prefix length; null for one address. */
export function ipv4Range(value: string): { address: number; bits: number } | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})\s*$/.exec(value);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return null;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  return { address: bits === 0 ? 0 : (address & (~0 << (32 - bits))) >>> 0, bits };
}

function trimEnd(buf: Uint8Array, s: number, e: number): number {
  while (e > s && TRIMMED[buf[e - 1]!] === 1) e--;
  return e;
}

function forwardHash(buf: Uint8Array, s: number, e: number): number {
  let h = FNV_BASIS;
  for (let i = s; i < e; i++) h = Math.imul(h ^ LOWER[buf[i]!]!, FNV_PRIME);
  return h >>> 0;
}

function reverseHash(buf: Uint8Array, s: number, e: number): number {
  let h = FNV_BASIS;
  for (let i = e - 1; i >= s; i--) h = Math.imul(h ^ LOWER[buf[i]!]!, FNV_PRIME);
  return h >>> 0;
}

/** buf[s, e) as a latin1 string with ASCII letters lower-cased: the form of the keys. */
function lowerLatin1(buf: Uint8Array, s: number, e: number): string {
  return asciiLowerString(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1'));
}

/** ASCII letters lower-cased, other characters as they are: the same folding the text gets. */
export function asciiLowerString(value: string): string {
  return value.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const MATCHED = new Set<IndicatorType>(MATCHED_INDICATOR_TYPES);

/**
 * The keys an indicator is looked up by, as latin1 strings of its lower-cased
 * UTF-8 bytes (the form a token of the text takes); none for the types not looked for.
 */
export function matchKeys(type: IndicatorType, value: string): string[] {
  if (!MATCHED.has(type)) return [];
  let v = asciiLowerString(value.trim());
  if (type === 'ipv6') {
    v = v.replace(/^\[|\]$/g, '');
    try {
      const address = ipaddr.IPv6.parse(v);
      const expanded = address.toNormalizedString();
      const padded = expanded
        .split(':')
        .map((part) => part.padStart(4, '0'))
        .join(':');
      return [...new Set([address.toRFC5952String(), expanded, padded, v])];
    } catch {
      return [v];
    }
  }
  // Text tokens lose a trailing . ! ? / the same way (a domain's root dot, a URL's last slash).
  while (v.length && '.!?/'.includes(v[v.length - 1]!)) v = v.slice(0, -1);
  if (v === '' || /\s/.test(v)) return [];
  return [Buffer.from(v, 'utf8').toString('latin1')];
}
