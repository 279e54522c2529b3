import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/unit/support/seeded-random';
import { AttributesJsonWriter } from './event-row';
import { segmentAttributes } from './attribute-segment';

// Values a quote-free CSV record can hold: anything but the delimiter, quotes and line breaks. Text decoded
// from a file holds no lone surrogate (invalid UTF-8 becomes U+FFFD), so none is here.
const VALUES = ['', '10.0.0.1', 'C:\\Windows\\cmd.exe', 'tab\there', 'Zoë 😀', '\u0001\u007f', '\ufffd', "{'not':'json'}", ' spaced '];

describe('attribute segments', () => {
  it('read back exactly the attributes the JSON text holds, wherever the columns sit in the record', () => {
    const next = seededRandom(3).next;
    for (let trial = 0; trial < 200; trial++) {
      const before = Math.floor(next() * 3);
      const count = 1 + Math.floor(next() * 4);
      const after = Math.floor(next() * 3);
      const columns = Array.from({ length: count }, (_, k) => [`attr${k}`, before + k] as const);
      const writer = new AttributesJsonWriter(columns);
      expect(writer.segment).not.toBeNull();
      const fields = Array.from({ length: before + count + after }, () => VALUES[Math.floor(next() * VALUES.length)]!);
      const line = fields.join(',');
      const json = writer.write(fields);
      // Stored as UTF-8, as a run stores it.
      const stored = Buffer.from(writer.segmentText(fields, line), 'utf8').toString('utf8');
      expect(segmentAttributes(stored, writer.segment!)).toEqual(json ? JSON.parse(json) : {});
    }
  });

  it('apply only to columns side by side and a one-character ASCII delimiter', () => {
    expect(
      new AttributesJsonWriter([
        ['a', 1],
        ['b', 2],
      ]).segment,
    ).toEqual({ columns: ['a', 'b'], delimiter: ',' });
    expect(
      new AttributesJsonWriter([
        ['a', 1],
        ['b', 3],
      ]).segment,
    ).toBeNull();
    expect(
      new AttributesJsonWriter([
        ['a', 2],
        ['b', 1],
      ]).segment,
    ).toBeNull();
    expect(new AttributesJsonWriter([]).segment).toBeNull();
    expect(new AttributesJsonWriter([['a', 0]], ';').segment).toEqual({ columns: ['a'], delimiter: ';' });
    expect(new AttributesJsonWriter([['a', 0]], '||').segment).toBeNull();
    expect(new AttributesJsonWriter([['a', 0]], '§').segment).toBeNull();
  });

  it('refuse a segment whose values do not match its columns', () => {
    expect(() => segmentAttributes('a,b,c', { columns: ['x', 'y'], delimiter: ',' })).toThrow(/3 values for 2 columns/);
  });
});
