import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/unit/support/seeded-random';
import { entityId } from './entity-keys';
import { IpTable } from './ip-table';
import { ipv4Text } from './word-scan';

describe('IpTable', () => {
  it('tallies each address once with its first and last time and count, as a Map would, through many growths', () => {
    const next = seededRandom(7).next;
    const table = new IpTable();
    const expected = new Map<number, { first: number; last: number; count: number }>();
    // Addresses that differ only in their high octets, only in their low ones, and anywhere.
    const pick = () => {
      const r = next();
      if (r < 0.3) return ((Math.floor(next() * 256) << 24) | 0x0a0101) >>> 0;
      if (r < 0.6) return (0x0a000000 | Math.floor(next() * 65536)) >>> 0;
      return Math.floor(next() * 2 ** 32) >>> 0;
    };
    for (let i = 0; i < 60_000; i++) {
      const address = pick();
      const time = Math.floor(next() * 1e6) - 5e5;
      table.see(address, time);
      const e = expected.get(address);
      if (!e) expected.set(address, { first: time, last: time, count: 1 });
      else {
        e.first = Math.min(e.first, time);
        e.last = Math.max(e.last, time);
        e.count++;
      }
    }
    expect(table.size).toBe(expected.size);
    const rows = new Map<number, { first: number; last: number; count: number }>();
    const wrongIds: number[] = [];
    for (let i = 0; i < table.size; i++) {
      rows.set(table.address(i), { first: table.first(i), last: table.last(i), count: table.count(i) });
      if (table.id(i) !== entityId('ip', ipv4Text(table.address(i)))) wrongIds.push(i);
    }
    expect(rows).toEqual(expected);
    expect(wrongIds).toEqual([]);
  });

  it("writes each address's strings once, as the import thread reads them: 'ip', its text as value and key, its entity id", () => {
    const table = new IpTable();
    const addresses = [0x0a000001, 0xffffffff, 0x08080808, 0xc0a864fe];
    for (const [i, a] of addresses.entries()) table.see(a, i);
    table.see(0x0a000001, 9);
    const { text, ends } = table.rowStrings();
    const strings = [...ends].map((end, k) => text.slice(k === 0 ? 0 : ends[k - 1], end));
    expect(strings).toEqual(addresses.flatMap((a) => ['ip', ipv4Text(a), ipv4Text(a), entityId('ip', ipv4Text(a))]));
  });

  it('never tallies the addresses it is told to skip', () => {
    const table = new IpTable(new Set([0, 0x7f000001]));
    table.see(0x7f000001, 1);
    table.see(0, 1);
    table.see(0x0a000001, 2);
    expect(table.size).toBe(1);
    expect(table.address(0)).toBe(0x0a000001);
  });

  it('keeps the addresses 0.0.0.0 and 255.255.255.255 apart from an empty place', () => {
    const table = new IpTable();
    table.see(0, 5);
    table.see(0xffffffff, 6);
    table.see(0, 1);
    expect(table.size).toBe(2);
    expect([table.address(0), table.first(0), table.count(0)]).toEqual([0, 1, 2]);
    expect([table.address(1), table.last(1), table.count(1)]).toEqual([0xffffffff, 6, 1]);
  });
});
