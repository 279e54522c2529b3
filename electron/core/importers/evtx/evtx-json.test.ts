import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { chooseImporter, readSample } from '../registry';
import { evtxJson } from './evtx-json';

const sniffText = (text: string) => evtxJson.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text });

/** A Sysmon process creation as Chainsaw's dump and `evtx_dump --separate-json-attributes` write it. */
const separateStyle = {
  Event: {
    System: {
      Provider: '',
      Provider_attributes: { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: '',
      TimeCreated_attributes: { SystemTime: '2019-03-19T23:29:52.316470Z' },
      EventRecordID: '18446744073709551615',
      Correlation: null,
      Execution: '',
      Execution_attributes: { ProcessID: 2012, ThreadID: 2596 },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WIN10.lab.local',
      Security: '',
      Security_attributes: { UserID: 'S-1-5-18' },
    },
    EventData: {
      UtcTime: '2019-03-19 23:29:52.314',
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd.exe /c whoami',
      User: 'LAB\\alice',
      Hashes: 'SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF',
    },
  },
  Event_attributes: { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
};

/** The same event with `#attributes` objects, as `evtx_dump -o json` writes it. */
const hashStyle = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' } },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: { '#attributes': { SystemTime: '2019-03-19T23:29:52.316470Z' } },
      EventRecordID: 18446744073709551615n,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 2012, ThreadID: 2596 } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WIN10.lab.local',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: separateStyle.Event.EventData,
  },
};
const json = (o: unknown, space?: number) => JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? `@@${v}@@` : v), space).replace(/"@@(\d+)@@"/g, '$1');

describe('Windows events as JSON', () => {
  it('both attribute styles give the same event as the raw .evtx would: time, host, user, message, every field', async () => {
    const a = await runImporter(evtxJson, Buffer.from(json([separateStyle]) + '\n'));
    const b = await runImporter(evtxJson, Buffer.from(`Record 1\n${json(hashStyle, 2)}\n`));
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(a.events).toHaveLength(1);
    expect(b.events).toEqual(a.events);
    const event = a.events[0]!;
    expect(event.time).toBe(us('2019-03-19T23:29:52Z') + 316_470);
    expect(event.host).toBe('WIN10.lab.local');
    expect(event.user).toBe('LAB\\alice');
    expect(event.source).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(event.message).toContain('cmd.exe /c whoami');
    // A 64-bit record id kept exactly.
    expect(event.attributes).toMatchObject({
      EventRecordID: '18446744073709551615',
      ProcessID: '2012',
      UserID: 'S-1-5-18',
      Image: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(a.entities.map((e) => `${e.type}:${e.display}`)).toEqual(
      expect.arrayContaining([
        'user:LAB\\alice',
        'process:C:\\Windows\\System32\\cmd.exe',
        'hash:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF',
      ]),
    );
  });

  it('xmltodict dumps: @Name attributes and a Data list', async () => {
    const record = {
      Event: {
        '@xmlns': 'x',
        System: {
          Provider: { '@Name': 'Microsoft-Windows-Security-Auditing' },
          EventID: '4624',
          TimeCreated: { '@SystemTime': '2020-01-01 10:00:00.123456' },
          Channel: 'Security',
          Computer: 'DC01',
        },
        EventData: {
          Data: [
            { '@Name': 'TargetUserName', '#text': 'bob' },
            { '@Name': 'TargetDomainName', '#text': 'CORP' },
            { '@Name': 'IpAddress', '#text': '10.0.0.5' },
          ],
        },
      },
    };
    const r = await runImporter(evtxJson, Buffer.from(json(record)));
    expect(r.events[0]).toMatchObject({ time: us('2020-01-01T10:00:00.123Z') + 456, host: 'DC01', user: 'CORP\\bob', source: 'Security' });
    expect(r.events[0]!.attributes).toMatchObject({ TargetUserName: 'bob', IpAddress: '10.0.0.5' });
  });

  it('a record that is no Windows event, or has no time, is an invalid record at its line', async () => {
    const lines = [json(separateStyle), json({ hello: 'world' }), json({ Event: { System: { EventID: 1, Computer: 'x' } } })].join('\n');
    const r = await runImporter(evtxJson, Buffer.from(lines), { name: 'dump.jsonl' });
    expect(r.events).toHaveLength(1);
    expect(r.invalid).toEqual([
      'dump.jsonl: line 2, field "Event.System": the record has no Event.System: not a Windows event',
      'dump.jsonl: line 3, field "Event.System.TimeCreated": no usable time (TimeCreated "", written 0)',
    ]);
  });

  it('is recognised by content: evtx_dump records, Chainsaw arrays and lines; not other JSON', () => {
    expect(sniffText(`Record 1\n${json(hashStyle, 2)}`)).toBe(0.95);
    expect(sniffText(json([separateStyle], 2))).toBe(0.95);
    expect(sniffText(json(separateStyle))).toBe(0.95);
    expect(sniffText(json({ EventID: 4624, Channel: 'Security', TimeCreated: 'x', Computer: 'y' }))).toBe(0);
  });
});

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on evtx_dump’s own output' : NO_SAMPLES_REASON, () => {
  it('security_event_1.json: one Security 4608 with EventData null', async () => {
    const file = sample('more', 'evtx-json', 'evtx_dump-security_event_1.json');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('evtx-json');
    const r = await runImporter(evtxJson, file);
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      time: us('2016-07-08T18:12:51.681Z') + 640,
      timestampDesc: 'Event Created',
      source: 'Security',
      host: '37L4247F27-25',
      user: '',
      message: 'Microsoft-Windows-Security-Auditing 4608',
    });
    expect(r.events[0]!.attributes).toMatchObject({ EventID: '4608', EventRecordID: '1', ProcessID: '456', Keywords: '0x8020000000000000' });
  });

  it('event_with_multiple_nodes_same_name.json: repeated elements keep their _1, _2 names, nested ones dotted', async () => {
    const file = sample('more', 'evtx-json', 'evtx_dump-event_with_multiple_nodes_same_name.json');
    const r = await runImporter(evtxJson, file);
    expect(r.events).toHaveLength(1);
    const event = r.events[0]!;
    expect(event).toMatchObject({
      host: 'WIN-M5327EF98B9',
      user: 'S-1-5-21-1223297778-3299746493-1462173606-500',
      source: 'Microsoft-Windows-CAPI2/Operational',
    });
    expect(event.attributes).toMatchObject({
      UserDataType: 'CryptRetrieveObjectByUrlWire',
      'AdditionalInfo.HTTPRequestHeadersInfo.Header_1': 'GET /pki/crl/products/microsoftrootcert.crl HTTP/1.1',
      'AdditionalInfo.Action.name': 'NoProxy',
      URL: 'http://crl.microsoft.com/pki/crl/products/microsoftrootcert.crl',
    });
    expect(r.entities.map((e) => `${e.type}:${e.display}`)).toContain('domain:crl.microsoft.com');
  });
});
