import { isoUs } from '../../../shared/time';
import { describe, expect, it } from 'vitest';
import { testRandom, type Random } from '../../../tests/unit/support/seeded-random';

import { decodeEventEntities, encodeEventEntities, entityRecordsOf, eventEntityCount, eventEntityRecords, type EventEntityColumns } from './event-entity-table';

const ALPHABET = ['a', 'Z', '0', '.', '\\', '"', '\n', '\t', '\u0001', 'é', '中', '😀', '\ud800', ' '];

function randomString(random: Random, max: number): string {
  let s = '';
  for (let n = random.int(0, max); n > 0; n--) s += ALPHABET[random.int(0, ALPHABET.length - 1)];
  return s;
}

/** Columns of n entities with strings of any script (lone surrogates, controls, empty values) and times anywhere in 1970..2100. */
function randomColumns(random: Random, n: number): EventEntityColumns {
  const parts: string[] = [];
  const ends = new Uint32Array(4 * n);
  const seen = new Float64Array(3 * n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) {
      const s = randomString(random, j === 1 ? 40 : 12);
      parts.push(s);
      ends[4 * i + j] = at += s.length;
    }
    seen[3 * i] = random.int(0, 4_102_444_800) * 1e6 + random.int(0, 999_999);
    seen[3 * i + 1] = seen[3 * i]! + random.int(0, 1e9);
    seen[3 * i + 2] = random.int(1, 1e6);
  }
  return { text: parts.join(''), ends, seen };
}

/** Tables decoded and joined back into one set of columns. */
function joined(tables: ReturnType<typeof encodeEventEntities>): EventEntityColumns {
  const all = tables.map(decodeEventEntities);
  const ends: number[] = [];
  let at = 0;
  for (const c of all) {
    for (const end of c.ends) ends.push(end + at);
    at += c.text.length;
  }
  return { text: all.map((c) => c.text).join(''), ends: Uint32Array.from(ends), seen: Float64Array.from(all.flatMap((c) => [...c.seen])) };
}

describe('event entity tables', () => {
  it('read back exactly what was written, split into tables of the given size, through JSON as the journal stores them', () => {
    const random = testRandom('event entity table round trip');
    for (const [n, perTable] of [
      [0, 7],
      [1, 7],
      [6, 7],
      [7, 7],
      [8, 7],
      [100, 7],
      [2_500, 1_000],
    ] as const) {
      const columns = randomColumns(random, n);
      const tables = encodeEventEntities('file.csv', columns, perTable).map((t) => JSON.parse(JSON.stringify(t)));
      expect(tables.length).toBe(Math.ceil(n / perTable));
      expect(tables.map(eventEntityCount)).toEqual(tables.map((_, k) => Math.min(perTable, n - k * perTable)));
      expect(tables.every((t) => t.source === 'file.csv')).toBe(true);
      const back = joined(tables);
      expect(back.text).toBe(columns.text);
      expect([...back.ends]).toEqual([...columns.ends]);
      expect([...back.seen]).toEqual([...columns.seen]);
    }
  });

  it('become entity records with the shape the import gave event entities: no roles or verdict, the file as source, the event count', () => {
    const text = ['ip', '10.1.2.3', '10.1.2.3', 'ent-1', 'hash', ' DA39A3EE ', 'da39a3ee', 'ent-2'];
    let at = 0;
    const columns = {
      text: text.join(''),
      ends: Uint32Array.from(text.map((s) => (at += s.length))),
      seen: Float64Array.from([1e15, 2e15, 3, 1.7e15, 1.7e15, 1]),
    };
    const [table] = encodeEventEntities('logons.csv', columns);
    expect(eventEntityRecords(table!, 'case-1')).toEqual([
      {
        id: 'ent-1',
        caseId: 'case-1',
        type: 'ip',
        key: '10.1.2.3',
        display: '10.1.2.3',
        roles: [],
        verdict: null,
        remediationStatus: null,
        sources: ['logons.csv'],
        firstSeen: isoUs(1e15),
        lastSeen: isoUs(2e15),
        attributes: { events: 3 },
      },
      {
        id: 'ent-2',
        caseId: 'case-1',
        type: 'hash',
        key: 'da39a3ee',
        display: 'DA39A3EE',
        roles: [],
        verdict: null,
        remediationStatus: null,
        sources: ['logons.csv'],
        firstSeen: isoUs(1.7e15),
        lastSeen: isoUs(1.7e15),
        attributes: { events: 1 },
      },
    ]);
    expect(entityRecordsOf(columns, 'logons.csv', 'case-1')).toEqual(eventEntityRecords(table!, 'case-1'));
  });

  it('are refused, saying why, when their parts do not add up', () => {
    const text = ['ip', '10.0.0.1', '10.0.0.1', 'ent-1', 'ip', '10.0.0.2', '10.0.0.2', 'ent-2', 'url', 'http://x', 'http://x', 'ent-3'];
    let at = 0;
    const [table] = encodeEventEntities('f', { text: text.join(''), ends: Uint32Array.from(text.map((s) => (at += s.length))), seen: new Float64Array(9) });
    expect(() => decodeEventEntities({ ...table!, text: table!.text.slice(0, -1) })).toThrow(`string 11 ends at ${at}, outside ${at - 5}..${at - 1}`);
    expect(() => decodeEventEntities({ ...table!, seen: Buffer.from(new Float64Array(8).buffer).toString('base64') })).toThrow(
      '12 string ends and 8 numbers do not make whole entities',
    );
    expect(() => decodeEventEntities({ ...table!, ends: Buffer.from([1, 2, 3]).toString('base64') })).toThrow(
      'ends is 3 bytes, not a whole number of 4-byte values',
    );
    const backwards = new Uint32Array(12).fill(5);
    backwards[1] = 2;
    expect(() => decodeEventEntities({ ...table!, text: 'x'.repeat(20), ends: Buffer.from(backwards.buffer).toString('base64') })).toThrow(
      'string 1 ends at 2, outside 5..20',
    );
  });
});
