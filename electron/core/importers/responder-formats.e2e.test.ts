import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { formatTestEngine } from '../../../tests/unit/support/format-engine';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../tests/unit/support/samples';

/**
 * The formats responders are handed (Microsoft portal CSVs, evtx_dump JSON,
 * Velociraptor collections, Eric Zimmerman tool CSVs, tar archives of any of
 * the others) through the whole pipeline, as the app and the CLI run them:
 * detected by content, imported into a new encrypted case, queried back.
 */

const tempDir = useTempDirs();

const engine = () => formatTestEngine(tempDir(), 'responder formats test');

async function tarOf(entries: { name: string; data: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, e.data);
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

const EVTXECMD = [
  'RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload',
  '1,7,2023-05-01 10:20:30.1234567,4688,LogAlways,Microsoft-Windows-Security-Auditing,Security,4,8,WS01,0,,A new process has been created,CORP\\alice,,,,,,,,C:\\Users\\alice\\x.exe -c 203.0.113.80,False,Security.evtx,,0,',
].join('\n');
const AH =
  'Timestamp,DeviceId,DeviceName,ActionType,InitiatingProcessFileName,RemoteIP,RemotePort\n2024-03-01T12:00:00.1234567Z,d1,ws02,ConnectionSuccess,powershell.exe,198.51.100.23,443\n';

describe('formats responders are handed, end to end', () => {
  it('a .tgz of an EvtxECmd CSV and a Defender export: detected inside, one case, entities from both', async () => {
    const { call, write } = await engine();
    const file = write(
      'triage.tgz',
      gzipSync(
        await tarOf([
          { name: 'EvtxECmd/20230501_EvtxECmd_Output.csv', data: EVTXECMD },
          { name: 'ah/export.csv', data: AH },
        ]),
      ),
    );
    expect((await call('import.preview', { file })).format).toBe('tar');
    const { report } = await call('import.start', { taskId: 't', file });
    expect(report).toMatchObject({ format: 'tar', counts: { events: 2 }, skippedTotal: 0, zonelessTimes: 0, warnings: [] });
    const page = await call('timeline.page', { caseId: report.caseIds[0]!, filter: {}, limit: 10 });
    expect(page.events.map((e) => [e.source, e.host, e.user])).toEqual([
      ['EvtxECmd', 'WS01', 'CORP\\alice'],
      ['Microsoft Defender XDR advanced hunting', 'ws02', ''],
    ]);
    const ips = await call('timeline.page', { caseId: report.caseIds[0]!, filter: { text: '198.51.100.23' }, limit: 10 });
    expect(ips.events).toHaveLength(1);
  });

  it('a pcap is refused saying to run Zeek first; nothing is created', async () => {
    const { call, write, attempt } = await engine();
    const file = write('capture.pcap', Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]), Buffer.alloc(64)]));
    const refused = await attempt('import.start', { taskId: 't', file });
    expect(!refused.ok && refused.error.message).toBe(
      'capture.pcap: this is a packet capture (pcap), which Casebook does not read directly: run Zeek (or Suricata) on it and import the logs it writes',
    );
    expect((await call('cases.list', {})).cases).toEqual([]);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the samples' : NO_SAMPLES_REASON, () => {
    it.each([
      ['microsoft-csv', 'defender-ah/dafneb-advanced_hunting_test.csv', 26],
      ['microsoft-csv', 'sentinel-export/sentinel-asim-CrowdStrike_Falcon_ASimAuthentication_IngestedLogs.csv', 10],
      ['evtx-json', 'evtx-json/evtx_dump-event_with_multiple_nodes_same_name.json', 1],
      ['velociraptor', 'velociraptor/Collection-WIN-E5K9RC5GU23-2021-11-21T18_05_56-08_00.zip', 6],
    ])('%s: %s is detected and imported whole (%i events)', async (format, file, events) => {
      const { call } = await engine();
      const { report } = await call('import.start', { taskId: 't', file: sample('more', ...file.split('/')) });
      expect(report).toMatchObject({ format, counts: { events }, skippedTotal: 0, zonelessTimes: 0 });
      const page = await call('timeline.page', { caseId: report.caseIds[0]!, filter: {}, limit: 1 });
      expect(page.events).toHaveLength(1);
    });
  });
});
