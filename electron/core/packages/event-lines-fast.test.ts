import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { AttributesJsonWriter, eventToRow, type EventRow } from '../timeline/event-row';
import { buildRun } from '../timeline/raw-run';
import { RunBuilder } from '../timeline/run-builder';
import { EventLineReader } from './event-line-reader';
import { writeRunLines } from './event-line-writer';
import { eventLine, parseEventLine } from './event-lines';
import { ByteSink } from './json-bytes';
import { runEvent, type StoredRun } from './run-events';

/**
 * The fast paths of package lines give exactly what the plain ones give:
 * writeRunLines the bytes of eventLine for every event of a run, and
 * EventLineReader the rows of eventToRow(parseEventLine(line)) for any line,
 * with the same errors.
 */

const US = 1_714_557_600_123_456;

function event(over: Partial<TimelineEvent>): TimelineEvent {
  return { time: US, timestampDesc: 'Event Recorded', message: 'plain', source: 'proxy.csv', host: 'WKS-1', user: 'alice', tags: [], attributes: {}, ...over };
}

const TRICKY: TimelineEvent[] = [
  event({}),
  event({ message: 'quote " backslash \\ tab \t newline \n nul \u0000 del \u007f bell \u0007', host: '', user: '' }),
  event({ message: 'ünïcödé ✓ emoji 🛰 line sep \u2028 lone \ud800 half', tags: ['a', 'b "c"', 'new\nline'] }),
  event({ time: -1_000_000, attributes: { message: 'an attribute named message', 'casebook_attr.x': 'prefixed already', tag: 't' } }),
  event({ time: 0.5, attributes: { '5': 'index-like', b: 'after' } }),
  event({ time: 253_402_300_800_000_000, attributes: { __proto__: 'proto', hostname: 'WKS-1' } as Record<string, string> }),
  event({ time: 1, attributes: { value: 'esc \\ " \u0001 \u001f', url: 'https://x.example/a?b=c' } }),
  event({ message: '', timestampDesc: '', source: '', attributes: { only: 'one' }, tags: ['solo'] }),
];

function storedRun(rows: readonly EventRow[]): StoredRun {
  const builder = new RunBuilder(rows.length + 1);
  for (const r of rows) builder.add(r);
  const { columns, text } = buildRun(builder.raw());
  return { cols: columns, text };
}

function slowLines(run: StoredRun): string {
  let out = '';
  for (let i = 0; i < run.cols.header.count; i++) out += eventLine(runEvent(run, i));
  return out;
}

function fastLines(run: StoredRun): string {
  const sink = new ByteSink(16);
  expect(writeRunLines(sink, run)).toBe(run.cols.header.count);
  return sink.view().toString('utf8');
}

/** Rows as the Timesketch CSV importer makes them: attributes as a segment of the row's text. */
function csvRows(columns: string[], records: string[][]): EventRow[] {
  const writer = new AttributesJsonWriter(
    columns.map((name, i) => [name, i + 1] as const),
    ',',
  );
  return records.map((values, k) => {
    const fields = [`message ${k}`, ...values];
    return { ...eventToRow(event({ time: US + k })), attributesJson: { writer, fields, line: fields.join(',') } };
  });
}

describe('writeRunLines', () => {
  it('writes the bytes eventLine writes, for events stored as JSON attributes', () => {
    const run = storedRun(TRICKY.map(eventToRow));
    expect(fastLines(run)).toBe(slowLines(run));
  });

  it('writes the bytes eventLine writes, for rows stored as segments of their CSV text', () => {
    const run = storedRun(
      csvRows(
        ['hostname', 'data_type', 'source_ip', 'note'],
        [
          ['WKS-1', 'fs:stat', '10.0.0.1', 'back\\slash\ttab'],
          ['', 'syslog', '', ''],
          ['WKS-2', 'ünïcödé', '10.0.0.2', 'x'],
        ],
      ),
    );
    expect(fastLines(run)).toBe(slowLines(run));
  });

  it('writes the bytes eventLine writes when segment columns repeat a name or look like an index', () => {
    for (const columns of [
      ['a', 'a'],
      ['7', 'b'],
    ]) {
      const run = storedRun(csvRows(columns, [['1', '2']]));
      expect(fastLines(run)).toBe(slowLines(run));
    }
  });
});

function slowRow(line: string): EventRow {
  return eventToRow(parseEventLine(line, 'part line 1'));
}

function readOne(line: string): { row: EventRow | null; checked: boolean } {
  const bytes = Buffer.from(line);
  return { row: new EventLineReader(bytes, 'part').next(), checked: new EventLineReader(bytes, 'part').check() };
}

describe('EventLineReader', () => {
  it('reads every line eventLine writes as eventToRow(parseEventLine(line)) reads it, to the byte of its attributes', () => {
    const lines = TRICKY.map(eventLine).join('');
    const reader = new EventLineReader(Buffer.from(lines), 'part');
    for (const line of lines.split('\n').slice(0, -1)) expect(reader.next()).toEqual(slowRow(line));
    expect(reader.next()).toBeNull();
    expect(reader.count).toBe(TRICKY.length);
  });

  it.each([
    ['spaces between fields', '{ "message": "m", "datetime": "x", "timestamp": 5, "timestamp_desc": "d", "casebook_source": "s", "a": "b" }'],
    ['fields in another order', '{"timestamp":5,"message":"m","timestamp_desc":"d","a":"b"}'],
    ['an empty tag list and a fractional time', '{"message":"m","datetime":"x","timestamp":5.25,"timestamp_desc":"d","tag":[],"casebook_source":"s"}'],
    [
      'escapes JSON.stringify does not write',
      '{"message":"\\u0041\\/","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","k":"\\u0042\\/"}',
    ],
    ['an escaped key', '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","\\u006b":"v"}'],
    [
      'a prefixed and a plain name for one attribute',
      '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","casebook_attr.x":"1","x":"2"}',
    ],
    ['an attribute named like a field', '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","hostname":"h"}'],
    ['a key given twice', '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","k":"1","k":"2"}'],
    ['a 17-digit time', '{"message":"m","datetime":"x","timestamp":12345678901234567,"timestamp_desc":"d","casebook_source":"s"}'],
  ])('reads a line with %s as the plain reader does', (_what, line) => {
    expect(readOne(line)).toEqual({ row: slowRow(line), checked: true });
  });

  it('reads invalid UTF-8 with replacement characters, as the plain reader does', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"message":"a'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s"}'),
    ]);
    expect(new EventLineReader(bytes, 'part').next()).toEqual(slowRow(bytes.toString('utf8')));
  });

  it.each([
    ['a trailing comma', '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s",}', 'not JSON'],
    ['a number attribute', '{"message":"m","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s","n":5}', '"n" is not a string'],
    ['a raw control character', '{"message":"a\u0001b","datetime":"x","timestamp":5,"timestamp_desc":"d","casebook_source":"s"}', 'not JSON'],
    ['an infinite time', '{"message":"m","datetime":"x","timestamp":1e400,"timestamp_desc":"d","casebook_source":"s"}', '"timestamp" is not a number'],
    ['no description', '{"message":"m","datetime":"x","timestamp":5,"casebook_source":"s"}', '"timestamp_desc" is not a string'],
  ])('refuses %s with the plain reader’s message, naming the line', (_what, line, message) => {
    const bytes = Buffer.from(`${eventLine(event({}))}${line}\n`);
    const reader = new EventLineReader(bytes, 'events/x.jsonl');
    reader.next();
    expect(() => reader.next()).toThrow(`events/x.jsonl line 2: ${message}`);
    const checker = new EventLineReader(bytes, 'events/x.jsonl');
    checker.check();
    expect(() => checker.check()).toThrow(`events/x.jsonl line 2: ${message}`);
  });
});
