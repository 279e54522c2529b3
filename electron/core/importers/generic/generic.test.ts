import { describe, expect, it } from 'vitest';
import { columnMappingSchema, type ColumnMapping } from '../../../../shared/domain/import';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { detectDelimiter } from './delimiter';
import { genericCsv } from './generic-csv';
import { genericJsonl } from './generic-jsonl';
import { guessMapping, guessMappingForSample, jsonColumns } from './guess-mapping';
import { compileTimePattern, patternTimeIso } from './time-pattern';

const sampleOf = (text: string, name = 'x.csv') => ({ name, size: text.length, head: Buffer.from(text), text });

describe('time patterns', () => {
  const parse = (pattern: string, text: string) => {
    const t = compileTimePattern(pattern)(text);
    return t && patternTimeIso(t);
  };

  it('reads day-first, month-first, 12-hour and offset formats', () => {
    expect(parse('DD/MM/YYYY HH:mm:ss', '31/12/2023 23:59:58')).toBe('2023-12-31T23:59:58.000000');
    expect(parse('MM/DD/YYYY hh:mm:ss A', '12/31/2023 11:59:58 PM')).toBe('2023-12-31T23:59:58.000000');
    expect(parse('MM/DD/YYYY hh:mm:ss A', '01/02/2023 12:00:01 am')).toBe('2023-01-02T00:00:01.000000');
    expect(parse('M/D/YYYY h:mm:ss A', '1/2/2023 9:05:00 AM')).toBe('2023-01-02T09:05:00.000000');
    expect(parse('YYYY-MM-DD[T]HH:mm:ss.SSSZ', '2023-05-01T10:00:00.123+02:00')).toBe('2023-05-01T10:00:00.123000+02:00');
    expect(parse('YYYY-MM-DD HH:mm:ss,SSSSSS ZZ', '2023-05-01 10:00:00,123456 -0700')).toBe('2023-05-01T10:00:00.123456-07:00');
    expect(parse('DD/MMM/YYYY:HH:mm:ss ZZ', '10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T13:55:36.000000-07:00');
    expect(parse('YYYYMMDDHHmmss', '20230501100000')).toBe('2023-05-01T10:00:00.000000');
    expect(parse('DD.MM.YY HH:mm', '01.05.23 10:00')).toBe('2023-05-01T10:00:00.000000');
  });

  it('refuses text that does not match, impossible dates and 12-hour clocks without AM/PM', () => {
    expect(parse('DD/MM/YYYY HH:mm:ss', '31/02/2023 10:00:00')).toBeNull();
    expect(parse('DD/MM/YYYY HH:mm:ss', '2023-01-01 10:00:00')).toBeNull();
    expect(parse('MM/DD/YYYY hh:mm:ss A', '01/02/2023 13:00:00 PM')).toBeNull();
    expect(() => compileTimePattern('HH:mm:ss')).toThrow('time format "HH:mm:ss" needs a year (YYYY), a month (MM) and a day (DD)');
    expect(() => compileTimePattern('YYYY-MM-DD hh:mm')).toThrow(/12-hour clock \(hh\) without AM\/PM/);
    expect(() => compileTimePattern('YYYY-MM-DD [at')).toThrow(/"\[" at position 12 is never closed/);
  });
});

describe('delimiter detection', () => {
  it('finds the delimiter that splits every line alike, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n"1,5";2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3')).toBe('|');
    expect(detectDelimiter('just text\nmore text\n')).toBeNull();
    expect(detectDelimiter('a,b\n1,2,3\n')).toBeNull();
  });
});

describe('guessing a mapping', () => {
  it('takes the first time-like column whose values parse, and a message-like or the longest text column', () => {
    const rows = [
      { id: '1', ts: '2024-05-01T10:00:00Z', host: 'WKS1', note: 'short', description: 'User alice logged on from 10.0.0.1' },
      { id: '2', ts: '2024-05-01T10:01:00Z', host: 'WKS2', note: 'tiny', description: 'User bob logged off' },
    ];
    expect(guessMapping(['id', 'ts', 'host', 'note', 'description'], rows)).toEqual({ time: 'ts', timeFormat: 'iso', message: ['description'], host: 'host' });
    const noMessage = rows.map(({ description: _, ...r }) => ({ ...r, text_blob: 'a much longer free-text value here' }));
    expect(guessMapping(['id', 'ts', 'host', 'note', 'text_blob'], noMessage)?.message).toEqual(['text_blob']);
  });

  it('recognises epoch and common patterns, skips time-named columns that are not times, and gives up without one', () => {
    expect(guessMapping(['created_ts', 'msg'], [{ created_ts: '1714557600', msg: 'x' }])).toMatchObject({ time: 'created_ts', timeFormat: 'epoch' });
    expect(guessMapping(['date_added', 'Date', 'msg'], [{ date_added: 'yesterday', Date: '31/12/2023 23:00:00', msg: 'x' }])).toMatchObject({
      time: 'Date',
      timeFormat: 'DD/MM/YYYY HH:mm:ss',
    });
    expect(guessMapping(['counts', 'msg'], [{ counts: '5', msg: 'x' }])).toBeNull();
  });

  it('guesses from a file sample, CSV or JSONL (nested fields as dotted names); any column of ISO times will do when none is named like one', async () => {
    const csv = 'When;Who;What\n2024-05-01 10:00:00;alice;Logged on at the console\n';
    expect(await guessMappingForSample('generic-csv', sampleOf(csv))).toEqual({ time: 'When', timeFormat: 'iso', message: ['What'] });
    const jsonl = '{"event":{"created":"2024-05-01T10:00:00Z"},"message":"hi","user":{"name":"bob"}}\n';
    expect(jsonColumns([JSON.parse(jsonl)])).toEqual(['event.created', 'message', 'user.name']);
    expect(await guessMappingForSample('generic-jsonl', sampleOf(jsonl))).toEqual({ time: 'event.created', timeFormat: 'iso', message: ['message'] });
    expect(await guessMappingForSample('timesketch-csv', sampleOf(csv))).toBeNull();
  });

  it('round-trips a mapping through JSON unchanged, so it can be saved and reused', () => {
    const mapping: ColumnMapping = {
      time: 'When',
      timeFormat: 'DD/MM/YYYY HH:mm:ss',
      message: ['What', 'Why'],
      host: 'Host',
      user: 'Who',
      source: 'Log',
      tags: 'Tags',
      timestampDesc: 'Kind',
    };
    expect(columnMappingSchema.parse(JSON.parse(JSON.stringify(mapping)))).toEqual(mapping);
    expect(columnMappingSchema.parse({ time: 'ts' })).toEqual({ time: 'ts', timeFormat: 'iso', message: [] });
  });
});

describe('generic CSV', () => {
  const CSV = [
    'When;Host;Who;What;Detail;Tags;Extra',
    '31/12/2023 23:59:58;WKS1;alice;Logon;from 10.0.0.1;a,b;x',
    '01/01/2024 00:00:05;WKS2;bob;Logoff;;;',
    '32/01/2024 00:00:00;WKS3;carol;Bad;;;',
  ].join('\n');
  const mapping: ColumnMapping = { time: 'When', timeFormat: 'DD/MM/YYYY HH:mm:ss', message: ['What', 'Detail'], host: 'Host', user: 'Who', tags: 'Tags' };

  it('is a weak candidate for any delimited file and for no binary one', () => {
    expect(genericCsv.sniff(sampleOf(CSV))).toBe(0.1);
    expect(genericCsv.sniff(sampleOf('a\tb\n1\t2\n'))).toBe(0.1);
    expect(genericCsv.sniff(sampleOf('plain words\n'))).toBe(0);
    expect(genericCsv.sniff({ name: 'b', size: 4, head: Buffer.from([0x61, 0x2c, 0, 0x62]), text: 'a,\0b' })).toBe(0);
  });

  it('maps rows through the mapping: pattern times in the import zone (counted), joined message, tags, the rest as attributes', async () => {
    const r = await runImporter(genericCsv, Buffer.from(CSV), { name: 'log.csv', mapping, timezone: 'Europe/Paris' });
    expect(r.error).toBeNull();
    expect(r.events).toEqual([
      {
        time: us('2023-12-31T22:59:58Z'),
        timestampDesc: '',
        message: 'Logon from 10.0.0.1',
        source: 'log.csv',
        host: 'WKS1',
        user: 'alice',
        tags: ['a', 'b'],
        attributes: { Extra: 'x' },
      },
      expect.objectContaining({ time: us('2023-12-31T23:00:05Z'), message: 'Logoff', tags: [] }),
    ]);
    expect(r.zoneless).toBe(2);
    expect(r.invalid).toEqual(['log.csv: line 4, field "When": "32/01/2024 00:00:00" does not match the time format "DD/MM/YYYY HH:mm:ss"']);
    expect(r.columns).toEqual(['When', 'Host', 'Who', 'What', 'Detail', 'Tags', 'Extra']);
  });

  it('reads epoch and ISO columns, and makes a message of the other columns when none is mapped', async () => {
    const epoch = await runImporter(genericCsv, Buffer.from('t,a,b\n1714557600,1,2\n"1714557600123",3,4\n'), {
      mapping: { time: 't', timeFormat: 'epoch', message: [] },
    });
    expect(epoch.events.map((e) => [e.time, e.message])).toEqual([
      [us('2024-05-01T10:00:00Z'), 'a: 1; b: 2'],
      [us('2024-05-01T10:00:00.123Z'), 'a: 3; b: 4'],
    ]);
    const notEpoch = await runImporter(genericCsv, Buffer.from('t,a\n2024-05-01,1\n'), {
      name: 'e.csv',
      mapping: { time: 't', timeFormat: 'epoch', message: ['a'] },
    });
    expect(notEpoch.invalid).toEqual(['e.csv: line 2, field "t": "2024-05-01" is not an epoch number']);
    const iso = await runImporter(genericCsv, Buffer.from('t|m\n2024-05-01T10:00:00.1234567+02:00|hi\n'), {
      mapping: { time: 't', timeFormat: 'iso', message: ['m'] },
    });
    expect(iso.events[0]).toMatchObject({ time: us('2024-05-01T08:00:00.123Z') + 456, message: 'hi' });
  });

  it('without a mapping, reports the columns and says a mapping is needed', async () => {
    const r = await runImporter(genericCsv, Buffer.from(CSV), { name: 'log.csv' });
    expect(r.columns).toEqual(['When', 'Host', 'Who', 'What', 'Detail', 'Tags', 'Extra']);
    expect(r.error?.message).toBe(
      'log.csv: a generic CSV needs a column mapping: choose the column that holds the time (and how it is written) and the columns that make up the message. ' +
        'Its columns are: When, Host, Who, What, Detail, Tags, Extra',
    );
  });

  it('refuses a mapping that names missing columns or a broken time format, before reading any row', async () => {
    const missing = await runImporter(genericCsv, Buffer.from(CSV), { name: 'log.csv', mapping: { ...mapping, host: 'Hostname', message: ['Nope'] } });
    expect(missing.error?.message).toBe(
      'log.csv: the column mapping names "Nope", "Hostname", which the file does not have; its columns are: When, Host, Who, What, Detail, Tags, Extra',
    );
    const format = await runImporter(genericCsv, Buffer.from(CSV), { name: 'log.csv', mapping: { ...mapping, timeFormat: 'hh:mm' } });
    expect(format.error?.message).toBe('log.csv: time format "hh:mm" needs a year (YYYY), a month (MM) and a day (DD)');
  });

  it('names the line of short rows and unterminated quotes, and refuses binary files', async () => {
    const short = await runImporter(genericCsv, Buffer.from('t,m\n2024-05-01T00:00:00Z\n2024-05-01T00:00:01Z,ok\n'), {
      name: 's.csv',
      mapping: { time: 't', timeFormat: 'iso', message: ['m'] },
    });
    expect(short.invalid).toEqual(['s.csv: line 2: has 1 fields, the header has 2']);
    expect(short.events).toHaveLength(1);
    const quote = await runImporter(genericCsv, Buffer.from('t,m\n2024-05-01T00:00:00Z,"open\n'), {
      name: 'q.csv',
      mapping: { time: 't', timeFormat: 'iso', message: ['m'] },
    });
    expect(quote.error?.message).toBe('q.csv: line 2: a quoted field is never closed (unterminated quote)');
    const binary = await runImporter(genericCsv, Buffer.from([0x74, 0x2c, 0x6d, 0x0a, 0x00, 0xff]), {
      name: 'b.csv',
      mapping: { time: 't', timeFormat: 'iso', message: [] },
    });
    expect(binary.error?.message).toMatch(/^b\.csv: byte 4 is a NUL byte/);
  });

  it('skips a 20 MB record by its line number without holding it', async () => {
    const text = `t,m\n2024-05-01T00:00:00Z,before\n2024-05-01T00:00:01Z,${'x'.repeat(20 * 1024 * 1024)}\n2024-05-01T00:00:02Z,after\n`;
    const r = await runImporter(genericCsv, Buffer.from(text), { name: 'big.csv', chunk: 1 << 20, mapping: { time: 't', timeFormat: 'iso', message: ['m'] } });
    expect(r.events.map((e) => e.message)).toEqual(['before', 'after']);
    expect(r.invalid).toEqual(['big.csv: line 3: the record is longer than 16 MiB']);
  });
});

describe('generic JSONL', () => {
  const JSONL = [
    JSON.stringify({ event: { created: '2024-05-01T10:00:00' }, message: 'hello', host: { name: 'WKS1' }, labels: ['x'] }),
    'not json',
    JSON.stringify({ event: { created: 1714557601 }, message: 'epoch seconds are ISO-lenient', host: { name: 'WKS2' } }),
  ].join('\n');
  const mapping: ColumnMapping = { time: 'event.created', timeFormat: 'iso', message: ['message'], host: 'host.name', tags: 'labels' };

  it('is a weak candidate for JSON lines of objects only', () => {
    expect(genericJsonl.sniff(sampleOf(JSONL))).toBe(0.1);
    expect(genericJsonl.sniff(sampleOf('[1,2]\n'))).toBe(0);
    expect(genericJsonl.sniff(sampleOf('a,b\n'))).toBe(0);
  });

  it('maps nested fields by dotted names and keeps the rest as attributes', async () => {
    const r = await runImporter(genericJsonl, Buffer.from(JSONL), { name: 'e.jsonl', mapping });
    expect(r.events).toEqual([
      {
        time: us('2024-05-01T10:00:00Z'),
        timestampDesc: '',
        message: 'hello',
        source: 'e.jsonl',
        host: 'WKS1',
        user: '',
        tags: ['x'],
        attributes: { event: '{"created":"2024-05-01T10:00:00"}', host: '{"name":"WKS1"}' },
      },
      expect.objectContaining({ time: us('2024-05-01T10:00:01Z'), host: 'WKS2' }),
    ]);
    expect(r.zoneless).toBe(1);
    expect(r.invalid).toEqual([expect.stringMatching(/^e\.jsonl: line 2: not valid JSON: /)]);
  });

  it('without a mapping, reports the fields and says a mapping is needed; refuses a time column the records lack', async () => {
    const none = await runImporter(genericJsonl, Buffer.from(JSONL), { name: 'e.jsonl' });
    expect(none.columns).toEqual(['event.created', 'message', 'host.name', 'labels']);
    expect(none.error?.message).toMatch(
      /^e\.jsonl: a generic JSONL file needs a column mapping: .* Its columns are: event\.created, message, host\.name, labels$/,
    );
    const wrong = await runImporter(genericJsonl, Buffer.from(JSONL), { name: 'e.jsonl', mapping: { ...mapping, time: 'ts' } });
    expect(wrong.error?.message).toBe(
      'e.jsonl: line 1: the first record has no "ts" (the mapping\'s time column); its fields are: event.created, message, host.name, labels',
    );
  });
});

describe('time patterns on hostile text', () => {
  // Each space of a pattern was its own \s+, and the time its own \s* either side: a run of spaces in a
  // value was tried split every way between them (a pattern with two spaces: quadratic; three: cubic).
  it('reads a value with 100,000 spaces against patterns with runs of spaces in linear time', () => {
    const spaces = ' '.repeat(100_000);
    for (const pattern of ['DD/MM/YYYY  HH:mm', ' DD/MM/YYYY HH:mm ', 'DD/MM/YYYY [] HH:mm']) {
      const parse = compileTimePattern(pattern);
      expect(parse(`01/02/2020${spaces}x`)).toBeNull();
      expect(parse(`${spaces}01/02/2020${spaces}12:30${spaces}x`)).toBeNull();
      expect(parse(` 01/02/2020${spaces}12:30${spaces}`)).not.toBeNull();
    }
  }, 30_000);

  it('still needs as many spaces as the pattern has, and allows more', () => {
    const parse = compileTimePattern('DD/MM/YYYY  HH:mm');
    expect(parse('01/02/2020 12:30')).toBeNull();
    expect(parse(' 01/02/2020  12:30 ')).toMatchObject({ year: 2020, month: 2, day: 1, hour: 12, minute: 30 });
    expect(parse('01/02/2020 \t 12:30')).toMatchObject({ hour: 12 });
    expect(compileTimePattern(' YYYY-MM-DD ')('2020-01-02')).toBeNull();
    expect(compileTimePattern(' YYYY-MM-DD ')(' 2020-01-02  ')).toMatchObject({ year: 2020 });
  });
});
