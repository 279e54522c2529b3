import { describe, expect, it } from 'vitest';
import { RunBuilder, RUN_CAPACITY, RUN_MAX_TEXT_BYTES } from './run-builder';
import type { EventRow } from './event-row';

const row = (time: number, attributesJson: string): EventRow => ({
  time,
  timestampDesc: 'Event Recorded',
  message: `event ${time}`,
  source: 'test',
  host: 'WKS-1',
  user: 'alice',
  tagsJson: '',
  attributesJson,
});

describe('RunBuilder', () => {
  it('is full at its event capacity', () => {
    const builder = new RunBuilder(4);
    for (let i = 0; i < 3; i++) builder.add(row(i, ''));
    expect(builder.full).toBe(false);
    builder.add(row(3, ''));
    expect(builder.full).toBe(true);
  });

  it(`is full once its text reaches ${RUN_MAX_TEXT_BYTES / 2 ** 20} MiB, however few events that is, so fat events cannot make huge runs`, () => {
    const builder = new RunBuilder();
    const fat = JSON.stringify({ xml_string: 'x'.repeat(1 << 20) });
    let events = 0;
    while (!builder.full) builder.add(row(events++, fat));
    expect(events).toBe(Math.ceil(RUN_MAX_TEXT_BYTES / (fat.length + 'event 0'.length)));
    const raw = builder.raw();
    expect(raw.n).toBe(events);
    expect(raw.attrOffsets[events]).toBe(events * fat.length);
  });

  it('sizes its text buffers from the run before it (they travel to the run worker whole), and still grows past them', () => {
    const first = new RunBuilder();
    const message = 'm'.repeat(100);
    for (let i = 0; i < 2000; i++) first.add({ ...row(i, '{"k":"v"}'), message });
    const second = new RunBuilder(RUN_CAPACITY, first);
    const allocated = (b: RunBuilder) => b.raw().msgBytes.buffer.byteLength;
    expect(allocated(new RunBuilder())).toBe(8 << 20);
    expect(allocated(second)).toBe(Math.ceil(2000 * 100 * 1.125));
    // A run with longer messages than the one before simply grows its buffer.
    for (let i = 0; i < 3000; i++) second.add({ ...row(i, ''), message });
    expect(second.raw().msgOffsets[3000]).toBe(300_000);
    expect(Buffer.from(second.raw().msgBytes.subarray(299_900, 300_000)).toString()).toBe(message);
  });

  it('tallies each host and user of the run: first and last time and how many events', () => {
    const builder = new RunBuilder();
    const at = (time: number, host: string, user: string) => builder.add({ ...row(time, ''), host, user });
    at(50, 'WKS-1', 'alice');
    at(10, 'WKS-2', 'alice');
    at(30, 'WKS-1', 'bob');
    at(20, 'WKS-1', 'alice');
    expect(builder.valueTallies()).toEqual({
      host: [
        { value: 'WKS-1', first: 20, last: 50, count: 3 },
        { value: 'WKS-2', first: 10, last: 10, count: 1 },
      ],
      user: [
        { value: 'alice', first: 10, last: 50, count: 3 },
        { value: 'bob', first: 30, last: 30, count: 1 },
      ],
    });
  });
});
