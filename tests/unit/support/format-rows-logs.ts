import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attrs, corpus, FIXTURES, json, type FormatRow } from './format-rows';
import { sample } from './samples';
import { serdeYamlDocuments } from './serde-yaml';
import { makeTar } from './tar-writer';
import { parseExactJson } from '../../../electron/core/importers/exact-json-parse';

/** Detections, network and cloud logs, endpoint collections, Windows events, intelligence, archives (see format-rows.ts). */

/** rundll32 dumping LSASS through comsvcs.dll, as Sysmon 10 traced it. */
const LSASS_CALL_TRACE = [
  'C:\\windows\\SYSTEM32\\ntdll.dll+9c584',
  'C:\\windows\\SYSTEM32\\ntdll.dll+74bf7',
  'C:\\windows\\System32\\KERNEL32.DLL+1c258',
  'C:\\windows\\System32\\KERNEL32.DLL+23278',
  'C:\\windows\\SYSTEM32\\dbgcore.DLL+9447',
  'C:\\windows\\SYSTEM32\\dbgcore.DLL+16185',
  'C:\\windows\\SYSTEM32\\dbgcore.DLL+100a6',
  'C:\\windows\\SYSTEM32\\dbgcore.DLL+613f',
  'C:\\windows\\SYSTEM32\\dbgcore.DLL+6bbc',
  'C:\\windows\\System32\\comsvcs.dll+3c684',
  'C:\\Windows\\System32\\rundll32.exe+3bcf',
  'C:\\Windows\\System32\\rundll32.exe+62d9',
  'C:\\windows\\System32\\KERNEL32.DLL+17c24',
  'C:\\windows\\SYSTEM32\\ntdll.dll+6cea1',
].join('|');

const EVTX_JSON = () => sample('more', 'evtx-json', 'evtx_dump-security_event_1.json');

export const LOG_ROWS: FormatRow[] = [
  {
    format: 'hayabusa-csv',
    ...corpus('hayabusa', 'hayabusa-sample-evtx-ResultsDefaultSettings.csv'),
    events: 10_072,
    casebook: { time: '2013-10-23T16:16:13.843000Z', host: '37L4247D28-05', user: '', message: 'Logon Type 0 - System — Bootup' },
    source: attrs('Timestamp', 'Computer', 'RuleTitle', 'Details'),
    expectedSource: { Timestamp: '2013-10-24 01:16:13.843 +09:00', Computer: '37L4247D28-05', RuleTitle: 'Logon Type 0 - System', Details: 'Bootup' },
  },
  {
    format: 'zeek',
    ...corpus('more', 'zeek', 'trickbot-conn.log'),
    events: 13_001,
    casebook: {
      time: '2018-11-02T00:05:37.618695Z',
      host: '',
      user: '',
      message: 'tcp 172.16.9.233:49159 → 172.16.9.5:88 krb_tcp (244 B sent, 292 B received, RSTR)',
    },
    source: attrs('ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'service', 'conn_state'),
    expectedSource: {
      ts: '1541117137.618695',
      'id.orig_h': '172.16.9.233',
      'id.orig_p': '49159',
      'id.resp_h': '172.16.9.5',
      'id.resp_p': '88',
      service: 'krb_tcp',
      conn_state: 'RSTR',
    },
  },
  {
    format: 'suricata-eve',
    ...corpus('more', 'suricata', 'zeus-eve.json'),
    events: 869,
    casebook: {
      time: '2024-12-18T00:17:54.565494Z',
      host: '',
      user: '',
      message: 'alert: UDP Packet Detected [1:100004:1] severity 3; UDP 192.168.37.130:55551 → 192.168.37.1:53 (allowed)',
    },
    source: attrs('timestamp', 'src_ip', 'dest_ip', 'alert.signature', 'flow_id'),
    expectedSource: {
      timestamp: '2024-12-17T19:17:54.565494-0500',
      src_ip: '192.168.37.130',
      dest_ip: '192.168.37.1',
      'alert.signature': 'UDP Packet Detected',
      flow_id: '739928877279099',
    },
  },
  {
    format: 'cloudtrail',
    ...corpus('more', 'cloudtrail', 'awslib-SerializerTestFile.json'),
    events: 6,
    casebook: {
      time: '2013-11-01T00:00:00.000000Z',
      host: '',
      user: 'userIdentityUserName1',
      message: 'eventSource1 eventName1 by userIdentityUserName1 from sourceIPAddress1 in awsRegion1 failed: errorCode1 (errorMessage1)',
    },
    source: () => {
      type Trail = { Records: { eventTime: string; eventName: string; userIdentity: { userName: string } }[] };
      const r = (json(sample('more', 'cloudtrail', 'awslib-SerializerTestFile.json')) as Trail).Records[0]!;
      return { eventTime: r.eventTime, eventName: r.eventName, 'userIdentity.userName': r.userIdentity.userName };
    },
    expectedSource: { eventTime: '2013-11-01T00:00:00Z', eventName: 'eventName1', 'userIdentity.userName': 'userIdentityUserName1' },
  },
  {
    format: 'osquery',
    ...corpus('more', 'osquery', 'elastic-osqueryd-results-tail.log'),
    events: 24,
    casebook: {
      time: '2017-12-07T17:57:33.000000Z',
      host: 'ubuntu-xenial',
      user: '',
      message: 'pack_it-compliance_deb_packages added: arch=amd64 name=libxrender1 revision=0ubuntu1 size=79 source=libxrender version=1:0.9.9-0ubuntu1',
    },
    source: () => {
      const first = JSON.parse(readFileSync(sample('more', 'osquery', 'elastic-osqueryd-results-tail.log'), 'utf8').split('\n')[0]!) as Record<string, string>;
      return { calendarTime: first.calendarTime!, unixTime: first.unixTime!, hostIdentifier: first.hostIdentifier!, action: first.action! };
    },
    expectedSource: { calendarTime: 'Thu Dec  7 17:57:33 2017 UTC', unixTime: '1512669453', hostIdentifier: 'ubuntu-xenial', action: 'added' },
  },
  {
    format: 'velociraptor',
    ...corpus('more', 'velociraptor', 'velociraptor-unencrypted_collector.zip'),
    events: 4,
    casebook: { time: '2021-06-05T12:13:58.686453Z', host: 'DESKTOP-SU8FH31', user: 'SYSTEM', message: 'Generic.Client.Info/Users: SYSTEM' },
    // The row's time column (LastLogin) becomes the event's time and its kind of time; the rest stays as attributes.
    source: attrs('Name', 'Artifact', 'Description'),
    expectedSource: {
      Name: 'SYSTEM',
      Artifact: 'Generic.Client.Info/Users',
      Description: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-18',
    },
  },
  {
    format: 'security-datasets',
    ...corpus('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip'),
    events: 184,
    // The attack itself: rundll32 opening LSASS (Sysmon 10).
    pick: (events) => events.find((e) => e.attributes.EventID === '10' && /lsass/i.test(e.attributes.TargetImage ?? ''))!,
    casebook: {
      time: '2020-10-18T23:50:05.994000Z',
      host: 'WORKSTATION5',
      user: '',
      message: [
        'Process accessed:',
        'RuleName: -',
        'UtcTime: 2020-10-18 23:50:05.994',
        'SourceProcessGUID: {39e4a257-d4ad-5f8c-3303-000000000700}',
        'SourceProcessId: 4824',
        'SourceThreadId: 4372',
        'SourceImage: C:\\Windows\\System32\\rundll32.exe',
        'TargetProcessGUID: {39e4a257-f131-5f8b-0c00-000000000700}',
        'TargetProcessId: 756',
        'TargetImage: C:\\windows\\system32\\lsass.exe',
        'GrantedAccess: 0x1FFFFF',
        `CallTrace: ${LSASS_CALL_TRACE}`,
      ].join('\r\n'),
    },
    source: attrs('UtcTime', 'Hostname', 'SourceImage', 'TargetImage', 'GrantedAccess'),
    expectedSource: {
      UtcTime: '2020-10-18 23:50:05.994',
      Hostname: 'WORKSTATION5',
      SourceImage: 'C:\\Windows\\System32\\rundll32.exe',
      TargetImage: 'C:\\windows\\system32\\lsass.exe',
      GrantedAccess: '0x1fffff',
    },
  },
  {
    format: 'evtx',
    ...corpus('more', 'evtx', 'eas-LM_Remote_Service02_7045.evtx'),
    events: 3,
    casebook: {
      time: '2019-03-03T09:20:28.621489Z',
      host: 'WIN-77LTAPHIQ1R.example.corp',
      user: 'S-1-5-21-1587066498-1489273250-1035260531-1108',
      message: 'Service installed: spoolfool (cmd.exe) auto start as LocalSystem',
    },
    source: attrs('TimeCreated', 'Computer', 'UserID', 'ServiceName', 'ImagePath', 'StartType', 'AccountName'),
    expectedSource: {
      TimeCreated: '2019-03-03T09:20:28.6214897Z',
      Computer: 'WIN-77LTAPHIQ1R.example.corp',
      UserID: 'S-1-5-21-1587066498-1489273250-1035260531-1108',
      ServiceName: 'spoolfool',
      ImagePath: 'cmd.exe',
      StartType: 'auto start',
      AccountName: 'LocalSystem',
    },
  },
  {
    format: 'evtx-json',
    ...corpus('more', 'evtx-json', 'evtx_dump-security_event_1.json'),
    events: 1,
    casebook: { time: '2016-07-08T18:12:51.681640Z', host: '37L4247F27-25', user: '', message: 'Microsoft-Windows-Security-Auditing 4608' },
    source: attrs('TimeCreated', 'Computer', 'EventID', 'Provider'),
    expectedSource: { TimeCreated: '2016-07-08T18:12:51.681640Z', Computer: '37L4247F27-25', EventID: '4608', Provider: 'Microsoft-Windows-Security-Auditing' },
  },
  {
    format: 'evtx-yaml',
    shown: 'more/evtx-json/evtx_dump-security_event_1.json written as Chainsaw writes YAML (no Chainsaw YAML sample exists)',
    file: null,
    needsSamples: true,
    build: () => Buffer.from(serdeYamlDocuments([parseExactJson(readFileSync(EVTX_JSON(), 'utf8').replace(/^Record \d+\s*/, '')) as never])),
    events: 1,
    casebook: { time: '2016-07-08T18:12:51.681640Z', host: '37L4247F27-25', user: '', message: 'Microsoft-Windows-Security-Auditing 4608' },
    source: attrs('TimeCreated', 'Computer', 'EventID', 'Provider'),
    expectedSource: { TimeCreated: '2016-07-08T18:12:51.681640Z', Computer: '37L4247F27-25', EventID: '4608', Provider: 'Microsoft-Windows-Security-Auditing' },
  },
  {
    format: 'kape-csv',
    shown: 'tests/fixtures/ez-tools/20230501_EvtxECmd_Output.csv (fixture: no tool output in the corpus)',
    file: path.join(FIXTURES, '20230501_EvtxECmd_Output.csv'),
    needsSamples: false,
    events: 2,
    casebook: {
      time: '2023-05-01T10:20:30.123456Z',
      host: 'WS01.corp.local',
      user: 'CORP\\alice',
      message: 'Security 4624: Successful logon | Target: CORP\\alice | LogonType 3 | LogonId: 0x3E7',
    },
    source: attrs('TimeCreated', 'Computer', 'UserName', 'MapDescription'),
    expectedSource: { TimeCreated: '2023-05-01 10:20:30.1234567', Computer: 'WS01.corp.local', UserName: 'CORP\\alice', MapDescription: 'Successful logon' },
  },
  {
    format: 'stix21',
    ...corpus('stix21', 'apt1.json'),
    events: 1,
    casebook: {
      time: '2013-02-19T00:00:00.000000Z',
      host: '',
      user: '',
      message: "STIX report published: APT1: Exposing One of China's Cyber Espionage Units",
    },
    source: () => {
      const report = (json(sample('stix21', 'apt1.json')) as { objects: Record<string, string>[] }).objects.find((o) => o.type === 'report')!;
      return { published: report.published!, name: report.name! };
    },
    expectedSource: { published: '2013-02-19T00:00:00.000000Z', name: "APT1: Exposing One of China's Cyber Espionage Units" },
  },
  {
    format: 'misp',
    ...corpus('misp', 'galaxy_1.json'),
    events: 11,
    casebook: {
      time: '2019-02-18T16:10:25.000000Z',
      host: '',
      user: '',
      message: "MISP event published: OSINT - PUBG Ransomware Decrypts Your Files If You Play PlayerUnknown's Battlegrounds",
    },
    source: () => {
      const e = (json(sample('misp', 'galaxy_1.json')) as { Event: Record<string, string> }).Event;
      return { publish_timestamp: String(e.publish_timestamp), info: e.info! };
    },
    expectedSource: { publish_timestamp: '1550506225', info: "OSINT - PUBG Ransomware Decrypts Your Files If You Play PlayerUnknown's Battlegrounds" },
  },
  {
    format: 'tar',
    shown: 'more/zeek/otrf-apt29-UTICA-A_http.log in a tar (no tar in the corpus)',
    file: null,
    needsSamples: true,
    build: () => makeTar([{ name: 'zeek/UTICA-A_http.log', data: readFileSync(sample('more', 'zeek', 'otrf-apt29-UTICA-A_http.log')) }]),
    events: 1,
    casebook: { time: '2020-05-01T07:09:23.457737Z', host: '', user: '', message: 'GET http://192.168.0.4:8080/m → 200 OK; 10.0.1.5:60997 → 192.168.0.4:8080' },
    source: attrs('ts', 'id_orig_h', 'host', 'uri', 'status_code'),
    expectedSource: { ts: '1588316963.457737', id_orig_h: '10.0.1.5', host: '192.168.0.4', uri: '/m', status_code: '200' },
  },
];

/** Formats with no sample anywhere in the corpus or fixtures: named in the table, tested where the row says. */
export const NO_SAMPLE: { format: string; tested: string }[] = [
  { format: 'plaso-csv', tested: 'electron/core/importers/plaso/plaso.test.ts (inline l2tcsv rows)' },
  { format: 'hayabusa-json', tested: 'electron/core/importers/hayabusa/hayabusa-json.test.ts (inline rows)' },
  { format: 'zip', tested: 'electron/core/importers/archive/zip-archive.test.ts (generated archives)' },
  { format: 'generic-csv', tested: 'electron/core/importers/generic/generic.test.ts (needs a column mapping)' },
  { format: 'generic-jsonl', tested: 'electron/core/importers/generic/generic.test.ts (needs a column mapping)' },
];
