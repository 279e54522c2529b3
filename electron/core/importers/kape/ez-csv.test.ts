import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { chooseImporter, readSample } from '../registry';
import { ezCsv } from './ez-csv';
import { ezTimeIso } from './ez-tools';

/**
 * Each Eric Zimmerman tool's CSV (tests/fixtures/ez-tools/README.md: the header each tool writes, from
 * its source), one row per file: detected by header, the events it gives (time and kind of time, in
 * order), the first event's host, user, message and source, the entities it names, and any warning.
 */
const fixture = (name: string) => path.resolve(__dirname, '../../../../tests/fixtures/ez-tools', name);

interface Expected {
  file: string;
  source: string;
  events: [time: number, timestampDesc: string][];
  host?: string;
  user?: string;
  message?: string;
  found?: string[];
  warnings?: string[];
}

const TOOLS: Expected[] = [
  {
    file: '20230501_EvtxECmd_Output.csv',
    source: 'EvtxECmd',
    events: [
      [us('2023-05-01T10:20:30.123Z') + 456, 'Event Created'],
      [us('2023-05-01T10:21:00Z'), 'Event Created'],
    ],
    host: 'WS01.corp.local',
    user: 'CORP\\alice',
    message: 'Security 4624: Successful logon | Target: CORP\\alice | LogonType 3 | LogonId: 0x3E7',
    found: ['device:WS01.corp.local', 'user:CORP\\alice', 'ip:10.1.2.3', 'process:C:\\Windows\\System32\\cmd.exe /c whoami'],
  },
  {
    // A timestomped $SI beside the true $FN creation: one event per distinct time.
    file: '20230501_MFTECmd_$MFT_Output.csv',
    source: 'MFTECmd ($MFT)',
    events: [
      [us('2019-01-01T00:00:00Z'), 'File created ($SI); File modified ($SI)'],
      [us('2023-05-01T10:15:02.912Z'), 'MFT record changed ($SI); File accessed ($SI)'],
      [us('2023-05-01T10:15:02.555Z'), 'File created ($FN)'],
    ],
    message: '.\\Users\\alice\\Downloads\\invoice.exe',
    found: ['filePath:.\\Users\\alice\\Downloads\\invoice.exe', 'url:https://files.example.net/invoice.exe'],
  },
  {
    file: '20230501_MFTECmd_$J_Output.csv',
    source: 'MFTECmd ($J)',
    events: [[us('2023-05-01T10:15:02.555Z'), 'USN journal update']],
    message: 'FileCreate: .\\Users\\alice\\Downloads\\invoice.exe',
  },
  {
    file: '20230502_MFTECmd_$I30_Output.csv',
    source: 'MFTECmd ($I30)',
    events: [
      [us('2023-05-01T10:15:02.555Z') + 123, 'File created ($I30)'],
      [us('2023-05-01T10:15:03Z'), 'File modified ($I30); MFT record changed ($I30); File accessed ($I30)'],
      [us('2023-05-01T10:16:40.1Z'), 'File created ($I30); File modified ($I30); File accessed ($I30)'],
      [us('2023-05-01T10:16:41.2Z'), 'MFT record changed ($I30)'],
    ],
    message: 'invoice.exe in folder MFT entry 98231-2',
  },
  {
    file: '20230502_MFTECmd_$Boot_Output.csv',
    source: 'MFTECmd ($Boot)',
    events: [],
    found: ['other:NTFS volume 6A3C-4F05-A4B1-03F2'],
    warnings: ['MFTECmd ($Boot) output has no times: its rows are read as entities (the volume, with its serial number and geometry), not as timeline events'],
  },
  {
    file: '20230502_MFTECmd_$SDS_Output.csv',
    source: 'MFTECmd ($SDS)',
    events: [],
    found: [
      'user:S-1-5-32-544',
      'securityGroup:S-1-5-18',
      'user:S-1-5-21-1587066498-1489273250-1035260531-1108',
      'securityGroup:S-1-5-21-1587066498-1489273250-1035260531-513',
    ],
    warnings: [
      'MFTECmd ($SDS) output has no times: its rows are read as entities (the owner and group SIDs of the security descriptors), not as timeline events',
    ],
  },
  {
    // The last run and each earlier run.
    file: '20230501_PECmd_Output.csv',
    source: 'PECmd',
    events: [
      [us('2023-05-02T07:59:55.100Z'), 'Prefetch: last run'],
      [us('2023-05-01T10:15:02.700Z'), 'Prefetch: earlier run'],
    ],
    message: 'INVOICE.EXE ran (prefetch INVOICE.EXE-1C2D3E4F.pf, run count 2)',
  },
  {
    file: '20230501_PECmd_Output_Timeline.csv',
    source: 'PECmd (timeline)',
    events: [[us('2023-05-02T07:59:55Z'), 'Prefetch: run']],
    message: '\\VOLUME{01d5a1b2c3d4e5f6-1a2b3c4d}\\USERS\\ALICE\\DOWNLOADS\\INVOICE.EXE ran',
    found: ['process:\\VOLUME{01d5a1b2c3d4e5f6-1a2b3c4d}\\USERS\\ALICE\\DOWNLOADS\\INVOICE.EXE'],
  },
  {
    file: '20230501_Amcache_UnassociatedFileEntries.csv',
    source: 'AmcacheParser (file entries)',
    events: [[us('2023-05-01T10:15:40.444Z'), 'Amcache entry written']],
    message: 'c:\\users\\alice\\downloads\\invoice.exe (Invoice Viewer 1.0.0.1)',
    found: ['process:c:\\users\\alice\\downloads\\invoice.exe', 'hash:0123456789abcdef0123456789abcdef01234567'],
  },
  {
    file: '20230501_Amcache_DriverBinaries.csv',
    source: 'AmcacheParser',
    events: [[us('2023-05-01T10:16:00Z'), 'Amcache entry written']],
    message: 'evil.sys 1.0 Unknown',
  },
  {
    file: '20230501_AppCompatCache.csv',
    source: 'AppCompatCacheParser',
    events: [[us('2019-01-01T00:00:00Z'), 'File modified (shimcache)']],
    message: 'C:\\Users\\alice\\Downloads\\invoice.exe (executed)',
  },
  {
    // The hive's owner is the user.
    file: '20230501_RECmd_Batch_Kroll_Batch_Output.csv',
    source: 'RECmd',
    events: [[us('2023-05-01T10:17:00Z'), 'Registry key written']],
    user: 'alice',
    message: 'Run key: Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater = C:\\Users\\alice\\AppData\\Roaming\\upd.exe --silent',
  },
  {
    file: '20230501_LECmd_Output.csv',
    source: 'LECmd',
    events: [
      [us('2023-05-01T10:15:03Z'), 'Link created (target first opened)'],
      [us('2023-05-02T07:59:54Z'), 'Link modified (target last opened)'],
    ],
    host: 'ws01',
    message: 'invoice.lnk → C:\\Users\\alice\\Downloads\\invoice.exe',
  },
  {
    file: '20230501_AutomaticDestinations.csv',
    source: 'JLECmd',
    events: [
      [us('2023-05-02T07:59:54Z'), 'Jump list: last used'],
      [us('2023-05-01T10:15:03Z'), 'Jump list: entry created'],
    ],
    host: 'ws01',
    message: 'Quick Access: C:\\Users\\alice\\Downloads\\invoice.exe',
    found: ['filePath:C:\\Users\\alice\\Downloads\\invoice.exe'],
  },
  {
    // No DestList: the jump list file's own times and the target's times its link recorded.
    file: '20230502_CustomDestinations.csv',
    source: 'JLECmd (custom destinations)',
    events: [
      [us('2023-05-02T07:59:58Z'), 'Jump list modified (custom destinations); Target accessed (as the link recorded it)'],
      [us('2023-04-20T08:00:01Z'), 'Jump list created (custom destinations)'],
      [us('2023-04-01T09:12:44Z'), 'Target created (as the link recorded it)'],
      [us('2023-04-28T17:03:10Z'), 'Target modified (as the link recorded it)'],
    ],
    host: 'ws01',
    message: 'Chrome: Tasks → C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe --incognito https://files.example.net/invoice.exe',
    found: ['filePath:C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'url:https://files.example.net/invoice.exe', 'device:ws01'],
  },
];

describe('KAPE / Eric Zimmerman tool CSVs, detected by header', () => {
  it('reads the tools’ UTC times as UTC', () => {
    expect(ezTimeIso('2023-05-01 10:20:30.1234567')).toBe('2023-05-01T10:20:30.1234567Z');
    expect(ezTimeIso('2019-01-01 00:00:00')).toBe('2019-01-01T00:00:00Z');
    expect(ezTimeIso('5/1/2023 10:20')).toBe('5/1/2023 10:20');
  });

  it.each(TOOLS)('$source ($file)', async (expected) => {
    const file = fixture(expected.file);
    expect(chooseImporter(await readSample(file, expected.file)).importer.format).toBe('kape-csv');
    const r = await runImporter(ezCsv, file);
    expect({ error: r.error, invalid: r.invalid, zoneless: r.zoneless, warnings: r.warnings }).toEqual({
      error: null,
      invalid: [],
      zoneless: 0,
      warnings: expected.warnings ?? [],
    });
    expect(r.events.map((e) => [e.time, e.timestampDesc])).toEqual(expected.events);
    expect(r.events.every((e) => e.source === expected.source && e.attributes.Tool === expected.source)).toBe(true);
    if (r.events[0]) {
      expect(r.events[0]).toMatchObject({ host: expected.host ?? '', user: expected.user ?? '' });
      expect(r.events[0].message).toBe(expected.message);
    }
    expect(r.entities.map((e) => `${e.type}:${e.display}`)).toEqual(expect.arrayContaining(expected.found ?? []));
  });

  it('a row without any time is an invalid record naming the tool and its time columns', async () => {
    const csv = 'ControlSet,CacheEntryPosition,Path,LastModifiedTimeUTC,Executed,Duplicate,SourceFile\n1,0,C:\\x.exe,,No,False,SYSTEM\n';
    const r = await runImporter(ezCsv, Buffer.from(csv), { name: 'shim.csv' });
    expect(r.invalid).toEqual(['shim.csv: line 2, field "LastModifiedTimeUTC": the AppCompatCacheParser row has no time (LastModifiedTimeUTC empty)']);
  });
});
