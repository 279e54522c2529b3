import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../../shared/domain/timeline';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { evtxImporter } from './evtx';

/**
 * The events a responder looks for first, as Casebook shows them from the
 * real sample logs (../shared/samples/more/evtx): message, host, user, time.
 * Field-by-field agreement with python-evtx is evtx-differential.test.ts.
 */

const read = async (file: string) => runImporter(evtxImporter, sample('more', 'evtx', file));
const first = (events: TimelineEvent[], id: string) => events.find((e) => e.attributes.EventID === id)!;

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'EVTX samples: the common events' : NO_SAMPLES_REASON, () => {
  it('a service install (System 7045), whole', async () => {
    const r = await read('eas-LM_Remote_Service02_7045.evtx');
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toEqual({
      time: us('2019-03-03T09:20:28.621Z') + 489,
      timestampDesc: 'Event Created',
      message: 'Service installed: spoolfool (cmd.exe) auto start as LocalSystem',
      source: 'System',
      host: 'WIN-77LTAPHIQ1R.example.corp',
      // The installer's SID (Security/@UserID); the service runs as AccountName.
      user: 'S-1-5-21-1587066498-1489273250-1035260531-1108',
      tags: [],
      attributes: expect.objectContaining({
        Provider: 'Service Control Manager',
        EventSourceName: 'Service Control Manager',
        EventID: '7045',
        Qualifiers: '16384',
        Channel: 'System',
        // An exported subset: the record header numbers from 1, System keeps the id the event had in its log.
        EventRecordID: '4480',
        RecordHeaderID: '1',
        TimeCreated: '2019-03-03T09:20:28.6214897Z',
        ServiceName: 'spoolfool',
        ImagePath: 'cmd.exe',
        ServiceType: 'user mode service',
        StartType: 'auto start',
        AccountName: 'LocalSystem',
        UserID: 'S-1-5-21-1587066498-1489273250-1035260531-1108',
      }),
    });
    expect(r.events.map((e) => e.attributes.TimeCreated!.slice(0, 10))).toEqual(['2019-03-03', '2019-03-03', '2019-03-19']);
  });

  it('scheduled tasks (4698/4699) with the task XML kept whole', async () => {
    const r = await read('eas-temp_scheduled_task_4698_4699.evtx');
    expect(r.events.map((e) => [e.attributes.EventRecordID, e.message])).toEqual([
      ['566836', 'Scheduled task created: \\CYAlyNSS by EXAMPLE\\Administrator'],
      ['566840', 'Scheduled task deleted: \\CYAlyNSS by EXAMPLE\\Administrator'],
    ]);
    expect(r.events[0]!.attributes.TaskContent).toMatch(/^<\?xml version="1.0" encoding="UTF-16"\?>\r?\n<Task version="1.2"[\s\S]*<\/Task>$/);
  });

  it('logons (4624) name the account logged on, Sysmon names the process, the connection and the file', async () => {
    const security = await read('omer-security.evtx');
    expect(first(security.events, '4624')).toMatchObject({
      message: 'Logon: NT AUTHORITY\\SYSTEM logon type 0 (System)',
      user: 'NT AUTHORITY\\SYSTEM',
      host: '37L4247F27-25',
    });
    expect(new Set(security.events.map((e) => e.host))).toEqual(new Set(['WIN-03DLIIOFRRA', '37L4247F27-25']));
    const sysmon = await read('omer-sysmon.evtx');
    expect(sysmon.events[0]!.attributes.EventRecordID).toBe('1742');
    expect(first(sysmon.events, '1')).toMatchObject({
      message: 'Process created: ping  -n 6 127.0.0.1 by NT AUTHORITY\\SYSTEM parent C:\\Windows\\SysWOW64\\cmd.exe',
      source: 'Microsoft-Windows-Sysmon/Operational',
    });
    expect(first(sysmon.events, '3').message).toBe(
      'Network connection: C:\\Windows\\Temp\\opera autoupdate\\CProgram FilesOpera\\installing\\installer.exe tcp 192.168.2.128:59344 -> 185.26.182.117:443',
    );
    expect(first(sysmon.events, '11').message).toBe(
      'File created: C:\\Windows\\SoftwareDistribution\\Download\\Install\\AM_Delta.exe by C:\\Windows\\system32\\svchost.exe',
    );
    expect(sysmon.entities.map((e) => `${e.type}:${e.display}`)).toEqual(
      expect.arrayContaining(['ip:185.26.182.117', 'hash:2EF394EA88D9ECACCC42E08D0DE3DF50E64E6657']),
    );
  });

  it('PowerShell script blocks (4104) and the classic log (400) say what ran', async () => {
    const blocks = await read('deepblue-Powershell-Invoke-Obfuscation-many.evtx');
    expect(first(blocks.events, '4104').message).toBe('PowerShell script block: .\\DeepBlue-0.2.ps1 "" powershell');
    expect(blocks.events.every((e) => e.message.startsWith('PowerShell script block'))).toBe(true);
    const classic = await read('yamato-T1562.010_DowngradeAttack_PowerShell.evtx');
    expect(first(classic.events, '400').message).toBe('PowerShell engine started: HostApplication=powershell calc EngineVersion=5.1.18362.145');
    expect(first(classic.events, '400').attributes).toMatchObject({ Data_1: 'Available', Data_2: 'None' });
  });

  it('a dirty Sysmon log: every chunk read despite the header, the garbage after them a warning', async () => {
    const r = await read('omer-sysmon.evtx');
    expect(r.invalid).toEqual([]);
    // The preview's estimate comes from the chunks, not from the header's stale count of 1 chunk.
    expect(r.collector.expectedRecords).toBe(358);
    expect(r.warnings).toEqual([
      'file header: the log was not closed cleanly (dirty flag); its chunk count and next record id may be stale, so every chunk slot is read',
      '8 chunk slot(s) after the last chunk (from byte 593920) hold no chunk: space the log had not written yet (the header counts 1 chunk(s)); not read',
    ]);
  });

  it('a damaged log: the chunks without magic and the cut records by offset, the well-formed records after a cut imported', async () => {
    // The decision (docs/architecture.md, "Raw EVTX"): python-evtx (270) renders the three records whose ends are zeros
    // with cut values and stops each chunk there; Casebook reports those three and reads on to the next well-formed record.
    const r = await read('omer-sample_with_a_bad_chunk_magic.evtx');
    expect(r.events).toHaveLength(298);
    expect(r.invalid.map((line) => line.replace(/^[^:]+: /, ''))).toEqual([
      "byte 12224: chunk 0: the record's size (472) is not repeated at its end (0): its last 409 of 472 bytes are zeros (cut off or overwritten; its values would be cut, so it is not read); no readable record follows it in this chunk",
      'byte 397312: chunk 6: no "ElfChnk" magic (a damaged or overwritten chunk; its records are lost; 15 well-formed record(s) remain in it (record ids 47613–47627), unreadable without the chunk header\'s string and template tables)',
      "byte 470632: chunk 7: the record's size (504) is not repeated at its end (0): its last 96 of 504 bytes are zeros (cut off or overwritten; its values would be cut, so it is not read); the next readable record is 47675 at byte 487888 (records 47641–47674 lost)",
      "byte 650816: chunk 9: the record's size (504) is not repeated at its end (0): its last 56 of 504 bytes are zeros (cut off or overwritten; its values would be cut, so it is not read); no readable record follows it in this chunk",
      'byte 659456: chunk 10: no "ElfChnk" magic (a damaged or overwritten chunk; its records are lost; 67 well-formed record(s) remain in it (record ids 45963–46029), unreadable without the chunk header\'s string and template tables)',
    ]);
    // The records after the cut in chunk 7 are real: ids consecutive up to the chunk header's last (47705), their record
    // header's id equal to System's, times after the record before the cut and in order, every field of event 325 there.
    const after = r.events.filter((e) => Number(e.attributes.RecordOffset) >= 487888 && Number(e.attributes.RecordOffset) < 462848 + 65536);
    expect(after.map((e) => Number(e.attributes.EventRecordID))).toEqual(Array.from({ length: 31 }, (_, i) => 47675 + i));
    expect(after.every((e) => e.attributes.RecordHeaderID === undefined && e.attributes.TimeWritten === e.attributes.TimeCreated)).toBe(true);
    const times = after.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const beforeCut = r.events.find((e) => e.attributes.EventRecordID === '47639')!;
    expect(times[0]).toBeGreaterThan(beforeCut.time);
    expect(after[0]).toMatchObject({
      time: us('2018-08-08T16:19:44.839Z') + 654,
      host: 'DESKTOP-1N4R894',
      source: 'Microsoft-Windows-AppXDeployment/Operational',
      attributes: expect.objectContaining({ EventID: '325', Channel: 'Microsoft-Windows-AppXDeployment/Operational' }),
    });
    expect(after.every((e) => /^[\w.]+_\w{13}$/.test(e.attributes.PackageFamilyName ?? ''))).toBe(true);
  });
});
