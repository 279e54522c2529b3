import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { chooseImporter, readSample } from '../registry';
import { ezCsv } from './ez-csv';
import { ezTimeIso } from './ez-tools';

/** Header-faithful fixtures written by hand (tests/fixtures/ez-tools/README.md): no tool output is in the sample corpus. */
const fixture = (name: string) => path.resolve(__dirname, '../../../../tests/fixtures/ez-tools', name);

async function imported(name: string) {
  const file = fixture(name);
  const { importer } = chooseImporter(await readSample(file, name));
  expect(importer.format).toBe('kape-csv');
  const r = await runImporter(ezCsv, file);
  expect(r.error).toBeNull();
  expect(r.invalid).toEqual([]);
  expect(r.zoneless).toBe(0);
  return { ...r, found: r.entities.map((e) => `${e.type}:${e.display}`) };
}

describe('KAPE / Eric Zimmerman tool CSVs, detected by header', () => {
  it('reads the tools’ UTC times as UTC', () => {
    expect(ezTimeIso('2023-05-01 10:20:30.1234567')).toBe('2023-05-01T10:20:30.1234567Z');
    expect(ezTimeIso('2019-01-01 00:00:00')).toBe('2019-01-01T00:00:00Z');
    expect(ezTimeIso('5/1/2023 10:20')).toBe('5/1/2023 10:20');
  });

  it('EvtxECmd: TimeCreated, Computer, UserName, the map description and payloads as the message', async () => {
    const r = await imported('20230501_EvtxECmd_Output.csv');
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({
      time: us('2023-05-01T10:20:30.123Z') + 456,
      timestampDesc: 'Event Created',
      source: 'EvtxECmd',
      host: 'WS01.corp.local',
      user: 'CORP\\alice',
      message: 'Security 4624: Successful logon | Target: CORP\\alice | LogonType 3 | LogonId: 0x3E7',
    });
    expect(r.events[0]!.attributes).toMatchObject({ EventRecordId: '4711', RemoteHost: 'WS99 (10.1.2.3)', Tool: 'EvtxECmd' });
    expect(r.found).toEqual(
      expect.arrayContaining(['device:WS01.corp.local', 'user:CORP\\alice', 'ip:10.1.2.3', 'process:C:\\Windows\\System32\\cmd.exe /c whoami']),
    );
  });

  it('MFTECmd $MFT: an event per distinct timestamp, a timestomped $SI beside the true $FN creation', async () => {
    const r = await imported('20230501_MFTECmd_$MFT_Output.csv');
    expect(r.events.map((e) => [e.time, e.timestampDesc])).toEqual([
      [us('2019-01-01T00:00:00Z'), 'File created ($SI); File modified ($SI)'],
      [us('2023-05-01T10:15:02.912Z'), 'MFT record changed ($SI); File accessed ($SI)'],
      [us('2023-05-01T10:15:02.555Z'), 'File created ($FN)'],
    ]);
    expect(r.events[0]!.message).toBe('.\\Users\\alice\\Downloads\\invoice.exe');
    expect(r.found).toEqual(expect.arrayContaining(['filePath:.\\Users\\alice\\Downloads\\invoice.exe', 'url:https://files.example.net/invoice.exe']));
  });

  it('MFTECmd $J: UpdateTimestamp and the update reasons', async () => {
    const r = await imported('20230501_MFTECmd_$J_Output.csv');
    expect(r.events).toEqual([
      expect.objectContaining({ time: us('2023-05-01T10:15:02.555Z'), source: 'MFTECmd ($J)', message: 'FileCreate: .\\Users\\alice\\Downloads\\invoice.exe' }),
    ]);
  });

  it('PECmd: the last run and each earlier run; its timeline CSV one run per row', async () => {
    const r = await imported('20230501_PECmd_Output.csv');
    expect(r.events.map((e) => [e.time, e.timestampDesc])).toEqual([
      [us('2023-05-02T07:59:55.100Z'), 'Prefetch: last run'],
      [us('2023-05-01T10:15:02.700Z'), 'Prefetch: earlier run'],
    ]);
    expect(r.events[0]!.message).toBe('INVOICE.EXE ran (prefetch INVOICE.EXE-1C2D3E4F.pf, run count 2)');
    const timeline = await imported('20230501_PECmd_Output_Timeline.csv');
    expect(timeline.events).toEqual([expect.objectContaining({ time: us('2023-05-02T07:59:55Z'), source: 'PECmd (timeline)' })]);
    expect(timeline.found).toContain('process:\\VOLUME{01d5a1b2c3d4e5f6-1a2b3c4d}\\USERS\\ALICE\\DOWNLOADS\\INVOICE.EXE');
  });

  it('AmcacheParser: file entries at their key’s write time with path and SHA-1; other Amcache tables by KeyLastWriteTimestamp', async () => {
    const files = await imported('20230501_Amcache_UnassociatedFileEntries.csv');
    expect(files.events).toEqual([
      expect.objectContaining({
        time: us('2023-05-01T10:15:40.444Z'),
        source: 'AmcacheParser (file entries)',
        message: 'c:\\users\\alice\\downloads\\invoice.exe (Invoice Viewer 1.0.0.1)',
      }),
    ]);
    expect(files.found).toEqual(expect.arrayContaining(['process:c:\\users\\alice\\downloads\\invoice.exe', 'hash:0123456789abcdef0123456789abcdef01234567']));
    const drivers = await imported('20230501_Amcache_DriverBinaries.csv');
    expect(drivers.events).toEqual([expect.objectContaining({ time: us('2023-05-01T10:16:00Z'), source: 'AmcacheParser', message: 'evil.sys 1.0 Unknown' })]);
  });

  it('AppCompatCacheParser: the file’s modification time, executed or not', async () => {
    const r = await imported('20230501_AppCompatCache.csv');
    expect(r.events).toEqual([
      expect.objectContaining({
        time: us('2019-01-01T00:00:00Z'),
        timestampDesc: 'File modified (shimcache)',
        message: 'C:\\Users\\alice\\Downloads\\invoice.exe (executed)',
      }),
    ]);
  });

  it('RECmd: the key’s last write, the hive’s owner as the user', async () => {
    const r = await imported('20230501_RECmd_Batch_Kroll_Batch_Output.csv');
    expect(r.events).toEqual([
      expect.objectContaining({
        time: us('2023-05-01T10:17:00Z'),
        user: 'alice',
        message: 'Run key: Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater = C:\\Users\\alice\\AppData\\Roaming\\upd.exe --silent',
      }),
    ]);
  });

  it('LECmd and JLECmd: first and last open, the machine the target was on', async () => {
    const lnk = await imported('20230501_LECmd_Output.csv');
    expect(lnk.events.map((e) => [e.time, e.timestampDesc, e.host])).toEqual([
      [us('2023-05-01T10:15:03Z'), 'Link created (target first opened)', 'ws01'],
      [us('2023-05-02T07:59:54Z'), 'Link modified (target last opened)', 'ws01'],
    ]);
    expect(lnk.events[0]!.message).toBe('invoice.lnk → C:\\Users\\alice\\Downloads\\invoice.exe');
    const jump = await imported('20230501_AutomaticDestinations.csv');
    expect(jump.events.map((e) => [e.time, e.timestampDesc, e.source, e.message])).toEqual([
      [us('2023-05-02T07:59:54Z'), 'Jump list: last used', 'JLECmd', 'Quick Access: C:\\Users\\alice\\Downloads\\invoice.exe'],
      [us('2023-05-01T10:15:03Z'), 'Jump list: entry created', 'JLECmd', 'Quick Access: C:\\Users\\alice\\Downloads\\invoice.exe'],
    ]);
    expect(jump.found).toContain('filePath:C:\\Users\\alice\\Downloads\\invoice.exe');
  });

  it('a row without any time is an invalid record naming the tool and its time columns', async () => {
    const csv = 'ControlSet,CacheEntryPosition,Path,LastModifiedTimeUTC,Executed,Duplicate,SourceFile\n1,0,C:\\x.exe,,No,False,SYSTEM\n';
    const r = await runImporter(ezCsv, Buffer.from(csv), { name: 'shim.csv' });
    expect(r.invalid).toEqual(['shim.csv: line 2, field "LastModifiedTimeUTC": the AppCompatCacheParser row has no time (LastModifiedTimeUTC empty)']);
  });
});
