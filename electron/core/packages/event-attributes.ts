import { bytesAt, isIndexKey, sameBytes, scanned, scanString, type ByteSink } from './json-bytes';
import { ATTR_PREFIX, RESERVED } from './event-lines';

/**
 * An event's attributes as they lie in JSON text (`"name":"value",...`), and
 * whether those bytes can be carried as they are between a stored run and a
 * package's event line, in either direction: no key an array index (a JS
 * object would move it to the front) or "__proto__", none twice, none with an
 * escape, every value a string written exactly as JSON.stringify writes it.
 * Keys an event line prefixes (reserved names, names already prefixed) are
 * noted, so they can be prefixed or unprefixed on the way. Anything else takes
 * the slow path (eventLine, parseEventLine), which gives the same result.
 */

const RESERVED_BYTES = [...RESERVED].map((name) => Buffer.from(name));
const PROTO = Buffer.from('__proto__');
const PREFIX_BYTES = Buffer.from(ATTR_PREFIX);
const MAX_MEMBERS = 64;

/** The members scanMembers found: where each key's name starts and ends, where its value ends, and whether the key is prefixed in a line. */
export const members = {
  count: 0,
  keyStart: new Int32Array(MAX_MEMBERS),
  keyEnd: new Int32Array(MAX_MEMBERS),
  valueEnd: new Int32Array(MAX_MEMBERS),
  /** 1: the name is reserved (a line writes it with the prefix); 2: it starts with the prefix. */
  kind: new Uint8Array(MAX_MEMBERS),
  /** Whether any key is reserved or prefixed. */
  anyKind: false,
};

function keyKind(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  for (const name of RESERVED_BYTES) if (name.length === n && bytesAt(buf, start, name)) return 1;
  // A prefixed name is read back without its prefix: that name must be one an object keeps in place too.
  if (n >= PREFIX_BYTES.length && bytesAt(buf, start, PREFIX_BYTES)) return isIndexKey(buf, start + PREFIX_BYTES.length, end) ? -1 : 2;
  if (n === PROTO.length && bytesAt(buf, start, PROTO)) return -1;
  return isIndexKey(buf, start, end) ? -1 : 0;
}

/** Reads the comma-separated members from `start` to `end` (no braces) into `members`; false when they cannot be carried as they are. */
export function scanMembers(buf: Uint8Array, start: number, end: number): boolean {
  let at = start;
  let n = 0;
  members.anyKind = false;
  while (at < end) {
    if (n > 0 && buf[at++] !== 0x2c) return false;
    const keyEnd = scanString(buf, at, end);
    if (keyEnd < 0 || scanned.escaped || buf[keyEnd] !== 0x3a || n === MAX_MEMBERS) return false;
    const k0 = at + 1;
    const k1 = keyEnd - 1;
    const kind = keyKind(buf, k0, k1);
    if (kind < 0) return false;
    for (let j = 0; j < n; j++) if (sameBytes(buf, k0, k1, members.keyStart[j]!, members.keyEnd[j]!)) return false;
    const valueEnd = scanString(buf, keyEnd + 1, end);
    if (valueEnd < 0 || !scanned.canonical) return false;
    members.keyStart[n] = k0;
    members.keyEnd[n] = k1;
    members.valueEnd[n] = valueEnd;
    members.kind[n++] = kind;
    if (kind) members.anyKind = true;
    at = valueEnd;
  }
  members.count = n;
  return at === end;
}

/** Whether two members scanned name the same attribute once prefixes are taken off (a line eventLine never writes). */
export function unprefixedTwice(buf: Uint8Array): boolean {
  if (!members.anyKind) return false;
  const from = (j: number) => members.keyStart[j]! + (members.kind[j] === 2 ? PREFIX_BYTES.length : 0);
  for (let j = 0; j < members.count; j++)
    for (let k = j + 1; k < members.count; k++) if (sameBytes(buf, from(j), members.keyEnd[j]!, from(k), members.keyEnd[k]!)) return true;
  return false;
}

/** Writes the members scanned from `buf`, each after a comma, with the keys an event line prefixes prefixed. */
export function writeMembersForLine(sink: ByteSink, buf: Uint8Array, start: number, end: number): void {
  if (!members.anyKind) {
    sink.byte(0x2c);
    sink.copy(buf, start, end);
    return;
  }
  for (let j = 0; j < members.count; j++) {
    sink.byte(0x2c);
    if (members.kind[j]) {
      sink.byte(0x22);
      sink.put(PREFIX_BYTES);
      sink.copy(buf, members.keyStart[j]!, members.valueEnd[j]!);
    } else sink.copy(buf, members.keyStart[j]! - 1, members.valueEnd[j]!);
  }
}
