import type { ChunkBytes } from './evtx-error';

/**
 * Substitution values of BinXml (libyal's "value types"), rendered as Windows'
 * own XML rendering writes them: decimal integers, 0x-prefixed hex integers
 * without padding, GUIDs in braces, SIDs as S-1-…, binary as upper-case hex,
 * FILETIMEs as ISO 8601 UTC with all seven fractional digits (nothing of the
 * 100 ns tick is lost; the timeline keeps µs). 64-bit integers go through
 * BigInt, so record ids and logon ids are exact.
 */

export const BINXML_TYPE = 0x21;
const ARRAY = 0x80;

/** A rendered value: text, the items of an array, or null (type 0, or an empty optional value). */
export type ValueText = string | string[] | null;

const FIXED_SIZE: Record<number, number> = {
  0x03: 1,
  0x04: 1,
  0x05: 2,
  0x06: 2,
  0x07: 4,
  0x08: 4,
  0x09: 8,
  0x0a: 8,
  0x0b: 4,
  0x0c: 8,
  0x0d: 4,
  0x0f: 16,
  0x11: 8,
  0x12: 16,
  0x14: 4,
  0x15: 8,
};

const TICKS_TO_UNIX = 116444736000000000n;

/** A FILETIME (100 ns ticks since 1601) as µs since 1970, or null when it is 0 or beyond what a Date can hold. */
export function filetimeUs(ticks: bigint): number | null {
  if (ticks === 0n) return null;
  const us = Number((ticks - TICKS_TO_UNIX) / 10n);
  return Math.abs(us) <= 8.64e18 ? us : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// A record's TimeCreated and its header's written time are mostly the same tick: made once.
let lastTicks = -1n;
let lastText = '';

/** 100 ns ticks since 1601 → "2016-07-08T18:12:51.6816405Z". */
export function filetimeText(ticks: bigint): string {
  if (ticks === lastTicks) return lastText;
  lastText = filetimeTextOf(ticks);
  lastTicks = ticks;
  return lastText;
}

function filetimeTextOf(ticks: bigint): string {
  const unixTicks = ticks - TICKS_TO_UNIX;
  const seconds = unixTicks / 10_000_000n - (unixTicks % 10_000_000n < 0n ? 1n : 0n);
  const fraction = Number(unixTicks - seconds * 10_000_000n);
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return `FILETIME(${ticks})`;
  return `${date.toISOString().slice(0, 19)}.${pad(fraction, 7)}Z`;
}

function systemtimeText(b: Buffer, at: number): string {
  const [year, month, , day, hour, minute, second, ms] = [0, 2, 4, 6, 8, 10, 12, 14].map((o) => b.readUInt16LE(at + o)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
}

function guidText(b: Buffer, at: number): string {
  const hex = (from: number, to: number) => b.subarray(at + from, at + to).toString('hex');
  const le = (from: number, n: number) =>
    Buffer.from(b.subarray(at + from, at + from + n))
      .reverse()
      .toString('hex');
  return `{${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${hex(8, 10)}-${hex(10, 16)}}`;
}

function sidText(bytes: ChunkBytes, at: number, size: number): string {
  const b = bytes.buf;
  if (size < 8) bytes.fail(`a SID of ${size} bytes (at least 8 are needed)`, at);
  const count = b[at + 1]!;
  if (8 + 4 * count > size) bytes.fail(`a SID claims ${count} sub-authorities but has ${size} bytes`, at);
  const authority = b.readUIntBE(at + 2, 6);
  let text = `S-${b[at]!}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${b.readUInt32LE(at + 8 + 4 * i)}`;
  return text;
}

function utf16(b: Buffer, at: number, size: number): string {
  let end = at + size - (size % 2);
  // Values carry their terminating NULs; Windows' rendering does not.
  while (end > at && b[end - 1] === 0 && b[end - 2] === 0) end -= 2;
  return b.toString('utf16le', at, end);
}

function scalar(bytes: ChunkBytes, at: number, size: number, type: number): string {
  const b = bytes.buf;
  switch (type) {
    case 0x01:
      return utf16(b, at, size);
    case 0x02: {
      let end = at + size;
      while (end > at && b[end - 1] === 0) end--;
      return b.toString('latin1', at, end);
    }
    case 0x03:
      return String(b.readInt8(at));
    case 0x04:
      return String(b[at]!);
    case 0x05:
      return String(b.readInt16LE(at));
    case 0x06:
      return String(b.readUInt16LE(at));
    case 0x07:
      return String(b.readInt32LE(at));
    case 0x08:
      return String(b.readUInt32LE(at));
    case 0x09:
      return b.readBigInt64LE(at).toString();
    case 0x0a:
      return b.readBigUInt64LE(at).toString();
    case 0x0b:
      return String(b.readFloatLE(at));
    case 0x0c:
      return String(b.readDoubleLE(at));
    case 0x0d:
      return b.readUInt32LE(at) !== 0 ? 'true' : 'false';
    case 0x0e:
      return b.toString('hex', at, at + size).toUpperCase();
    case 0x0f:
      return guidText(b, at);
    case 0x10:
      // size_t: as wide as the writer's pointers.
      if (size === 4) return `0x${b.readUInt32LE(at).toString(16)}`;
      if (size === 8) return `0x${b.readBigUInt64LE(at).toString(16)}`;
      return bytes.fail(`a size_t value of ${size} bytes (4 or 8 expected)`, at);
    case 0x11:
      return filetimeText(b.readBigUInt64LE(at));
    case 0x12:
      return systemtimeText(b, at);
    case 0x13:
      return sidText(bytes, at, size);
    case 0x14:
      return `0x${b.readUInt32LE(at).toString(16)}`;
    case 0x15:
      return `0x${b.readBigUInt64LE(at).toString(16)}`;
    // EvtHandle and EvtXml have no place in a stored log; kept as bytes rather than dropped.
    case 0x20:
    case 0x23:
      return b.toString('hex', at, at + size).toUpperCase();
    default:
      return bytes.fail(`unknown value type 0x${type.toString(16)}`, at);
  }
}

/** The value of `type` in bytes [at, at + size) of the chunk (not BinXml: the parser reads those). */
export function renderValue(bytes: ChunkBytes, at: number, size: number, type: number): ValueText {
  bytes.need(at, size, `a value of type 0x${type.toString(16)}`);
  if (type === 0x00) return null;
  if (type & ARRAY) {
    const item = type & ~ARRAY;
    if (item === 0x01) {
      // An array of strings: each ends with a NUL.
      const text = bytes.buf.toString('utf16le', at, at + size - (size % 2));
      const items = text.split('\0');
      if (items.length > 1 && items[items.length - 1] === '') items.pop();
      return items;
    }
    if (item === 0x02) {
      const items = bytes.buf.toString('latin1', at, at + size).split('\0');
      if (items.length > 1 && items[items.length - 1] === '') items.pop();
      return items;
    }
    if (item === 0x13) {
      // SIDs differ in length: each says how many sub-authorities follow its 8 bytes.
      const items: string[] = [];
      for (let o = at; o < at + size;) {
        const length = o + 2 <= at + size ? 8 + 4 * bytes.buf[o + 1]! : size;
        items.push(sidText(bytes, o, Math.min(length, at + size - o)));
        o += length;
      }
      return items;
    }
    const width = FIXED_SIZE[item];
    if (!width) return [bytes.buf.toString('hex', at, at + size).toUpperCase()];
    if (size % width !== 0) bytes.fail(`an array of type 0x${item.toString(16)} of ${size} bytes, not a multiple of ${width}`, at);
    const items: string[] = [];
    for (let o = 0; o < size; o += width) items.push(scalar(bytes, at + o, width, item));
    return items;
  }
  const width = FIXED_SIZE[type];
  if (width !== undefined && size < width) bytes.fail(`a value of type 0x${type.toString(16)} needs ${width} bytes, has ${size}`, at);
  return scalar(bytes, at, size, type);
}
