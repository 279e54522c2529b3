import { describe, expect, it } from 'vitest';
import { AttributesJsonWriter, eventToRow, rowToEvent } from './event-row';

describe('AttributesJsonWriter', () => {
  const columns = [
    ['message', 0],
    ['path "quoted"', 1],
    ['back\\slash', 2],
    ['empty', 3],
    ['ctl', 4],
  ] as const;
  const writer = new AttributesJsonWriter(columns);

  it('writes the JSON of the non-empty values, escaping what JSON must, names included', () => {
    const fields = ['plain text', 'C:\\Users\\"x"\\run.exe', 'line\nbreak\ttab', '', '\u0001\u001f é 😀'];
    const json = writer.write(fields);
    expect(JSON.parse(json)).toEqual({
      message: 'plain text',
      'path "quoted"': 'C:\\Users\\"x"\\run.exe',
      'back\\slash': 'line\nbreak\ttab',
      ctl: '\u0001\u001f é 😀',
    });
    expect(json).toBe(JSON.stringify({ message: 'plain text', 'path "quoted"': fields[1], 'back\\slash': fields[2], ctl: fields[4] }));
  });

  it('keeps a lone surrogate as JSON.stringify does (escaped), and writes nothing when every value is empty', () => {
    expect(writer.write(['\ud800', '', '', '', ''])).toBe('{"message":"\\ud800"}');
    expect(writer.write(['', '', '', '', ''])).toBe('');
  });
});

describe('AttributesJsonWriter.writeInto', () => {
  /** write() as UTF-8, the form a run stores: writeInto must give exactly these bytes. */
  const viaString = (writer: AttributesJsonWriter, fields: string[]) => Buffer.from(writer.write(fields), 'utf8');
  const viaBytes = (writer: AttributesJsonWriter, fields: string[]) => {
    const bytes = Buffer.alloc(writer.maxBytes(fields) + 4, 0xee);
    const end = writer.writeInto(fields, bytes, 2);
    expect(end - 2).toBeLessThanOrEqual(writer.maxBytes(fields));
    expect(bytes[0]).toBe(0xee);
    return bytes.subarray(2, end);
  };

  it('writes the same bytes as write() on random values: escapes, controls, DEL, non-ASCII, pairs and lone surrogates', () => {
    const writer = new AttributesJsonWriter([
      ['a', 0],
      ['with "quote"', 2],
      ['é', 3],
    ]);
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', '€', '😀', '\ud800', '\udc00', '/', '<'];
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const value = () => Array.from({ length: next(12) }, () => alphabet[next(alphabet.length)]!).join('');
    for (let i = 0; i < 5_000; i++) {
      const fields = [value(), 'not an attribute', value(), value()];
      expect(viaBytes(writer, fields).equals(viaString(writer, fields)), JSON.stringify(fields)).toBe(true);
    }
  });

  it('writes nothing when every value is empty', () => {
    const writer = new AttributesJsonWriter([['a', 0]]);
    expect(viaBytes(writer, ['']).length).toBe(0);
  });
});

describe('event rows', () => {
  it('turn into events and back without loss', () => {
    const event = { time: 1, timestampDesc: 'd', message: 'm', source: 's', host: 'h', user: 'u', tags: ['a', 'b'], attributes: { k: 'v' } };
    expect(rowToEvent(eventToRow(event))).toEqual(event);
    expect(eventToRow({ ...event, tags: [], attributes: {} })).toMatchObject({ tagsJson: '', attributesJson: '' });
  });
});
