import type { AttributesJsonWriter, EventRow } from './event-row';
import { SEGMENT_MARKER } from './attribute-segment';
import { Dictionary } from './dictionary';
import { ByteColumn } from './byte-column';
import { EntitySpans } from './entity-spans';
import { DICT_COLUMNS, type DictColumn } from './run-format';
import type { RawRun } from './raw-run';

/**
 * Events per run: 2^16 keeps a run's buffers small (a few MiB) and the import's
 * pipeline fine-grained (the run worker trails the parser by at most a run or
 * two), while an id (run * 2^20 + index) stays exact.
 */
export const RUN_CAPACITY = 1 << 16;
/**
 * A run also ends when its text reaches this many bytes: events with large
 * attributes (a Plaso event log record carries its whole XML) would otherwise
 * make runs of hundreds of MiB, and memory grows with the runs in flight.
 */
export const RUN_MAX_TEXT_BYTES = 32 * 1024 * 1024;
export const RUN_ID_STRIDE = 1 << 20;

/**
 * Collects up to RUN_CAPACITY events column by column (no per-event objects are
 * kept), then sorts them by time and produces the run's columns and text.
 */
export class RunBuilder {
  private count = 0;
  private readonly time: Float64Array;
  private readonly ids: Record<DictColumn, Uint32Array>;
  private readonly dicts: Record<DictColumn, Dictionary>;
  private readonly messages: ByteColumn;
  private readonly attrs: ByteColumn;
  private readonly spans = new EntitySpans();
  /** Events whose attributes came as JSON text rather than a tabular row: they leave the run without spans. */
  private textAttributes = 0;
  /** The writer whose rows this run stores as segments of their text (one per run: its header names the columns). */
  private segmentWriter: AttributesJsonWriter | null = null;

  /**
   * `previous`, the run before this one: its text sizes (with some room) size
   * this run's buffers, which go to the run worker whole and count there as new
   * memory, so buffers twice too big would cost the collector twice the work.
   */
  constructor(
    private readonly capacity = RUN_CAPACITY,
    previous?: RunBuilder,
  ) {
    this.time = new Float64Array(capacity);
    const room = (used: number | undefined, otherwise: number) => (used === undefined ? otherwise : Math.max(64 << 10, Math.ceil(used * 1.125)));
    this.messages = new ByteColumn(capacity, room(previous?.messages.byteLength, Math.min(capacity * 128, 32 << 20)));
    this.attrs = new ByteColumn(capacity, room(previous?.attrs.byteLength, Math.min(capacity * 64, 16 << 20)));
    this.ids = {} as Record<DictColumn, Uint32Array>;
    this.dicts = {} as Record<DictColumn, Dictionary>;
    for (const c of DICT_COLUMNS) {
      this.ids[c] = new Uint32Array(capacity);
      this.dicts[c] = new Dictionary();
    }
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of message and attribute text collected so far. */
  get textBytes(): number {
    return this.messages.byteLength + this.attrs.byteLength;
  }

  get full(): boolean {
    return this.count >= this.capacity || this.messages.byteLength + this.attrs.byteLength >= RUN_MAX_TEXT_BYTES;
  }

  add(row: EventRow): void {
    const i = this.count++;
    const t = row.time;
    this.time[i] = t;
    this.ids.source[i] = this.dicts.source.id(row.source);
    this.ids.host[i] = this.dicts.host.id(row.host);
    this.ids.user[i] = this.dicts.user.id(row.user);
    this.ids.desc[i] = this.dicts.desc.id(row.timestampDesc);
    this.ids.tags[i] = this.dicts.tags.id(row.tagsJson);
    this.messages.push(row.message);
    const a = row.attributesJson;
    if (typeof a === 'string') {
      this.attrs.push(a);
      if (a !== '') this.textAttributes++;
    } else if (a.line !== undefined && a.writer.segment && (this.segmentWriter ??= a.writer) === a.writer) {
      this.attrs.pushMarked(SEGMENT_MARKER, a.writer.segmentText(a.fields, a.line));
    } else {
      this.spans.event = i;
      this.attrs.pushWritten(a.writer, a.fields, this.spans);
    }
  }

  /** Each distinct host and user of the run with when it was first and last seen and how often. */
  valueTallies(): Record<'host' | 'user', ValueTally[]> {
    return { host: this.tally('host'), user: this.tally('user') };
  }

  /** Worked out from the columns once per run, in one tight loop, rather than kept up per event. */
  private tally(column: 'host' | 'user'): ValueTally[] {
    const names = this.dicts[column].values;
    const first = new Float64Array(names.length).fill(Infinity);
    const last = new Float64Array(names.length).fill(-Infinity);
    const count = new Float64Array(names.length);
    const ids = this.ids[column];
    for (let i = 0; i < this.count; i++) {
      const id = ids[i]!;
      const t = this.time[i]!;
      if (t < first[id]!) first[id] = t;
      if (t > last[id]!) last[id] = t;
      count[id]!++;
    }
    return names.map((value, id) => ({ value, first: first[id]!, last: last[id]!, count: count[id]! }));
  }

  /** The run as collected (views of its buffers), for buildRun() here or in the run worker. */
  raw(): RawRun {
    const n = this.count;
    const ids = {} as Record<DictColumn, Uint32Array>;
    const dicts = {} as Record<DictColumn, string[]>;
    for (const c of DICT_COLUMNS) {
      ids[c] = this.ids[c].subarray(0, n);
      dicts[c] = this.dicts[c].values;
    }
    const msg = this.messages.raw(n);
    const attr = this.attrs.raw(n);
    return {
      n,
      time: this.time.subarray(0, n),
      ids,
      dicts,
      msgOffsets: msg.offsets,
      msgBytes: msg.bytes,
      attrOffsets: attr.offsets,
      attrBytes: attr.bytes,
      attrSpans: this.textAttributes === 0 ? this.spans.view() : null,
      attrSegment: this.segmentWriter ? { ...this.segmentWriter.segment!, kinds: this.segmentWriter.kinds } : null,
    };
  }
}

export interface ValueTally {
  value: string;
  first: number;
  last: number;
  count: number;
}
