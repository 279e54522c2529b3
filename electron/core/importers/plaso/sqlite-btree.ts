/**
 * Reading SQLite b-tree pages (https://www.sqlite.org/fileformat.html): varints,
 * the search for a rowid in interior and leaf pages, and the set of pages a
 * walk has reached.
 */

/** A varint at `at`: its value (as a number, exact below 2^53) and its length. */
export function varint(page: Buffer, at: number): [number, number] {
  if (at < 0 || at + 9 > page.length + 8) throw new RangeError(`varint at ${at} is past the end`);
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = page[at + i];
    if (byte === undefined) throw new RangeError(`varint at ${at} runs past the end`);
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, i + 1];
  }
  const last = page[at + 8];
  if (last === undefined) throw new RangeError(`varint at ${at} runs past the end`);
  return [value * 256 + last, 9];
}

/** Pages reached, one bit each. */
export class PageSet {
  private readonly bits: Uint8Array;
  constructor(pages: number) {
    this.bits = new Uint8Array((pages >> 3) + 1);
  }

  /** Marks `page`; false if it was marked already. */
  add(page: number): boolean {
    const byte = page >> 3;
    const bit = 1 << (page & 7);
    if (this.bits[byte]! & bit) return false;
    this.bits[byte]! |= bit;
    return true;
  }
}

/** In an interior page: the child holding `rowid` (the first cell with a key ≥ it, else the right-most child). */
export function childFor(page: Buffer, at: number, cells: number, rowid: number): number {
  let next = page.readUInt32BE(at + 8);
  let lo = 0;
  let hi = cells - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cell = page.readUInt16BE(at + 12 + mid * 2);
    const [key] = varint(page, cell + 4);
    if (key >= rowid) {
      next = page.readUInt32BE(cell);
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return next;
}

/** In a leaf page: the offset of the cell with this rowid, or null. */
export function leafCellFor(page: Buffer, at: number, cells: number, rowid: number): number | null {
  let lo = 0;
  let hi = cells - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cell = page.readUInt16BE(at + 8 + mid * 2);
    const [, n] = varint(page, cell);
    const [key] = varint(page, cell + n);
    if (key === rowid) return cell;
    if (key < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
