import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { makeZip } from '../../../../tests/unit/support/zip-writer';
import { readSample } from '../registry';
import { ChannelNames } from './channels';
import { securityDatasets } from './security-datasets';

const SD = (...p: string[]) => sample('security-datasets', ...p);

const sysmon = (o: object) =>
  JSON.stringify({
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Hostname: 'WKS5',
    TimeCreated: '2020-10-18 10:56:14.285',
    Message: 'Process Create',
    Image: 'C:\\Users\\wardog\\Desktop\\tool.exe',
    ...o,
  });

function sniffZip(zip: Buffer): number {
  return securityDatasets.sniff({ name: 'x.zip', size: zip.length, head: zip.subarray(0, 256 * 1024), text: zip.toString('utf8') });
}

describe('channel names', () => {
  it('spells each channel one way, known ones canonically, unknown ones as first seen', () => {
    const names = new ChannelNames();
    expect(['security', 'SECURITY', 'Security'].map((c) => names.canonical(c))).toEqual(['Security', 'Security', 'Security']);
    expect(names.canonical('microsoft-windows-sysmon/operational')).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(['My-App/Log', 'my-app/log'].map((c) => names.canonical(c))).toEqual(['My-App/Log', 'My-App/Log']);
  });
});

describe('Security-Datasets archives', () => {
  it('claims a ZIP of JSON lines of Windows events, not other archives', () => {
    expect(sniffZip(makeZip([{ name: 'a/events.json', data: `${sysmon({})}\n` }]))).toBe(0.9);
    expect(sniffZip(makeZip([{ name: 'events.json', data: `${sysmon({})}\n`, dataDescriptor: true }]))).toBe(0.9);
    expect(sniffZip(makeZip([{ name: 'notes.json', data: '{"title": "x"}\n' }]))).toBe(0.3);
    expect(sniffZip(makeZip([{ name: 'word/document.xml', data: '<w/>' }]))).toBe(0);
  });

  it('reads each JSON entry as a stream of rows: time, message, host, user, canonical channel as source, every field kept', async () => {
    const zip = makeZip([
      {
        name: 'dataset/part1.json',
        data: [
          sysmon({ User: 'WORKSTATION5\\wardog', CommandLine: 'tool.exe -x', Hashes: 'SHA1=98B13ABB701577AC88E360D702BB89160B50E378', nested: { a: 1 } }),
          JSON.stringify({
            EventID: 4624,
            Channel: 'security',
            '@timestamp': '2020-09-22T18:53:04.182Z',
            TimeCreated: '2020-09-22 14:53:04',
            Hostname: 'DC',
            SubjectUserName: '-',
            TargetUserName: 'pgustavo',
            tags: ['mordorDataset'],
          }),
        ].join('\r\n'),
      },
      { name: 'dataset/README.yaml', data: 'title: x' },
      {
        name: 'dataset/part2.jsonl',
        data: `${JSON.stringify({ Channel: 'Security', EventID: 4688, TimeCreated: '2020-10-18 10:56:15', Hostname: 'DC' })}\n`,
        method: 0,
      },
    ]);
    const r = await runImporter(securityDatasets, zip, { name: 'atomic.zip', timezone: 'Europe/Berlin', chunk: 100 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toMatchObject({
      // TimeCreated has no zone: read in Berlin (UTC+2 in October) and counted.
      time: us('2020-10-18T08:56:14.285Z'),
      timestampDesc: 'Event Created',
      message: 'Process Create',
      source: 'Microsoft-Windows-Sysmon/Operational',
      host: 'WKS5',
      user: 'WORKSTATION5\\wardog',
      tags: [],
    });
    expect(r.events[0]!.attributes).toMatchObject({
      EventID: '1',
      Image: 'C:\\Users\\wardog\\Desktop\\tool.exe',
      CommandLine: 'tool.exe -x',
      nested: '{"a":1}',
      zip_entry: 'dataset/part1.json',
    });
    // The event's own clock (TimeCreated, zoneless: read in Berlin) wins over the pipeline's @timestamp, which stays an attribute; '-' is no user.
    expect(r.events[1]).toMatchObject({
      time: us('2020-09-22T12:53:04Z'),
      timestampDesc: 'Event Created',
      source: 'Security',
      user: 'pgustavo',
      tags: ['mordorDataset'],
    });
    expect(r.events[1]!.attributes['@timestamp']).toBe('2020-09-22T18:53:04.182Z');
    expect(r.events[2]).toMatchObject({ source: 'Security', time: us('2020-10-18T08:56:15Z') });
    expect(r.zoneless).toBe(3);
    // Six hours between the two clocks of one record: said, with the count.
    expect(r.clockOffsets).toEqual([{ field: 'TimeCreated', other: '@timestamp', hours: 6, records: 1 }]);
    expect(r.warnings).toEqual(['entry "dataset/README.yaml" was skipped: not a .json, .jsonl or .log file']);
    expect(r.columns).toEqual(expect.arrayContaining(['EventID', 'Channel', 'Image', '@timestamp']));
    // Entities come from the events' host, user and named fields.
    expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(
      expect.arrayContaining([
        'device:wks5',
        'user:workstation5\\wardog',
        'process:c:\\users\\wardog\\desktop\\tool.exe',
        'hash:98b13abb701577ac88e360d702bb89160b50e378',
      ]),
    );
  });

  it('summarizes rows that carry no Message, and reads an entry that is one JSON array', async () => {
    const rows = [
      { EventTime: '2021-08-02T13:11:39.7724491Z', Category: 'Process Create', EventID: 1, Hostname: 'adfs01', AccountName: '', Image: 'C:\\x.exe' },
    ];
    const r = await runImporter(securityDatasets, makeZip([{ name: 'rows.json', data: JSON.stringify(rows, null, 2) }]), { name: 'h.zip' });
    expect(r.events).toEqual([
      expect.objectContaining({
        time: us('2021-08-02T13:11:39.772Z') + 449,
        message: 'Process Create EventID 1 — Hostname: adfs01; Image: C:\\x.exe',
        source: 'rows.json',
        host: 'adfs01',
      }),
    ]);
  });

  it('hands Log Analytics and advanced-hunting rows to the Microsoft row mapping, alerts included', async () => {
    const alert = {
      Type: 'SecurityAlert',
      TimeGenerated: '2021-08-02T13:40:00Z',
      SystemAlertId: 'a-1',
      AlertName: 'Suspicious token',
      AlertSeverity: 'High',
      Entities: '[]',
    };
    const hunting = { Timestamp: '2021-08-02T13:11:39Z', ActionType: 'LdapSearch', DeviceName: 'adfs01' };
    const r = await runImporter(securityDatasets, makeZip([{ name: 'la.json', data: [alert, hunting].map((o) => JSON.stringify(o)).join('\n') }]), {
      name: 'la.zip',
    });
    expect(r.error).toBeNull();
    expect(r.alerts.map((a) => [a.title, a.severity])).toEqual([['Suspicious token', 'high']]);
    expect(r.events.find((e) => e.time === us('2021-08-02T13:11:39Z'))).toMatchObject({ host: 'adfs01' });
    expect(r.events.every((e) => e.attributes.zip_entry === undefined)).toBe(true);
  });

  it('names the entry and line of bad records, and of a line over 16 MiB, and carries on', async () => {
    // Incompressible, as a real long line is: 20 MiB of 'x' would be refused as a zip bomb before it is read.
    const huge = `{"Message":"${randomBytes(15 * 1024 * 1024).toString('base64')}"}`;
    const zip = makeZip([{ name: 'e.json', data: [sysmon({}), '{"EventID": 1,', '[1,2]', sysmon({ TimeCreated: 'soon' }), huge, sysmon({})].join('\n') }]);
    const r = await runImporter(securityDatasets, zip, { name: 'bad.zip', chunk: 1 << 20 });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([
      expect.stringMatching(/^bad\.zip: e\.json, line 2: not valid JSON: /),
      'bad.zip: e.json, line 3: not a JSON object',
      'bad.zip: e.json, line 4, field "TimeCreated": "soon" is not a time this importer understands',
      'bad.zip: e.json, line 5: the line is longer than 16 MiB',
    ]);
  });

  it('refuses a truncated archive, a corrupted entry, an encrypted entry and an archive without JSON', async () => {
    const good = makeZip([{ name: 'events.json', data: `${sysmon({})}\n`.repeat(200) }]);
    const cut = await runImporter(securityDatasets, good.subarray(0, Math.floor(good.length / 2)), { name: 'cut.zip' });
    expect(cut.error?.message).toMatch(/^cut\.zip: no end-of-central-directory record .* truncated or damaged$/);

    const corrupt = await runImporter(securityDatasets, makeZip([{ name: 'events.json', data: `${sysmon({})}\n`, declaredCrc: 1 }]), { name: 'crc.zip' });
    expect(corrupt.error?.message).toMatch(
      /^crc\.zip: entry "events\.json": CRC-32 mismatch \(the archive says 00000001, the content is [0-9a-f]{8}\): the entry is corrupted$/,
    );

    const locked = await runImporter(securityDatasets, makeZip([{ name: 'events.json', data: 'x', encrypted: true }]), { name: 'locked.zip' });
    expect(locked.error?.message).toMatch(/^locked\.zip: entry "events\.json": it is encrypted;/);

    const docs = await runImporter(
      securityDatasets,
      makeZip([
        { name: 'a.txt', data: 'x' },
        { name: 'b.yaml', data: 'y' },
      ]),
      { name: 'docs.zip' },
    );
    expect(docs.error?.message).toBe('docs.zip: the ZIP archive has no .json, .jsonl or .log entry (it holds 2 entries: a.txt, b.yaml)');

    const garbage = await runImporter(securityDatasets, Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 2, 0, 0, 0xff]), { name: 'garbage.zip' });
    expect(garbage.error?.message).toMatch(/^garbage\.zip: /);
  });

  it('reads the same rows unzipped, and refuses binary garbage', async () => {
    const r = await runImporter(securityDatasets, Buffer.from(`${sysmon({})}\n${sysmon({ EventID: 3 })}\n`), { name: 'rows.json' });
    expect(r.events).toHaveLength(2);
    expect(r.events[0]!.attributes.zip_entry).toBeUndefined();
    const binary = await runImporter(securityDatasets, Buffer.from([1, 2, 3, 0, 5]), { name: 'bin.dat' });
    expect(binary.error?.message).toMatch(/^bin\.dat: byte 3 is a NUL byte/);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Security-Datasets samples' : NO_SAMPLES_REASON, () => {
    it.each([
      // Sysmon rows take their time from UtcTime (UTC by definition); only the others' TimeCreated/EventTime is zoneless.
      ['psh_lsass_memory_dump_comsvcs.zip', 184, 36],
      ['cmd_lsass_memory_dumpert_syscalls.zip', 118, 23],
      ['covenant_copy_smb_CreateRequest.zip', 506, 94],
      ['golden-saml/AADAuditEvents.Zip', 4, 0],
      ['golden-saml/Microsoft365DefenderEvents.Zip', 9, 0],
      ['golden-saml/OfficeActivityEvents.Zip', 1, 0],
      ['golden-saml/WindowsEvents.Zip', 38, 0],
    ])('%s: %i events, %i of them with a zoneless time', async (file, events, zoneless) => {
      const path = SD(...file.split('/'));
      expect(securityDatasets.sniff(await readSample(path, file))).toBe(0.9);
      const r = await runImporter(securityDatasets, path);
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.events).toHaveLength(events);
      expect(r.zoneless).toBe(zoneless);
    });

    it('comsvcs: the rundll32 MiniDump of LSASS, as Security 4688 (TimeCreated, in the import zone) and Sysmon 1 (its UtcTime)', async () => {
      const r = await runImporter(securityDatasets, SD('psh_lsass_memory_dump_comsvcs.zip'));
      const dumps = r.events.filter((e) => e.attributes.CommandLine?.includes('comsvcs.dll MiniDump'));
      expect(dumps.map((e) => [e.source, e.attributes.EventID, e.time, e.timestampDesc])).toEqual([
        ['Security', '4688', us('2020-10-18T07:50:05.910Z'), 'Event Created'],
        ['Microsoft-Windows-Sysmon/Operational', '1', us('2020-10-18T23:50:05.910Z'), 'Event Time'],
      ]);
      expect(dumps[1]!.attributes.TimeCreated).toBe('2020-10-18 07:50:05.917');
      // This export's TimeCreated is a local 12-hour clock without AM/PM or zone: 16 hours behind every Sysmon UtcTime.
      expect(r.clockOffsets).toEqual([{ field: 'UtcTime', other: 'TimeCreated', hours: -16, records: 148 }]);
      expect(dumps[1]).toMatchObject({ host: 'WORKSTATION5', user: 'WORKSTATION5\\wardog' });
      expect(dumps[1]!.attributes).toMatchObject({
        Image: 'C:\\Windows\\System32\\rundll32.exe',
        CommandLine:
          '"C:\\Windows\\System32\\rundll32.exe" C:\\windows\\System32\\comsvcs.dll MiniDump 756 C:\\Users\\wardog\\AppData\\Local\\Temp\\lsass-comsvcs.dmp full',
        zip_entry: 'psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json',
      });
      expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(
        expect.arrayContaining(['hash:7662a8d2f23c3474dec6ef8e2b0365b0b86714ee', 'device:workstation5']),
      );
    });

    it('covenant: "security" and "Security" are one source; the time is when the event happened, not when nxlog/Logstash received it', async () => {
      const r = await runImporter(securityDatasets, SD('covenant_copy_smb_CreateRequest.zip'));
      const sources: Record<string, number> = {};
      for (const e of r.events) sources[e.source] = (sources[e.source] ?? 0) + 1;
      expect(sources).toEqual({ 'Microsoft-Windows-Sysmon/Operational': 412, Security: 94 });
      expect(r.events[0]).toMatchObject({ time: us('2020-09-22T18:53:01.266Z'), timestampDesc: 'Event Time', host: 'WORKSTATION5.theshire.local' });
      expect(r.events[0]!.attributes).toMatchObject({
        '@timestamp': '2020-09-22T18:53:04.182Z',
        EventReceivedTime: '2020-09-22 14:53:04',
        EventTime: '2020-09-22 14:53:01',
      });
      const copy = r.events.find((e) => e.attributes.TargetFilename === 'C:\\ProgramData\\GruntHTTP.exe')!;
      expect(copy).toMatchObject({ time: us('2020-09-22T18:53:30.880Z'), host: 'WORKSTATION6.theshire.local', source: 'Microsoft-Windows-Sysmon/Operational' });
      // nxlog's 64-bit Keywords mask, exact (a JavaScript number would make it -9223372036854776000).
      expect(r.events[0]!.attributes.Keywords).toBe('-9223372036854775808');
      // nxlog wrote EventTime in the machines' local time (UTC-4) without a zone: read as UTC, it is 4 hours off, and the report says so.
      expect(r.clockOffsets).toEqual([
        { field: 'UtcTime', other: 'EventTime', hours: -4, records: 412 },
        { field: 'UtcTime', other: 'EventReceivedTime', hours: -4, records: 412 },
        { field: 'EventTime', other: '@timestamp', hours: 4, records: 94 },
      ]);
      // Read in the zone those machines were in, the clocks agree and nothing is reported.
      const local = await runImporter(securityDatasets, SD('covenant_copy_smb_CreateRequest.zip'), { timezone: 'America/New_York' });
      expect(local.clockOffsets).toEqual([]);
      expect(local.events.find((e) => e.source === 'Security')!.time).toBe(
        us(`${r.events.find((e) => e.source === 'Security')!.attributes.EventTime!.replace(' ', 'T')}-04:00`),
      );
      expect(new Set(r.events.map((e) => e.host))).toEqual(new Set(['WORKSTATION5.theshire.local', 'MORDORDC.theshire.local', 'WORKSTATION6.theshire.local']));
    });

    it('dumpert: the Outflank-Dumpert process with its hashes', async () => {
      const r = await runImporter(securityDatasets, SD('cmd_lsass_memory_dumpert_syscalls.zip'));
      const created = r.events.find((e) => e.attributes.EventID === '1' && e.attributes.Image === 'C:\\Users\\wardog\\Desktop\\Outflank-Dumpert.exe')!;
      expect(created).toMatchObject({ time: us('2020-10-19T02:56:14.283Z'), user: 'WORKSTATION5\\wardog' });
      expect(created.attributes.Hashes).toMatch(/^SHA1=98B13ABB701577AC88E360D702BB89160B50E378,MD5=/);
    });

    it('golden SAML: Log Analytics and advanced-hunting rows, mapped by the Microsoft importer (7-digit fractions, JSON in strings)', async () => {
      const hunting = await runImporter(securityDatasets, SD('golden-saml', 'Microsoft365DefenderEvents.Zip'));
      expect(hunting.events[0]).toMatchObject({ time: us('2021-08-02T13:11:39.772Z') + 449, host: 'adfs01.simulandlabs.com' });
      expect(hunting.events[0]!.message).toContain('LdapSearch');

      const aad = await runImporter(securityDatasets, SD('golden-saml', 'AADAuditEvents.Zip'));
      expect(aad.events.map((e) => e.source).sort()).toEqual(['Application', 'AuditLogs', 'AuditLogs', 'ServicePrincipal']);
      expect(aad.events[0]).toMatchObject({ time: us('2021-08-02T13:29:25.983Z') });
      expect(aad.events[0]!.message).toContain('Update application – Certificates and secrets management');
      expect(aad.events[0]!.attributes.InitiatedBy).toContain('pgustavo@simulandlabs.com');

      const office = await runImporter(securityDatasets, SD('golden-saml', 'OfficeActivityEvents.Zip'));
      expect(office.events).toEqual([
        expect.objectContaining({
          time: us('2021-08-02T13:32:07Z'),
          source: 'OfficeActivity',
          user: 'pgustavo@simulandlabs.com',
          message: expect.stringContaining('MailItemsAccessed'),
        }),
      ]);

      const windows = await runImporter(securityDatasets, SD('golden-saml', 'WindowsEvents.Zip'));
      expect(new Set(windows.events.map((e) => e.host))).toEqual(new Set(['ADFS01.simulandlabs.com', 'DC01.simulandlabs.com']));
      expect(windows.events.every((e) => e.attributes.zip_entry === undefined)).toBe(true);
    });

    it('leaves the other samples to their own importers', async () => {
      for (const other of [
        sample('plaso', 'evtx_20250918.plaso'),
        sample('hayabusa', 'hayabusa-sample-evtx-ResultsDefaultSettings.csv'),
        sample('timesketch', 'plaso-json_line-centos-sshd.jsonl'),
      ]) {
        expect(securityDatasets.sniff(await readSample(other, 'x'))).toBe(0);
      }
    });
  });
});
