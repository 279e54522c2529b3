import type { EventEntityColumns } from '../cases/event-entity-table';
import type { EntityTallies } from './run-entities';

/**
 * The entities only a group's events name, kept as the columns the run worker
 * handed them over in (run-entities.ts) and journaled as event entity tables:
 * no record object is made for each of a hundred thousand entities at the end
 * of an import. Usually the worker's columns are kept whole; only when some of
 * their rows are not new to the group (another spelling, or an entity an alert
 * named) are the new ones gathered into fresh columns.
 */
export class FoundEntities {
  /** Entity id → its place (slot) among the entities kept. */
  private readonly slots = new Map<string, number>();
  private readonly parts: EntityTallies[] = [];
  /** Per slot: the part and row it is in. */
  private readonly partOf: number[] = [];
  private readonly rowOf: number[] = [];

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Row `row` of `part` is a new entity, with id `id`: kept as it is. */
  add(part: EntityTallies, row: number, id: string): void {
    if (this.parts.at(-1) !== part) this.parts.push(part);
    this.slots.set(id, this.partOf.length);
    this.partOf.push(this.parts.length - 1);
    this.rowOf.push(row);
  }

  /** Adds sightings to the entity kept with id `id`; false if there is none. */
  merge(id: string, first: number, last: number, count: number): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const numbers = this.parts[this.partOf[slot]!]!.numbers;
    const at = 3 * this.rowOf[slot]!;
    if (first < numbers[at]!) numbers[at] = first;
    if (last > numbers[at + 1]!) numbers[at + 1] = last;
    numbers[at + 2]! += count;
    return true;
  }

  /** The entities kept, in the order they were found. */
  columns(): EventEntityColumns {
    const n = this.partOf.length;
    const only = this.parts.length === 1 ? this.parts[0]! : null;
    // Every row of one hand-over kept, in order: its columns as they came.
    if (only && only.numbers.length === 3 * n) return { text: only.text, ends: only.ends, seen: only.numbers };
    // Rows kept one after another are copied as one span of text, their ends shifted by as much.
    const spans: string[] = [];
    const ends = new Uint32Array(4 * n);
    const seen = new Float64Array(3 * n);
    let at = 0;
    for (let slot = 0; slot < n;) {
      const { partOf, rowOf } = this;
      let end = slot + 1;
      while (end < n && partOf[end] === partOf[slot] && rowOf[end] === rowOf[end - 1]! + 1) end++;
      const part = this.parts[partOf[slot]!]!;
      const first = rowOf[slot]!;
      const rows = end - slot;
      const from = first === 0 ? 0 : part.ends[4 * first - 1]!;
      const to = part.ends[4 * (first + rows) - 1]!;
      spans.push(part.text.slice(from, to));
      for (let k = 0; k < 4 * rows; k++) ends[4 * slot + k] = part.ends[4 * first + k]! - from + at;
      seen.set(part.numbers.subarray(3 * first, 3 * (first + rows)), 3 * slot);
      at += to - from;
      slot = end;
    }
    return { text: spans.join(''), ends, seen };
  }
}
