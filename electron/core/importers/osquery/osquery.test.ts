import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { calendarTimeUs, osquery } from './osquery';

const sniffText = (text: string) => osquery.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text });
const line = (o: object) => JSON.stringify(o);
const meta = {
  hostIdentifier: 'web-01',
  calendarTime: 'Thu Dec  7 17:57:33 2017 UTC',
  unixTime: '1512669453',
  epoch: '0',
  counter: '3',
  decorations: { host_uuid: 'U-1', username: 'ubuntu' },
};

describe('osquery result logs', () => {
  it('reads calendarTime as osquery writes it (one-digit days padded with a space)', () => {
    expect(calendarTimeUs('Thu Dec  7 17:57:33 2017 UTC')).toBe(us('2017-12-07T17:57:33Z'));
    expect(calendarTimeUs('Mon Feb 29 00:00:00 2021 UTC')).toBeNull();
    expect(calendarTimeUs('Thu Dec  7 17:57:33 2017')).toBeNull();
  });

  it('differential, batch and snapshot lines: one event per row, evented tables at their own time, host from hostIdentifier', async () => {
    const text = [
      line({ name: 'processes', action: 'removed', columns: { pid: '42', name: 'nc', path: '/usr/bin/nc', cmdline: 'nc -l 4444' }, ...meta }),
      line({
        name: 'process_events',
        action: 'added',
        columns: { pid: '7', path: '/tmp/x', time: '1512669400', username: 'mallory' },
        ...meta,
        numerics: false,
      }),
      line({
        name: 'users',
        ...meta,
        unixTime: 1512669500,
        diffResults: { added: [{ username: 'eve', uid: '1001' }], removed: [{ username: 'bob', uid: '1002' }] },
      }),
      line({
        name: 'listening_ports',
        action: 'snapshot',
        ...meta,
        unixTime: undefined,
        snapshot: [
          { port: '22', address: '0.0.0.0' },
          { port: '4444', address: '10.1.2.3' },
        ],
      }),
    ].join('\n');
    const r = await runImporter(osquery, Buffer.from(text), { name: 'osqueryd.results.log', chunk: 64 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events[0]).toEqual({
      time: us('2017-12-07T17:57:33Z'),
      timestampDesc: 'Query Result Logged',
      message: 'processes removed: pid=42 name=nc path=/usr/bin/nc cmdline=nc -l 4444',
      source: 'osquery processes',
      host: 'web-01',
      user: '',
      tags: [],
      attributes: {
        'osquery.name': 'processes',
        'osquery.action': 'removed',
        'osquery.hostIdentifier': 'web-01',
        'osquery.calendarTime': 'Thu Dec  7 17:57:33 2017 UTC',
        'osquery.unixTime': '1512669453',
        'osquery.epoch': '0',
        'osquery.counter': '3',
        'osquery.decorations.host_uuid': 'U-1',
        'osquery.decorations.username': 'ubuntu',
        pid: '42',
        name: 'nc',
        path: '/usr/bin/nc',
        cmdline: 'nc -l 4444',
      },
    });
    expect(r.events.slice(1).map((e) => [e.time, e.timestampDesc, e.user, e.message])).toEqual([
      [us('2017-12-07T17:56:40Z'), 'Event Time', 'mallory', 'process_events added: pid=7 path=/tmp/x time=1512669400 username=mallory'],
      [us('2017-12-07T17:58:20Z'), 'Query Result Logged', 'eve', 'users added: username=eve uid=1001'],
      [us('2017-12-07T17:58:20Z'), 'Query Result Logged', 'bob', 'users removed: username=bob uid=1002'],
      [us('2017-12-07T17:57:33Z'), 'Query Result Logged', '', 'listening_ports snapshot: port=22 address=0.0.0.0'],
      [us('2017-12-07T17:57:33Z'), 'Query Result Logged', '', 'listening_ports snapshot: port=4444 address=10.1.2.3'],
    ]);
    expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(expect.arrayContaining(['device:web-01', 'user:mallory', 'ip:10.1.2.3']));
  });

  it('names the line of bad records and carries on; refuses a gzip bomb', async () => {
    const good = line({ name: 'q', action: 'added', columns: { a: '1' }, ...meta });
    const text = [
      good,
      '{"name": "q",',
      line({ name: 'q', ...meta }),
      line({ name: 'q', columns: {}, hostIdentifier: 'h', unixTime: 'noon' }),
      line({ name: 'q', columns: {}, hostIdentifier: 'h' }),
      good,
    ].join('\n');
    const r = await runImporter(osquery, Buffer.from(text), { name: 'results.log' });
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([
      expect.stringMatching(/^results\.log: line 2: not valid JSON: /),
      'results.log: line 3: no "columns", "snapshot" or "diffResults": not an osquery result',
      'results.log: line 4, field "unixTime": "noon" is not a time osquery writes',
      'results.log: line 5, field "calendarTime": the time is missing',
    ]);
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${good}\n`), Buffer.alloc(80 * 1024 ** 2, ' ')]));
    const refused = await runImporter(osquery, bomb, { name: 'results.log.gz' });
    expect(refused.error?.message).toBe(
      `results.log.gz: the gzip data inflates past ${64 * 1024 ** 2} bytes from ${bomb.length} compressed: refused as a likely gzip bomb`,
    );
  });

  it('claims result lines only', () => {
    expect(sniffText(`${line({ name: 'q', action: 'added', columns: {}, ...meta })}\n`)).toBe(0.95);
    expect(sniffText(`${line({ name: 'q', snapshot: [], hostIdentifier: 'h', unixTime: 1 })}\n`)).toBe(0.95);
    expect(sniffText(`${line({ s: 0, f: 'osqueryd.cpp', i: 1, m: 'started', h: 'h', c: 'Thu Dec  7 17:57:33 2017 UTC', u: 1 })}\n`)).toBe(0);
    expect(sniffText(`${line({ name: 'x', columns: {} })}\n`)).toBe(0);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the osquery sample' : NO_SAMPLES_REASON, () => {
    it('elastic-osqueryd-results-tail.log: 24 rows, the first field by field', async () => {
      const file = sample('more', 'osquery', 'elastic-osqueryd-results-tail.log');
      expect(osquery.sniff(await readSample(file, 'x'))).toBe(0.95);
      const r = await runImporter(osquery, file);
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.zoneless).toBe(0);
      expect(r.events).toHaveLength(24);
      // {"action":"added","calendarTime":"Thu Dec  7 17:57:33 2017 UTC","columns":{"arch":"amd64","name":"libxrender1","revision":"0ubuntu1","size":"79",
      //  "source":"libxrender","version":"1:0.9.9-0ubuntu1"},"counter":"0","decorations":{"host_uuid":"72E1287B-...","username":"ubuntu"},"epoch":"0",
      //  "hostIdentifier":"ubuntu-xenial","name":"pack_it-compliance_deb_packages","unixTime":"1512669453"}
      expect(r.events[0]).toMatchObject({
        time: us('2017-12-07T17:57:33Z'),
        message: 'pack_it-compliance_deb_packages added: arch=amd64 name=libxrender1 revision=0ubuntu1 size=79 source=libxrender version=1:0.9.9-0ubuntu1',
        source: 'osquery pack_it-compliance_deb_packages',
        host: 'ubuntu-xenial',
        user: '',
      });
      expect(r.events[0]!.attributes).toMatchObject({
        name: 'libxrender1',
        version: '1:0.9.9-0ubuntu1',
        'osquery.name': 'pack_it-compliance_deb_packages',
        'osquery.unixTime': '1512669453',
        'osquery.counter': '0',
        'osquery.decorations.host_uuid': '72E1287B-D1BC-4FC6-B9D8-64F4352776A9',
      });
      expect(new Set(r.events.map((e) => e.host))).toEqual(new Set(['ubuntu-xenial']));
    });
  });
});
