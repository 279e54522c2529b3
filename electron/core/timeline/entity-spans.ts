/**
 * Where a run's entity-bearing attribute values sit in its attribute bytes,
 * noted while tabular rows are written (AttributesJsonWriter knows each
 * column's name, so it knows which columns hold IPs, paths, hashes...). The
 * run worker then reads those values where they are instead of searching the
 * whole JSON text for `"Name":"value"` pairs.
 *
 * Four numbers per value: the event's index in the run, the kind's code (its
 * index in ENTITY_FIELD_KINDS), and the value's bytes [start, end), as JSON
 * text without its quotes.
 */
export class EntitySpans {
  private data = new Uint32Array(4 << 10);
  private length = 0;
  /** The event whose attributes are being written. */
  event = 0;

  push(kind: number, start: number, end: number): void {
    if (this.length + 4 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[this.length] = this.event;
    d[this.length + 1] = kind;
    d[this.length + 2] = start;
    d[this.length + 3] = end;
    this.length += 4;
  }

  /** The spans noted so far (a view, not a copy). */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
