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
    expect(JSON.parse(json)).toEqual({ message: 'plain text', 'path "quoted"': 'C:\\Users\\"x"\\run.exe', 'back\\slash': 'line\nbreak\ttab', ctl: '\u0001\u001f é 😀' });
    expect(json).toBe(JSON.stringify({ message: 'plain text', 'path "quoted"': fields[1], 'back\\slash': fields[2], ctl: fields[4] }));
  });

  it('keeps a lone surrogate as JSON.stringify does (escaped), and writes nothing when every value is empty', () => {
    expect(writer.write(['\ud800', '', '', '', ''])).toBe('{"message":"\\ud800"}');
    expect(writer.write(['', '', '', '', ''])).toBe('');
  });
});

describe('event rows', () => {
  it('turn into events and back without loss', () => {
    const event = { time: 1, timestampDesc: 'd', message: 'm', source: 's', host: 'h', user: 'u', tags: ['a', 'b'], attributes: { k: 'v' } };
    expect(rowToEvent(eventToRow(event))).toEqual(event);
    expect(eventToRow({ ...event, tags: [], attributes: {} })).toMatchObject({ tagsJson: '', attributesJson: '' });
  });
});
