import { gzipSync } from 'node:zlib';
import { makeZip } from './zip-writer';
import { makeTar } from './tar-writer';
import { makePlasoStorage, PYTHON_SQLITE } from './plaso-storage-fixture';
import { val, writeEvtx, type BinXml } from './evtx-writer';

// The fuzzer's own seeds (tests/unit/importers.fuzz.test.ts), one list per importer.

/** Small seeds of our own, so every importer is fuzzed even without the sample corpus (as in a clone of the repository alone). */
export const BUILT_IN: Record<string, (string | Buffer)[]> = {
  stix21: [
    JSON.stringify({
      type: 'bundle',
      id: 'bundle--0b6e3a1c-0000-4000-8000-000000000001',
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--0b6e3a1c-0000-4000-8000-000000000002',
          created: '2024-01-01T00:00:00Z',
          modified: '2024-01-01T00:00:00Z',
          pattern: "[ipv4-addr:value = '10.0.0.1'] OR [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
          pattern_type: 'stix',
          valid_from: '2024-01-01T00:00:00Z',
        },
        { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--0b6e3a1c-0000-4000-8000-000000000003', value: '10.0.0.2' },
        {
          type: 'attack-pattern',
          spec_version: '2.1',
          id: 'attack-pattern--0b6e3a1c-0000-4000-8000-000000000004',
          name: 'Phishing',
          external_references: [{ source_name: 'mitre-attack', external_id: 'T1566' }],
        },
      ],
    }),
  ],
  misp: [
    JSON.stringify({
      Event: {
        uuid: '5e5b5b5b-0000-4000-8000-000000000001',
        info: 'Phishing wave',
        threat_level_id: '2',
        date: '2024-01-01',
        timestamp: '1704067200',
        Tag: [{ name: 'tlp:amber' }],
        Attribute: [{ type: 'ip-dst', category: 'Network activity', value: '10.0.0.1', to_ids: true, timestamp: '1704067200' }],
        Object: [
          {
            name: 'file',
            uuid: '5e5b5b5b-0000-4000-8000-000000000002',
            Attribute: [{ type: 'sha256', value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f', to_ids: true, timestamp: '1704067200' }],
          },
        ],
      },
    }),
  ],
  'graph-security': [
    JSON.stringify({
      value: [
        {
          '@odata.type': '#microsoft.graph.security.incident',
          id: '1',
          displayName: 'Multi-stage incident',
          severity: 'high',
          status: 'active',
          classification: 'truePositive',
          determination: 'compromisedUser',
          createdDateTime: '2024-01-01T00:00:00Z',
          alerts: {
            id: 'a1',
            title: 'Suspicious logon',
            severity: 'medium',
            status: 'new',
            createdDateTime: '2024-01-01T00:00:00Z',
            evidence: [
              {
                '@odata.type': '#microsoft.graph.security.deviceEvidence',
                deviceDnsName: 'host1',
                roles: ['compromised'],
                verdict: 'suspicious',
                remediationStatus: 'none',
              },
            ],
          },
        },
      ],
    }),
  ],
  'defender-machine-actions': [
    JSON.stringify({
      '@odata.context': 'https://api.securitycenter.windows.com/api/$metadata#MachineActions',
      value: [
        {
          id: 'x1',
          type: 'IsolateMachine',
          status: 'Pending',
          requestor: 'a@b.c',
          computerDnsName: 'host1',
          creationDateTimeUtc: '2024-01-01T00:00:00.1234567Z',
          lastUpdateTimeUtc: '2024-01-01T00:00:01Z',
        },
      ],
    }),
  ],
  sentinel: [
    JSON.stringify({
      id: '/subscriptions/x/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents/1',
      name: '1',
      type: 'Microsoft.SecurityInsights/incidents',
      properties: {
        title: 'Incident',
        severity: 'High',
        status: 'New',
        classification: 'FalsePositive',
        createdTimeUtc: '2024-01-01T00:00:00Z',
        incidentNumber: 1,
        labels: [],
      },
    }),
    JSON.stringify([
      {
        Type: 'SecurityAlert',
        TimeGenerated: '2024-01-01T00:00:00Z',
        AlertName: 'A',
        AlertSeverity: 'High',
        SystemAlertId: 's1',
        Entities: '[{"$id":"1","Type":"host","HostName":"h1"},{"$id":"2","Type":"account","Name":"u","Host":{"$ref":"1"}}]',
      },
    ]),
  ],
  'plaso-jsonl': [
    JSON.stringify({
      __container_type__: 'event',
      __type__: 'AttributeContainer',
      data_type: 'syslog:line',
      date_time: { __class_name__: 'TimeElements', __type__: 'DateTimeValues', is_local_time: true, time_elements_tuple: [2022, 10, 7, 11, 39, 3] },
      hostname: 'centos9-stream',
      message: '[sshd] Failed password for root from 192.168.40.6 port 50352 ssh2',
      parser: 'syslog',
      timestamp_desc: 'Content Modification Time',
    }) + '\n',
  ],
  'hayabusa-csv': [
    'Timestamp,Computer,EventID,Level,RuleTitle,Details,RulePath,FilePath\n' +
      '2013-10-24 01:16:13.843 +09:00,WKS-1,4625,high,Failed Logon,User: bob ¦ SrcIP: 10.0.0.9,rules/x.yml,sec.evtx\n',
  ],
  'security-datasets': [
    makeZip([
      {
        name: 'events.json',
        data: Buffer.from(
          '{"@timestamp":"2020-10-18T19:50:09.000Z","Hostname":"WKS5","EventID":4688,"Channel":"Security","Message":"A new process","NewProcessName":"C:\\\\tool.exe"}\n',
        ),
      },
    ]),
  ],
  zeek: [
    '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\tanswers\tAA\n' +
      '#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tvector[string]\tbool\n1521911720.865716\tCq1\t10.47.1.100\t41772\t10.0.0.100\t53\ta\\x09b.example\tx.example,1.2.3.4\tF\n1521911721.5\tCq2\t10.0.0.1\t1\t10.0.0.2\t53\t-\t(empty)\tT\n#close\t2024\n',
    '{"_path":"conn","ts":"2018-03-24T17:15:20.624556Z","uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":443,"proto":"tcp"}\n{"@stream":"files","@proc":"zeek","ts":1588206049.300416,"fuid":"F1","tx_hosts":["10.0.0.4"],"md5":"cc85d7649546d3c0b1607f761b73fec2"}\n',
    gzipSync('#separator \\x09\n#fields\tts\tuid\n#types\ttime\tstring\n1541117137.618695\tC1\n'),
  ],
  'suricata-eve': [
    '{"timestamp":"2024-12-17T19:17:54.565494-0500","flow_id":1234567890123456789,"event_type":"alert","src_ip":"10.0.0.5","src_port":1,"dest_ip":"10.0.0.6","dest_port":80,"proto":"TCP","alert":{"signature_id":1,"signature":"x","severity":1}}\n' +
      '{"timestamp":"2024-12-17T19:17:55Z","event_type":"dns","dns":{"queries":[{"rrname":"a.example"}],"answers":[{"rdata":"1.2.3.4"}]}}\n',
  ],
  cloudtrail: [
    JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/a', userName: 'a' },
          eventTime: '2023-05-01T10:11:12Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          sourceIPAddress: '198.51.100.2',
          errorCode: 'AccessDenied',
          requestParameters: { bucketName: 'b' },
        },
      ],
    }),
    gzipSync(JSON.stringify({ Records: [{ eventTime: '2023-05-01T10:11:12Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }] })),
  ],
  osquery: [
    '{"action":"added","calendarTime":"Thu Dec  7 17:57:33 2017 UTC","columns":{"name":"libxrender1","path":"/usr/bin/x","time":"1512669400"},"counter":"0","decorations":{"host_uuid":"U"},"epoch":"0","hostIdentifier":"h","name":"q","unixTime":"1512669453"}\n' +
      '{"name":"s","hostIdentifier":"h","calendarTime":"Thu Dec  7 17:57:33 2017 UTC","snapshot":[{"port":"22"}]}\n{"name":"d","hostIdentifier":"h","unixTime":1,"diffResults":{"added":[{"a":"1"}],"removed":[]}}\n',
  ],
  'hayabusa-json': [
    '{"Timestamp":"2024-03-17 17:24:27.519 +01:00","RuleTitle":"Logon Failure","Level":"med","Computer":"WKS-1","Channel":"Sec","EventID":4625,"RecordID":1,"Details":{"User":"taro","SrcIP":"10.1.2.3"},"MitreTags":["T1110"]}\n',
    '{\n    "Timestamp": "2024-03-17 17:24:27.519 +01:00",\n    "RuleTitle": "x",\n    "Level": "high",\n    "Computer": "DC",\n    "Details": {\n        "Proc": "C:\\\\x.exe"\n    }\n}\n{\n    "Timestamp": "2024-03-17 17:25:00.000 +01:00",\n    "RuleTitle": "y",\n    "Level": "info",\n    "Computer": "DC"\n}\n',
  ],
  'timesketch-csv': ['message,datetime,timestamp_desc,tag\n"a, b",2024-01-01T00:00:00Z,Written,"[""x""]"\nc,2024-01-01 01:00:00,Read,\n'],
  'timesketch-jsonl': [
    '{"message":"a","datetime":"2024-01-01T00:00:00+01:00","timestamp_desc":"x","tag":["t"]}\n{"message":"b","timestamp":1700000000000000}\n',
  ],
  'generic-csv': ['time;host;msg\n2024-01-01 10:00:00;h1;hello\n2024-01-02 11:00:00;h2;"quoted;text"\n', 'time,msg\n1700000000,a\n'],
  'generic-jsonl': ['{"time":"2024-01-01T00:00:00Z","msg":"a","host":"h"}\n{"time":"2024-01-02 10:00:00","msg":"b"}\n'],
  // A real SQLite file, written by SQLite: 12 events over a few 512-byte pages, with overflow.
  'plaso-storage': PYTHON_SQLITE ? [makePlasoStorage(12)] : [],
  // Two records of one template (the second refers to the first's definition), one with a nested BinXml value.
  evtx: [evtxSeed()],
  'microsoft-csv': [
    'Timestamp,DeviceId,DeviceName,ActionType,InitiatingProcessFileName,AdditionalFields\n2023-10-18T14:37:28.2012261Z,d1,pc1,ProcessCreated,cmd.exe,"{""a"":""b""}"\n',
    'TenantId,"TimeGenerated [UTC]",Type,Computer,Activity\nt,"9/13/2023, 5:05:34.381 AM",CommonSecurityLog,fw,logon\n',
  ],
  'evtx-json': [
    'Record 1\n{\n  "Event": {\n    "System": {\n      "Provider": {"#attributes": {"Name": "P"}},\n      "EventID": 4624,\n      "TimeCreated": {"#attributes": {"SystemTime": "2016-07-08T18:12:51.681640Z"}},\n      "Computer": "C"\n    },\n    "EventData": {"TargetUserName": "bob"}\n  }\n}\n',
    '[{"Event":{"System":{"Provider":"","Provider_attributes":{"Name":"P"},"EventID":1,"TimeCreated_attributes":{"SystemTime":"2019-03-19T23:29:52.316470Z"}},"EventData":{"Image":"C:\\\\x.exe"}}}]',
  ],
  'evtx-yaml': [
    "---\nEvent:\n  EventData:\n    CommandLine: 'cmd.exe /c \"whoami\"'\n    Image: C:\\Windows\\System32\\cmd.exe\n  System:\n    Channel: Microsoft-Windows-Sysmon/Operational\n    Computer: WS1\n    EventID: 1\n    Provider: ''\n    Provider_attributes:\n      Name: Microsoft-Windows-Sysmon\n    TimeCreated: null\n    TimeCreated_attributes:\n      SystemTime: 2019-03-19T23:29:52.316470Z\n  Event_attributes:\n    xmlns: http://schemas.microsoft.com/win/2004/08/events/event\n",
  ],
  velociraptor: [
    '{"Pid":42,"CommandLine":"x.exe","CreateTime":"2024-05-01T10:00:00Z","_Source":"Windows.System.Pslist"}\n',
    makeZip([
      { name: 'collection_context.json', data: '{"create_time":1714557600000000000}' },
      { name: 'results/Windows.System.Pslist.json', data: '{"Pid":42,"CreateTime":"2024-05-01T10:00:00Z"}\n{"Pid":43}\n' },
    ]),
  ],
  'kape-csv': [
    'ControlSet,CacheEntryPosition,Path,LastModifiedTimeUTC,Executed,Duplicate,SourceFile\n1,0,C:\\x.exe,2019-01-01 00:00:00,Yes,False,SYSTEM\n',
    'SourceFilename,ExecutableName,RunCount,LastRun,PreviousRun0\nC:\\Windows\\prefetch\\X.EXE-1.pf,X.EXE,2,2023-05-02 07:59:55.1000000,2023-05-01 10:15:02\n',
  ],
  tar: [
    makeTar([{ name: 'conn.log', data: '#separator \\x09\n#fields\tts\tuid\n#types\ttime\tstring\n1541117137.618695\tC1\n' }]),
    gzipSync(
      makeTar([
        {
          name: 'trail.json',
          data: JSON.stringify({ Records: [{ eventTime: '2023-05-01T10:11:12Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }] }),
        },
      ]),
    ),
  ],
  zip: [makeZip([{ name: 'logs/conn.log', data: Buffer.from('#separator \\x09\n#fields\tts\tuid\n#types\ttime\tstring\n1541117137.618695\tC1\n') }])],
  'plaso-csv': [
    'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra\n' +
      '03/14/2012,04:17:38,UTC,M...,EVT,WinEVTX,Content Modification Time,-,WKS-1,[7036] svc,[7036] Service Control Manager svc stopped,2,OS:/root/System.evtx,0,-,winevtx,record_number: 12050\n',
    'datetime,timestamp_desc,source,source_long,message,parser,display_name,tag\n2012-03-14T04:17:38.276340+00:00,Content Modification Time,EVT,WinEVTX,[7036] stopped,winevtx,OS:/root/System.evtx,-\n',
  ],
};

/** A small raw EVTX log of two records with a template and a nested BinXml value. */
export function evtxSeed(): Buffer {
  let template = 0;
  const values = (id: number) => [
    val.str('Microsoft-Windows-Security-Auditing'),
    val.u16(4624),
    val.filetime(133000000000000000n + BigInt(id)),
    val.u64(BigInt(id)),
    val.str('WKS-1'),
    val.str('10.0.0.1'),
    val.binxml(
      (x) =>
        void x
          .fragment()
          .element('Nested', [], (x) => void x.text('n'))
          .eof(),
    ),
  ];
  const body = (id: number) => (x: BinXml) => {
    x.fragment();
    const at = x.template(
      template ||
        ((x) => {
          const sub = (i: number) => (x: BinXml) => void x.sub(i);
          x.fragment()
            .element('Event', [], (x) => {
              x.element('System', [], (x) => {
                x.element('Provider', [['Name', sub(0)]])
                  .element('EventID', [], sub(1))
                  .element('TimeCreated', [['SystemTime', sub(2)]]);
                x.element('EventRecordID', [], sub(3)).element('Computer', [], sub(4));
              });
              x.element('EventData', [], (x) => void x.element('Data', [['Name', (x) => void x.text('IpAddress')]], sub(5)).element('Data', [], sub(6)));
            })
            .eof();
        }),
      values(id),
    );
    template = at;
    x.eof();
  };
  return writeEvtx([
    [
      { id: 1n, body: body(1) },
      { id: 2n, body: body(2) },
    ],
  ]);
}
