import type { EventEntityColumns } from '../cases/event-entity-table';
import type { ByteSink } from './json-bytes';

/**
 * The entities an import found only in its events (its entity pages), as
 * JSON lines: {"type","value","key","id","firstSeen","lastSeen","events"},
 * times in µs since the epoch. Read back into the page columns on import.
 */

export interface FoundEntityLine {
  type: string;
  value: string;
  key: string;
  id: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
}

export function* entityLines(columns: EventEntityColumns): Generator<FoundEntityLine> {
  const { text, ends, seen } = columns;
  for (let i = 0, from = 0; i < ends.length / 4; i++) {
    const s: string[] = [];
    for (let k = 0; k < 4; k++) {
      s.push(text.slice(from, ends[4 * i + k]));
      from = ends[4 * i + k]!;
    }
    yield { type: s[0]!, value: s[1]!, key: s[2]!, id: s[3]!, firstSeen: seen[3 * i]!, lastSeen: seen[3 * i + 1]!, events: seen[3 * i + 2]! };
  }
}

const KEYS = ['{"type":', ',"value":', ',"key":', ',"id":'].map((k) => Buffer.from(k));
const NUMBER_KEYS = [',"firstSeen":', ',"lastSeen":', ',"events":'].map((k) => Buffer.from(k));
const CLOSE = Buffer.from('}\n');

/** The lines of entityLines(columns), each as JSON.stringify writes it, appended to `sink`; returns how many. */
export function writeEntityLines(sink: ByteSink, columns: EventEntityColumns): number {
  const { text, ends, seen } = columns;
  const n = ends.length / 4;
  for (let i = 0, from = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) {
      sink.put(KEYS[k]!);
      sink.string(text.slice(from, ends[4 * i + k]));
      from = ends[4 * i + k]!;
    }
    for (let k = 0; k < 3; k++) {
      sink.put(NUMBER_KEYS[k]!);
      sink.number(seen[3 * i + k]!);
    }
    sink.put(CLOSE);
  }
  return n;
}

/** Lines back to page columns; throws naming the line and field. */
export function entityColumns(lines: readonly string[], where: string): EventEntityColumns {
  // Pieces joined once at the end: appending to one string a million times makes the collector's work.
  const pieces: string[] = [];
  let length = 0;
  const ends = new Uint32Array(4 * lines.length);
  const seen = new Float64Array(3 * lines.length);
  lines.forEach((line, i) => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${where} line ${i + 1}: not JSON`);
    }
    (['type', 'value', 'key', 'id'] as const).forEach((f, k) => {
      const v = o[f];
      if (typeof v !== 'string') throw new Error(`${where} line ${i + 1}: "${f}" is not a string`);
      pieces.push(v);
      length += v.length;
      ends[4 * i + k] = length;
    });
    (['firstSeen', 'lastSeen', 'events'] as const).forEach((f, k) => {
      if (typeof o[f] !== 'number') throw new Error(`${where} line ${i + 1}: "${f}" is not a number`);
      seen[3 * i + k] = o[f] as number;
    });
  });
  return { text: pieces.join(''), ends, seen };
}
