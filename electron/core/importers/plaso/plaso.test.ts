import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { timesketchCsv } from '../timesketch';
import { plasoTime } from './dfdatetime';
import { plasoCsv } from './plaso-csv';
import { pathSpecText, plasoJsonl } from './plaso-jsonl';
import { plasoStorage } from './plaso-storage';
import { makePlasoStorage, NO_PYTHON_SQLITE, PYTHON_SQLITE } from '../../../../tests/unit/support/plaso-storage-fixture';

const JSON_LINE = sample('timesketch', 'plaso-json_line-centos-sshd.jsonl');
const STORAGE = sample('plaso', 'evtx_20250918.plaso');

const sniffText = (importer: { sniff: (s: never) => number }, text: string) =>
  importer.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text } as never);

/** l2tcsv as in Plaso's own output tests and docs: 17 fields, MM/DD/YYYY, '-' for empty, commas replaced. */
const L2TCSV = [
  'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra',
  '06/27/2012,18:17:01,UTC,..C.,LOG,Syslog,Entry Written,-,ubuntu,Reporter <CRON> PID: 8442 (pam_unix(cron:session): session closed for user root),Reporter <CRON> PID: 8442 (pam_unix(cron:session): session closed for user root),2,log/syslog.1,-,-,syslog,-',
  '07/01/2019,09:30:00,Europe/Amsterdam,M...,FILE,OS Content Modification Time,Content Modification Time,alice,WKS1,C:/Users/alice/run.exe,C:/Users/alice/run.exe,2,OS:C:/Users/alice/run.exe,42,Malware Execution,filestat,file_size: (2048 ) is_allocated: True',
  '00/00/0000,--:--:--,UTC,....,LOG,Syslog,Not a time,-,-,no time,no time,2,log/x,-,-,syslog,-',
  '03/15/2020,08:00:00,-,....,LOG,Syslog,Entry Written,-,-,no zone,no zone,2,log/y,-,-,syslog,-',
].join('\n');

/** psort's default dynamic output, as in the "Using psort" documentation. */
const DYNAMIC = [
  'datetime,timestamp_desc,source,source_long,message,parser,display_name,tag',
  '2004-09-20T16:13:02+00:00,Expiration Time,WEBHIST,MSIE Cache File URL record,Location: Visited: Mr. Evil@http://www.microsoft.com/windows/ie/getosver/javaxp.asp Number of hits: 2 Cached file size: 0,msiecf,TSK:/Documents and Settings/Mr. Evil/Local Settings/History/History.IE5/index.dat,-',
  '1999-05-15T15:39:16.123456+02:00,Document Last Printed Time,OLECF,OLECF Summary Info,"Title: Microsoft Powertoys, for Windows XP",olecf/olecf_summary,TSK:/WINDOWS/Installer/ac704.msi,Document_Printed',
  '0000-00-00T00:00:00.000000+00:00,Not a time,LOG,Syslog,nothing,syslog,x,-',
].join('\n');

describe('dfdatetime values', () => {
  it('converts each epoch-based class to µs since 1970', () => {
    const t = (o: object) => plasoTime({ __type__: 'DateTimeValues', ...o });
    const at = us('2012-06-27T18:17:01Z');
    expect(t({ __class_name__: 'PosixTime', timestamp: 1340821021 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'PosixTimeInMilliseconds', timestamp: 1340821021000 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'PosixTimeInMicroseconds', timestamp: 1340821021000000 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'Filetime', timestamp: 129852946210000000 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'WebKitTime', timestamp: 12985294621000000 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'CocoaTime', timestamp: 362513821 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'HFSTime', timestamp: 3423665821 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'JavaTime', timestamp: 1340821021000 })).toEqual({ kind: 'utc', us: at });
    expect(t({ __class_name__: 'OLEAutomationDate', timestamp: 41087.76181712963 }).kind).toBe('utc');
  });

  it('reads time elements, SYSTEMTIME, FAT and RFC 2579 values, honouring time_zone_offset', () => {
    expect(plasoTime({ __class_name__: 'TimeElementsInMilliseconds', time_elements_tuple: [2012, 6, 27, 18, 17, 1, 500] })).toEqual({
      kind: 'utc',
      us: us('2012-06-27T18:17:01.500Z'),
    });
    expect(plasoTime({ __class_name__: 'TimeElements', time_elements_tuple: [2012, 6, 27, 20, 17, 1], time_zone_offset: 120 })).toEqual({
      kind: 'utc',
      us: us('2012-06-27T18:17:01Z'),
    });
    expect(plasoTime({ __class_name__: 'Systemtime', system_time_tuple: [2012, 6, 3, 27, 18, 17, 1, 0] })).toEqual({
      kind: 'utc',
      us: us('2012-06-27T18:17:01Z'),
    });
    // FAT: 2012-06-27 18:17:00 → date (32<<9 | 6<<5 | 27), time (18<<11 | 17<<5 | 0).
    expect(plasoTime({ __class_name__: 'FATDateTime', fat_date_time: ((18 << 11) | (17 << 5)) * 65536 + ((32 << 9) | (6 << 5) | 27) })).toEqual({
      kind: 'utc',
      us: us('2012-06-27T18:17:00Z'),
    });
    expect(plasoTime({ __class_name__: 'RFC2579DateTime', rfc2579_date_time_tuple: [2012, 6, 27, 20, 17, 1, 5, '+', 2, 0] })).toEqual({
      kind: 'utc',
      us: us('2012-06-27T18:17:01.500Z'),
    });
  });

  it('leaves local times zoneless for the import zone, and says why a semantic time cannot be used', () => {
    expect(plasoTime({ __class_name__: 'TimeElements', is_local_time: true, time_elements_tuple: [2022, 10, 7, 11, 39, 3] })).toEqual({
      kind: 'local',
      iso: '2022-10-07T11:39:03.000000',
    });
    expect(plasoTime({ __class_name__: 'NotSet', string: 'Not set' })).toEqual({ kind: 'none', reason: 'Plaso recorded no time for this event ("Not set")' });
    expect(plasoTime({ __class_name__: 'TimeElements', time_elements_tuple: [2022, 2, 30, 0, 0, 0] })).toMatchObject({ kind: 'none' });
    expect(plasoTime('2022-01-01')).toMatchObject({ kind: 'none' });
  });
});

describe('Plaso json_line', () => {
  const line = (o: object) => JSON.stringify({ __container_type__: 'event', __type__: 'AttributeContainer', ...o });

  it('flattens a path specification outermost first', () => {
    expect(
      pathSpecText({
        type_indicator: 'EXT',
        location: '/var/log/secure',
        parent: { type_indicator: 'RAW', parent: { type_indicator: 'OS', location: '/cases/disk.dd' } },
      }),
    ).toBe('OS:/cases/disk.dd > RAW > EXT:/var/log/secure');
  });

  it('maps events: dfdatetime or µs timestamp, message, host, user, parser as source, tag labels, objects as strings', async () => {
    const text = [
      line({
        date_time: { __class_name__: 'Filetime', __type__: 'DateTimeValues', timestamp: 129852946210000000 },
        timestamp: 1340821021000000,
        timestamp_desc: 'Creation Time',
        message: 'File created',
        hostname: 'WKS1',
        username: 'alice',
        parser: 'filestat',
        data_type: 'fs:stat',
        tag: { __container_type__: 'event_tag', labels: ['Malware', 'Persistence'] },
        extra: { nested: true },
      }),
      line({ timestamp: 1340821022000000, timestamp_desc: 'Written', body: 'no message field', username: '-', data_type: 'syslog:line' }),
      line({ date_time: { __class_name__: 'NotSet', string: 'Not set' }, timestamp: 0, message: 'x' }),
      '{"broken": ',
      JSON.stringify({ __container_type__: 'event_source', path_spec: {} }),
    ].join('\n');
    const r = await runImporter(plasoJsonl, Buffer.from(text), { name: 'p.jsonl' });
    expect(r.events).toEqual([
      {
        time: us('2012-06-27T18:17:01Z'),
        timestampDesc: 'Creation Time',
        message: 'File created',
        source: 'filestat',
        host: 'WKS1',
        user: 'alice',
        tags: ['Malware', 'Persistence'],
        attributes: { parser: 'filestat', data_type: 'fs:stat', extra: '{"nested":true}' },
      },
      expect.objectContaining({ time: us('2012-06-27T18:17:02Z'), message: 'no message field', user: '', source: 'syslog:line' }),
    ]);
    expect(r.invalid).toEqual([
      'p.jsonl: line 3, field "date_time": Plaso recorded no time for this event ("Not set")',
      expect.stringMatching(/^p\.jsonl: line 4: not valid JSON: /),
    ]);
    expect(r.warnings).toEqual(['1 line(s) held Plaso containers other than events (sessions, sources...) and were skipped']);
  });

  it('leaves a Plaso storage file (SQLite) to the storage importer, and says so when forced to read one', async () => {
    const head = Buffer.concat([
      Buffer.from('SQLite format 3\0', 'latin1'),
      Buffer.alloc(100),
      Buffer.from('CREATE TABLE metadata (key TEXT, value TEXT) CREATE TABLE event_data (_identifier INTEGER)'),
    ]);
    const sample = { name: 'x.plaso', size: head.length, head, text: head.toString('utf8') };
    expect(plasoJsonl.sniff(sample)).toBe(0);
    expect(plasoStorage.sniff(sample)).toBe(0.97);
    const r = await runImporter(plasoJsonl, head, { name: 'case.plaso' });
    expect(r.error?.message).toBe('case.plaso: a Plaso storage file, not json_line output: import it as "Plaso storage"');
    const other = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200)]);
    expect(plasoStorage.sniff({ name: 'x.db', size: other.length, head: other, text: '' })).toBe(0);
  });

  it('refuses binary garbage by position, and reports a 20 MB line by its number without holding it', async () => {
    const garbage = await runImporter(plasoJsonl, Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0x02]), { name: 'g.jsonl' });
    expect(garbage.error?.message).toMatch(/^g\.jsonl: byte 2 is a NUL byte/);
    const huge = Buffer.from(
      [
        line({ timestamp: 1340821021000000, message: 'before' }),
        `{"message":"${'x'.repeat(20 * 1024 * 1024)}"}`,
        line({ timestamp: 1340821023000000, message: 'after' }),
      ].join('\n'),
    );
    const r = await runImporter(plasoJsonl, huge, { name: 'huge.jsonl', chunk: 1 << 20 });
    expect(r.events.map((e) => e.message)).toEqual(['before', 'after']);
    expect(r.invalid).toEqual(['huge.jsonl: line 2: the line is longer than 16 MiB']);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the CentOS sshd json_line sample (2,002 events)' : NO_SAMPLES_REASON, () => {
    it('is claimed by this importer and not by Timesketch JSONL', async () => {
      const s = await readSample(JSON_LINE, 'x.jsonl');
      expect(plasoJsonl.sniff(s)).toBe(0.95);
      expect(plasoCsv.sniff(s)).toBe(0);
    });

    it('reads every event; is_local_time times are read in the import zone and counted as zoneless', async () => {
      const utc = await runImporter(plasoJsonl, JSON_LINE);
      expect(utc.error).toBeNull();
      expect(utc.invalidTotal).toBe(0);
      expect(utc.events).toHaveLength(2002);
      expect(utc.zoneless).toBe(2002);
      expect(utc.events[0]).toMatchObject({
        time: us('2022-10-07T11:39:03Z'),
        timestampDesc: 'Content Modification Time',
        message: '[sshd] [2111389]: Failed password for root from 192.168.40.6 port 50352 ssh2',
        source: 'syslog',
        host: 'centos9-stream',
        user: '',
      });
      expect(utc.events[0]!.attributes).toMatchObject({
        pathspec: 'OS:/home/vande/Downloads/centos_ssh.dd > RAW > EXT:/var/log/secure',
        display_name: 'EXT:/var/log/secure',
        reporter: 'sshd',
        inode: '23',
      });
      expect(utc.events.find((e) => e.user)).toMatchObject({ user: 'admin', time: us('2022-10-08T18:10:33Z') });

      // The same wall-clock times, read as Berlin summer time (UTC+2).
      const berlin = await runImporter(plasoJsonl, JSON_LINE, { timezone: 'Europe/Berlin' });
      expect(berlin.zoneless).toBe(2002);
      expect(berlin.events[0]!.time).toBe(us('2022-10-07T09:39:03Z'));
    });
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Plaso storage sample (SQLite, 3,205 events)' : NO_SAMPLES_REASON, () => {
    it('is claimed by the storage importer', async () => {
      const s = await readSample(STORAGE, 'evtx_20250918.plaso');
      expect(plasoStorage.sniff(s)).toBe(0.97);
      expect(plasoJsonl.sniff(s)).toBe(0);
    });

    it('reads every event with its event data and stream, messages written as psort writes them', async () => {
      const r = await runImporter(plasoStorage, STORAGE);
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.warnings).toEqual([]);
      expect(r.events).toHaveLength(3205);
      // The file's own stat times: event 1, µs from the event table's timestamp.
      expect(r.events[0]).toMatchObject({
        time: 1758718266357517,
        timestampDesc: 'Last Access Time',
        message: 'OS:/data/System.evtx Type: file',
        source: 'filestat',
        host: '',
      });
      expect(r.events[0]!.attributes).toMatchObject({
        pathspec: 'OS:/data/System.evtx',
        data_type: 'fs:stat',
        sha256_hash: 'ccb83cfefc9038017224cd97b800b66e248fe14529649ddf47907e5a2021449e',
      });
      // Event 4 is the first record of the event log: its Filetime creation time.
      expect(r.events[3]).toMatchObject({
        time: 1331698663354563,
        timestampDesc: 'Creation Time',
        source: 'winevtx',
        host: 'WKS-WIN764BITB.shieldbase.local',
      });
      expect(r.events[3]!.message).toBe(
        '[105 / 0x0069] Provider identifier: {fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148} Source Name: Microsoft-Windows-Eventlog ' +
          "Strings: ['System', 'C:\\Windows\\System32\\Winevt\\Logs\\Archive-System-2012-03-14-04-17-39-932.evtx'] " +
          'Computer Name: WKS-WIN764BITB.shieldbase.local Record Number: 12049 Event Level: 4',
      );
      expect(r.events[3]!.attributes.xml_string).toContain('<EventID>105</EventID>');
      expect(r.events.filter((e) => e.source === 'winevtx')).toHaveLength(3202);
      expect(r.entities.find((e) => e.type === 'device')).toMatchObject({ key: 'wks-win764bitb.shieldbase.local' });
    });

    it('refuses the file cut short, naming the page where it ends', async () => {
      const bytes = readFileSync(STORAGE);
      const r = await runImporter(plasoStorage, bytes.subarray(0, 300_000), { name: 'cut.plaso' });
      expect(r.error?.message).toMatch(/^cut\.plaso: SQLite page \d+: page number out of range \(the file has 73\); the file is damaged or truncated$/);
    });
  });
});

describe('Plaso CSV', () => {
  it('claims l2tcsv and the dynamic default over Timesketch CSV', () => {
    expect(sniffText(plasoCsv, L2TCSV)).toBe(0.97);
    expect(sniffText(timesketchCsv, L2TCSV)).toBe(0);
    expect(sniffText(plasoCsv, DYNAMIC)).toBe(0.97);
    expect(sniffText(plasoCsv, DYNAMIC)).toBeGreaterThan(sniffText(timesketchCsv, DYNAMIC));
    expect(sniffText(plasoCsv, 'date\ttime\tmessage\thostname\tparser\tdisplay_name\n')).toBe(0.6);
    expect(sniffText(plasoCsv, 'datetime,message,timestamp_desc\n')).toBe(0);
    // Timesketch's export of Plaso fields has an epoch timestamp column: Timesketch's importer reads it.
    expect(sniffText(plasoCsv, 'computer_name,data_type,datetime,display_name,message,parser,source_long,timestamp,timestamp_desc\n')).toBe(0);
  });

  it('maps l2tcsv: the timezone column honoured, type as description, notes as tags, "-" dropped', async () => {
    const r = await runImporter(plasoCsv, Buffer.from(L2TCSV), { name: 'l2t.csv', timezone: 'America/New_York' });
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toEqual({
      time: us('2012-06-27T18:17:01Z'),
      timestampDesc: 'Entry Written',
      message: 'Reporter <CRON> PID: 8442 (pam_unix(cron:session): session closed for user root)',
      source: 'Syslog',
      host: 'ubuntu',
      user: '',
      tags: [],
      attributes: {
        timezone: 'UTC',
        MACB: '..C.',
        source: 'LOG',
        short: 'Reporter <CRON> PID: 8442 (pam_unix(cron:session): session closed for user root)',
        version: '2',
        filename: 'log/syslog.1',
        format: 'syslog',
      },
    });
    // Amsterdam in July is UTC+2.
    expect(r.events[1]).toMatchObject({ time: us('2019-07-01T07:30:00Z'), user: 'alice', host: 'WKS1', tags: ['Malware', 'Execution'] });
    expect(r.events[1]!.attributes.extra).toBe('file_size: (2048 ) is_allocated: True');
    // No zone named: read in the import's zone (New York, UTC-4 in March after DST) and counted.
    expect(r.events[2]!.time).toBe(us('2020-03-15T12:00:00Z'));
    expect(r.zoneless).toBe(1);
    expect(r.invalid).toEqual(['l2t.csv: line 4, field "date": Plaso wrote no date for this event (00/00/0000)']);
  });

  it('maps the dynamic default: ISO datetime with offsets, source_long as source, tag labels', async () => {
    const r = await runImporter(plasoCsv, Buffer.from(DYNAMIC), { name: 'dyn.csv' });
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({
      time: us('2004-09-20T16:13:02Z'),
      timestampDesc: 'Expiration Time',
      source: 'MSIE Cache File URL record',
      tags: [],
      attributes: { source: 'WEBHIST', parser: 'msiecf', display_name: 'TSK:/Documents and Settings/Mr. Evil/Local Settings/History/History.IE5/index.dat' },
    });
    expect(r.events[1]).toMatchObject({
      time: us('1999-05-15T13:39:16.123Z') + 456,
      message: 'Title: Microsoft Powertoys, for Windows XP',
      tags: ['Document_Printed'],
    });
    expect(r.invalid).toEqual(['dyn.csv: line 4, field "datetime": Plaso wrote no time for this event ("0000-00-00T00:00:00.000000+00:00")']);
  });

  it('reads a dynamic file written with another delimiter, and date/time/zone columns', async () => {
    const tsv = 'date\ttime\ttimezone\tmessage\thostname\tparser\tdisplay_name\n2012-06-27\t18:17:01\tUTC\thello\tubuntu\tsyslog\tlog/syslog.1\n';
    const r = await runImporter(plasoCsv, Buffer.from(tsv), { name: 'dyn.tsv' });
    expect(r.events).toEqual([
      expect.objectContaining({
        time: us('2012-06-27T18:17:01Z'),
        message: 'hello',
        host: 'ubuntu',
        source: 'dyn.tsv',
        attributes: { timezone: 'UTC', parser: 'syslog', display_name: 'log/syslog.1' },
      }),
    ]);
  });

  it('names the line of an unterminated quote and refuses a file that is not Plaso CSV', async () => {
    const quote = await runImporter(plasoCsv, Buffer.from(`${DYNAMIC.split('\n')[0]}\n2004-09-20T16:13:02+00:00,x,LOG,Syslog,"open,syslog,y,-\n`), {
      name: 'q.csv',
    });
    expect(quote.error?.message).toBe('q.csv: line 2: a quoted field is never closed (unterminated quote)');
    const other = await runImporter(plasoCsv, Buffer.from('a,b\n1,2\n'), { name: 'o.csv' });
    expect(other.error?.message).toMatch(/^o\.csv: line 1: not a Plaso CSV header/);
  });
});

describe.skipIf(!PYTHON_SQLITE)(PYTHON_SQLITE ? 'Plaso storage written by SQLite (no sample needed)' : NO_PYTHON_SQLITE, () => {
  it('joins each event with its compressed event data and stream, across many small pages', async () => {
    const r = await runImporter(plasoStorage, makePlasoStorage(300), { name: 'dc01.plaso' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(300);
    expect(r.events.map((e) => e.time)).toEqual(Array.from({ length: 300 }, (_, i) => 1700000000000000 + (i + 1) * 1000000));
    expect(r.events[41]).toMatchObject({
      timestampDesc: 'Creation Time',
      source: 'winevtx',
      host: 'DC01.corp.example',
      message:
        '[4624 / 0x1210] Provider identifier: {54849625-5478-4994-a5ba-3e3b0328c30d} Source Name: Microsoft-Windows-Security-Auditing ' +
        "Strings: ['S-1-5-18', 'alice', '10.0.0.43'] Computer Name: DC01.corp.example Record Number: 42 Event Level: 0",
    });
    expect(r.events[41]!.attributes).toMatchObject({ pathspec: 'OS:/data/Security.evtx', record_number: '42', sha256_hash: 'ab'.repeat(32) });
    expect(r.entities.filter((e) => e.type === 'ip')).toHaveLength(250);
  });

  it('keeps an event whose event data is missing, with its own time, and says which row it is', async () => {
    const bytes = makePlasoStorage(3);
    // "event_data.2" → "event_data.9" in the event table: the join finds nothing.
    const at = bytes.lastIndexOf('event_data.2');
    bytes.write('event_data.9', at, 'latin1');
    const r = await runImporter(plasoStorage, bytes, { name: 'x.plaso' });
    expect(r.warnings).toEqual(['event row 2: its event data (event_data.9) is missing']);
    expect(r.invalid).toEqual([]);
    expect(r.events.map((e) => [e.time, e.source])).toEqual([
      [1700000001000000, 'winevtx'],
      [1700000002000000, 'x.plaso'],
      [1700000003000000, 'winevtx'],
    ]);
  });
});
