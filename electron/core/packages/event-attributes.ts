import { bytesAt, isIndexKey, sameBytes, scanned, scanString } from './json-bytes';
import { ATTR_PREFIX, RESERVED } from './event-lines';

/**
 * An event's attributes as they lie in JSON text (`"name":"value",...`), and
 * whether those bytes can be passed through as they are, between a stored
 * run and a package's event line, in either direction: every key one an event
 * line writes as it is (not a reserved name, not prefixed, not an array
 * index, which a JS object would move to the front, not "__proto__"), no key
 * twice, every value a string written exactly as JSON.stringify writes it.
 * Anything else takes the slow path, which gives the same result.
 */

const RESERVED_BYTES = [...RESERVED, '__proto__'].map((name) => Buffer.from(name));
const PREFIX_BYTES = Buffer.from(ATTR_PREFIX);
const MAX_MEMBERS = 64;
const keyStarts = new Int32Array(MAX_MEMBERS);
const keyEnds = new Int32Array(MAX_MEMBERS);

function plainKey(buf: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  for (const name of RESERVED_BYTES) if (name.length === n && bytesAt(buf, start, name)) return false;
  if (n >= PREFIX_BYTES.length && bytesAt(buf, start, PREFIX_BYTES)) return false;
  return !isIndexKey(buf, start, end);
}

/** Whether `buf` from `start` to `end` is zero or more such members, comma-separated (no braces), that pass through. */
export function passThroughMembers(buf: Uint8Array, start: number, end: number): boolean {
  let at = start;
  let n = 0;
  while (at < end) {
    if (n > 0 && buf[at++] !== 0x2c) return false;
    const keyEnd = scanString(buf, at, end);
    if (keyEnd < 0 || scanned.escaped || buf[keyEnd] !== 0x3a || n === MAX_MEMBERS) return false;
    const k0 = at + 1;
    const k1 = keyEnd - 1;
    if (!plainKey(buf, k0, k1)) return false;
    for (let j = 0; j < n; j++) if (sameBytes(buf, k0, k1, keyStarts[j]!, keyEnds[j]!)) return false;
    keyStarts[n] = k0;
    keyEnds[n++] = k1;
    const valueEnd = scanString(buf, keyEnd + 1, end);
    if (valueEnd < 0 || !scanned.canonical) return false;
    at = valueEnd;
  }
  return at === end;
}
