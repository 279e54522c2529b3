import { entityId } from './entity-keys';
import { ipv4Text } from './word-scan';

/** An entity id is 'ent-' and 24 hex digits (entityId): fixed width, so the ids can sit in one byte array. */
export const IP_ID_BYTES = 28;
const ID_BYTES = IP_ID_BYTES;

/**
 * IPv4 addresses seen in an import's events, tallied by their 32-bit value in
 * an open-addressing table.
 *
 * Everything is kept in typed arrays, not objects or strings: the run worker's
 * collections (about one per run, started by the run's buffers) then have
 * little to mark however many addresses there are, and a sighting touches one
 * place in the table and one row of figures. An address seen a million times
 * costs a million probes; its entity id is worked out once, when it is first
 * seen, and its text only when the tallies are read.
 */
export class IpTable {
  /** Pairs [address, row + 1]; row + 1 = 0 marks an empty place. */
  private places = new Int32Array(2 << 12);
  /** 32 - log2(number of places): the hash's high bits pick the place. */
  private shift = 32 - 12;
  /** Per row: first µs, last µs, count. */
  private figures = new Float64Array(3 << 10);
  private addresses = new Uint32Array(1 << 10);
  /** Per row, its entity id as ASCII bytes. */
  private ids = Buffer.alloc(ID_BYTES << 10);
  private rows = 0;

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

  /** Counts a sighting; false when the address is new and `room` is false (it is then not kept). */
  see(address: number, time: number, room: boolean): boolean {
    const h = this.place(address);
    const row = this.places[2 * h + 1]! - 1;
    if (row >= 0) {
      const f = this.figures;
      if (time < f[3 * row]!) f[3 * row] = time;
      if (time > f[3 * row + 1]!) f[3 * row + 1] = time;
      f[3 * row + 2]!++;
      return true;
    }
    if (!room) return false;
    const added = this.rows++;
    if (added === this.addresses.length) this.growRows();
    this.places[2 * h] = address | 0;
    this.places[2 * h + 1] = added + 1;
    this.figures[3 * added] = time;
    this.figures[3 * added + 1] = time;
    this.figures[3 * added + 2] = 1;
    this.addresses[added] = address;
    // ipv4Text writes the canonical form, which is the entity's key.
    this.ids.write(entityId('ip', ipv4Text(address)), added * ID_BYTES, 'latin1');
    if (this.rows * 2 > this.places.length >> 1) this.growPlaces();
    return true;
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
    return this.ids.toString('latin1', i * ID_BYTES, (i + 1) * ID_BYTES);
  }
  /** Copies row i's entity id (IP_ID_BYTES ASCII bytes) to `target` at `at`; returns where it ends. */
  copyId(i: number, target: Buffer, at: number): number {
    return at + this.ids.copy(target, at, i * ID_BYTES, (i + 1) * ID_BYTES);
  }

  /** Adds the figures of an address seen another way (as text) to row i's. */
  merge(i: number, first: number, last: number, count: number): void {
    const f = this.figures;
    if (first < f[3 * i]!) f[3 * i] = first;
    if (last > f[3 * i + 1]!) f[3 * i + 1] = last;
    f[3 * i + 2]! += count;
  }

  private growRows(): void {
    const figures = new Float64Array(this.figures.length * 2);
    figures.set(this.figures);
    this.figures = figures;
    const addresses = new Uint32Array(this.addresses.length * 2);
    addresses.set(this.addresses);
    this.addresses = addresses;
    const ids = Buffer.alloc(this.ids.length * 2);
    this.ids.copy(ids);
    this.ids = ids;
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
