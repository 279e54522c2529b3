import { entityId } from './entity-keys';
import { ipv4Text, writeIpv4 } from './word-scan';

/** Most bytes of a row's strings: 'ip', the text twice (as value and as key) and the entity id ('ent-' and 24 hex digits). */
const ROW_BYTES = 2 + 15 + 15 + 28;

/**
 * IPv4 addresses seen in an import's events, tallied by their 32-bit value in
 * an open-addressing table.
 *
 * Everything is kept in typed arrays, not objects or strings: the run worker's
 * collections (about one per run, started by the run's buffers) then have
 * little to mark however many addresses there are, and a sighting touches one
 * place in the table and one row of figures. An address seen a million times
 * costs a million probes. When it is first seen, its strings as the import
 * thread takes them (EntityTallies: type, value, key, id) are written once as
 * ASCII bytes, so handing a hundred thousand tallies over after the last run
 * makes one string, not four hundred thousand.
 */
export class IpTable {
  /** Pairs [address, row + 1]; row + 1 = 0 marks an empty place. */
  private places = new Int32Array(2 << 12);
  /** 32 - log2(number of places): the hash's high bits pick the place. */
  private shift = 32 - 12;
  /** Per row: first µs, last µs, count. */
  private figures = new Float64Array(3 << 10);
  private addresses = new Uint32Array(1 << 10);
  /** Each row's strings (type, value, key, id), one after the other, as ASCII bytes. */
  private strings = Buffer.alloc(ROW_BYTES << 10);
  /** Where each of a row's four strings ends in `strings`. */
  private stringEnds = new Uint32Array(4 << 10);
  private stringBytes = 0;
  private rows = 0;

  /** `skip`: addresses that are never tallied (placeholders such as 0.0.0.0). */
  constructor(private readonly skip: ReadonlySet<number> = new Set()) {}

  get size(): number {
    return this.rows;
  }

  /** The place of `address` in the table: where it is, or the empty place where it would go. */
  private place(address: number): number {
    const mask = (this.places.length >> 1) - 1;
    // Fibonacci hashing, high bits: addresses that differ only in one octet spread over the table.
    let h = Math.imul(address, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const row = this.places[2 * h + 1]!;
      if (row === 0 || this.places[2 * h] === (address | 0)) return h;
      h = (h + 1) & mask;
    }
  }

  /** Counts a sighting of the address (a new one gets its row). */
  see(address: number, time: number): void {
    const h = this.place(address);
    const row = this.places[2 * h + 1]! - 1;
    if (row >= 0) {
      const f = this.figures;
      if (time < f[3 * row]!) f[3 * row] = time;
      if (time > f[3 * row + 1]!) f[3 * row + 1] = time;
      f[3 * row + 2]!++;
      return;
    }
    if (this.skip.has(address)) return;
    const added = this.rows++;
    if (added === this.addresses.length) this.growRows();
    this.places[2 * h] = address | 0;
    this.places[2 * h + 1] = added + 1;
    this.figures[3 * added] = time;
    this.figures[3 * added + 1] = time;
    this.figures[3 * added + 2] = 1;
    this.addresses[added] = address;
    this.writeStrings(added, address);
    if (this.rows * 2 > this.places.length >> 1) this.growPlaces();
  }

  /** Row i's address, first µs, last µs, count and entity id. */
  address(i: number): number {
    return this.addresses[i]!;
  }
  first(i: number): number {
    return this.figures[3 * i]!;
  }
  last(i: number): number {
    return this.figures[3 * i + 1]!;
  }
  count(i: number): number {
    return this.figures[3 * i + 2]!;
  }
  id(i: number): string {
    return this.strings.toString('latin1', this.stringEnds[4 * i + 2], this.stringEnds[4 * i + 3]);
  }

  /** Every row's strings (type, value, key, id) as one string, and where each ends in it (four per row). */
  rowStrings(): { text: string; ends: Uint32Array } {
    return { text: this.strings.toString('latin1', 0, this.stringBytes), ends: this.stringEnds.subarray(0, 4 * this.rows) };
  }

  /** Row `row`'s strings, written once: 'ip', the canonical text (which is the key) twice, and the entity id. */
  private writeStrings(row: number, address: number): void {
    const bytes = this.strings;
    const ends = this.stringEnds;
    let at = this.stringBytes;
    bytes[at++] = 105; // i
    bytes[at++] = 112; // p
    ends[4 * row] = at;
    const textStart = at;
    at = writeIpv4(address, bytes, at);
    ends[4 * row + 1] = at;
    at += bytes.copy(bytes, at, textStart, ends[4 * row + 1]);
    ends[4 * row + 2] = at;
    at += bytes.write(entityId('ip', ipv4Text(address)), at, 'latin1');
    ends[4 * row + 3] = at;
    this.stringBytes = at;
  }

  private growRows(): void {
    const figures = new Float64Array(this.figures.length * 2);
    figures.set(this.figures);
    this.figures = figures;
    const addresses = new Uint32Array(this.addresses.length * 2);
    addresses.set(this.addresses);
    this.addresses = addresses;
    const strings = Buffer.alloc(this.strings.length * 2);
    this.strings.copy(strings, 0, 0, this.stringBytes);
    this.strings = strings;
    const stringEnds = new Uint32Array(this.stringEnds.length * 2);
    stringEnds.set(this.stringEnds);
    this.stringEnds = stringEnds;
  }

  private growPlaces(): void {
    const old = this.places;
    this.places = new Int32Array(old.length * 2);
    this.shift--;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const h = this.place(old[i]! >>> 0);
      this.places[2 * h] = old[i]!;
      this.places[2 * h + 1] = old[i + 1]!;
    }
  }
}
