import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { copyFields, dataObject } from './data-object';
import { timesketchCsv, timesketchJsonl } from './timesketch';
import { hayabusaCsv } from './hayabusa/hayabusa-csv';
import { plasoJsonl } from './plaso/plaso-jsonl';
import { genericCsv } from './generic/generic-csv';

/** The event's attributes hold these keys as data, and no prototype anywhere changed. */
// Pairs, not an object literal: in a literal, __proto__: 'p' would itself be dropped.
function expectKeptAsData(attributes: Record<string, unknown>, expected: [string, string][]): void {
  for (const [key, value] of expected) {
    expect(Object.prototype.hasOwnProperty.call(attributes, key), key).toBe(true);
    expect(Object.getOwnPropertyDescriptor(attributes, key)!.value).toBe(value);
  }
  expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('keys such as __proto__ and constructor are kept as data', () => {
  it('in a helper object and when copied', () => {
    const o = dataObject<unknown>();
    o['__proto__'] = { polluted: true };
    const into: Record<string, unknown> = {};
    copyFields(into, o);
    expect(Object.keys(into)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(into)).toBe(Object.prototype);
  });

  it('in Timesketch JSON Lines and Timesketch CSV without a message column', async () => {
    const jsonl = await runImporter(
      timesketchJsonl,
      Buffer.from('{"datetime":"2024-01-01T00:00:00Z","message":"m","timestamp_desc":"x","__proto__":"p","constructor":"c","prototype":"q"}\n'),
      { name: 't.jsonl' },
    );
    expectKeptAsData(jsonl.events[0]!.attributes, [
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['prototype', 'q'],
    ]);
    const csv = await runImporter(timesketchCsv, Buffer.from('datetime,timestamp_desc,__proto__,constructor\n2024-01-01T00:00:00Z,x,p,c\n'), { name: 't.csv' });
    expectKeptAsData(csv.events[0]!.attributes, [
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
  });

  it('in Hayabusa, Plaso JSON Lines and generic CSV', async () => {
    const hayabusa = await runImporter(
      hayabusaCsv,
      Buffer.from('Timestamp,Computer,Level,RuleTitle,Details,__proto__,constructor\n2024-01-01 00:00:00.000 +00:00,HOST,high,Rule,User: a,p,c\n'),
      { name: 'h.csv' },
    );
    expectKeptAsData(hayabusa.events[0]!.attributes, [
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    const plaso = await runImporter(
      plasoJsonl,
      Buffer.from(
        '{"__container_type__":"event","timestamp":1704067200000000,"timestamp_desc":"x","data_type":"t","message":"m","__proto__":"p","constructor":"c"}\n',
      ),
      { name: 'p.jsonl' },
    );
    expectKeptAsData(plaso.events[0]!.attributes, [
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    const generic = await runImporter(genericCsv, Buffer.from('when,__proto__,constructor\n2024-01-01T00:00:00Z,p,c\n'), {
      name: 'g.csv',
      mapping: { time: 'when', timeFormat: 'iso', message: ['constructor'] },
    });
    expect(generic.events[0]!.message).toBe('c');
    expectKeptAsData(generic.events[0]!.attributes, [['__proto__', 'p']]);
  });
});
