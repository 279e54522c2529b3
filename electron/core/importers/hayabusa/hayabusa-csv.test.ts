import { describe, expect, it } from 'vitest';
import { runImporter, us, type HarnessResult } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { factsOf, parseDetails, parseYamlFields } from './details';
import { hayabusaCsv } from './hayabusa-csv';

const SAMPLE = sample('hayabusa', 'hayabusa-sample-evtx-ResultsDefaultSettings.csv');

/** Hayabusa 2.x standard profile: abbreviated levels, ' ¦ ' between Details pairs, MITRE columns. */
const HAYABUSA_2 = [
  '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","RecordID","MitreTactics","MitreTags","Details","ExtraFieldInfo","RuleID"',
  '"2019-07-19 14:57:04.412 +00:00","Proc Exec (Non-Exe Filetype)","high","MSEDGEWIN10","Sysmon","1","4070","Evas","T1036","Cmdline: C:\\Users\\IEUser\\AppData\\Local\\Temptcm.tmp -decode c:\\file.exe file.txt ¦ Proc: C:\\Users\\IEUser\\AppData\\Local\\Temptcm.tmp ¦ User: MSEDGEWIN10\\IEUser ¦ ParentCmdline: cmd.exe /c C:\\Users\\IEUser\\AppData\\Local\\Temptcm.tmp ¦ PID: 6260 ¦ Hashes: MD5=A95672C643FB8521FAB9B7CAE1366F7E,SHA256=314AA91A2AD777E9B5ED8A1E0F4AB7CD1FF1F44E2AC1B6B5C1D3D2E6F9A8B7C6","Company: - ¦ Product: -","8ac03a65-6c84-4116-acad-dc1558ff7a77"',
  '"2024-03-17 17:24:27.519 +01:00","Logon Failure (Wrong Password)","MED","SWAttckd.swtestnet.com","Sec","4625","1559732","CredAccess ¦ LatMov","T1110 ¦ T1021.002","User: taro ¦ SrcComp: KALI ¦ SrcIP: 10.1.2.3 ¦ LogonType: 3","","5b0b75dc-9190-4047-b9a8-14164cee8a31"',
  '"2024-03-17 17:25:00.000 +01:00","Logon (Network)","info","SWAttckd.swtestnet.com","Sec","4624","1559733","","","User: taro ¦ SrcIP: 10.1.2.3","","-"',
  '"2024-03-17 17:26:00.000 +01:00","Odd rule","Severe","SWAttckd.swtestnet.com","Sec","4688","1559734","","","Proc: C:\\Windows\\System32\\cmd.exe","","-"',
].join('\r\n');

/** Chainsaw `hunt --csv` output of its Sigma group (Event Data is YAML). */
const CHAINSAW = [
  'timestamp,detections,path,count,Event.System.Provider,Event ID,Record ID,Computer,Event Data',
  '2019-03-19T23:34:25.698264+00:00,Mimikatz Use;Suspicious Process Access,C:\\logs\\sysmon.evtx,1,Microsoft-Windows-Sysmon,10,5012,MSEDGEWIN10,"SourceImage: C:\\Users\\IEUser\\mimikatz.exe',
  'TargetImage: C:\\Windows\\system32\\lsass.exe',
  "GrantedAccess: '0x1010'",
  'User: MSEDGEWIN10\\IEUser"',
  '2019-03-19T23:40:00+00:00,Failed Logon From Public IP,C:\\logs\\security.evtx,1,Microsoft-Windows-Security-Auditing,4625,802,DC01,"IpAddress: 203.0.113.9',
  'TargetUserName: admin',
  'LogonType: 3"',
].join('\n');

describe('Hayabusa Details', () => {
  it('splits 2.x pairs on ¦ and 1.x pairs on "  :  ", dropping parts without a key', () => {
    expect(parseDetails('Cmdline: a b: c ¦ Proc: C:\\x.exe ¦ Bootup')).toEqual([
      ['Cmdline', 'a b: c'],
      ['Proc', 'C:\\x.exe'],
    ]);
    expect(parseDetails('Source User: IEUser  :  Target User: rdavis  :  IP Address: -')).toEqual([
      ['Source User', 'IEUser'],
      ['Target User', 'rdavis'],
      ['IP Address', '-'],
    ]);
    expect(parseDetails('Bootup')).toEqual([]);
  });

  it('turns named fields into entities: users, addresses, the process with its command line and PID, hashes, hosts', () => {
    const facts = factsOf(
      parseDetails(
        'Cmdline: cmd /c whoami ¦ Proc: C:\\Windows\\System32\\cmd.exe ¦ PID: 0x2720 ¦ User: taro ¦ SrcIP: ::ffff:10.0.0.5 ¦ TgtIP: - ¦ SrcComp: KALI ¦ Hashes: MD5=A95672C643FB8521FAB9B7CAE1366F7E',
      ),
    );
    expect(facts.user).toBe('taro');
    expect(facts.entities).toEqual([
      { type: 'process', value: 'C:\\Windows\\System32\\cmd.exe', attributes: { commandLine: 'cmd /c whoami', pid: '0x2720' } },
      { type: 'user', value: 'taro' },
      { type: 'ip', value: '10.0.0.5' },
      { type: 'device', value: 'KALI' },
      { type: 'hash', value: 'A95672C643FB8521FAB9B7CAE1366F7E' },
    ]);
  });

  it('takes a 1.x "Path" as a process only when it names an executable (a service Path is a command line)', () => {
    expect(factsOf(parseDetails('Command: plink.exe -R 1:2  :  Path: C:\\Users\\IEUser\\Desktop\\plink.exe')).entities).toEqual([
      { type: 'process', value: 'C:\\Users\\IEUser\\Desktop\\plink.exe', attributes: { commandLine: 'plink.exe -R 1:2' } },
    ]);
    expect(factsOf(parseDetails('Service: X  :  Path: %COMSPEC% /b /c start powershell.exe -nop')).entities).toEqual([]);
  });

  it('reads the top-level fields of Chainsaw YAML', () => {
    expect(parseYamlFields('Image: C:\\a.exe\nGrantedAccess: \'0x1010\'\nNested:\n  Inner: x\nQuoted: "a\\tb"')).toEqual([
      ['Image', 'C:\\a.exe'],
      ['GrantedAccess', '0x1010'],
      ['Quoted', 'a\tb'],
    ]);
  });
});

describe('Hayabusa and Chainsaw CSV', () => {
  it('claims Hayabusa and Chainsaw headers by content, and nothing else', () => {
    const claim = (text: string) => hayabusaCsv.sniff({ name: 'x.csv', size: text.length, head: Buffer.from(text), text });
    expect(claim(HAYABUSA_2)).toBe(0.97);
    expect(claim('Timestamp,Computer,EventID,Level,RuleTitle,Details,RulePath,FilePath\n')).toBe(0.97);
    // Hayabusa's own "timesketch" profile: Timesketch columns, but Hayabusa's Level and RuleFile make it a detection file.
    expect(claim('datetime,timestamp_desc,message,Computer,Channel,EventID,Level,RuleFile,EvtxFile\n')).toBe(0.97);
    expect(claim(CHAINSAW)).toBe(0.95);
    expect(claim('datetime,timestamp_desc,message\n')).toBe(0);
    expect(claim('timestamp,message\n')).toBe(0);
  });

  it('maps a Hayabusa 2.x file: levels in any spelling, offsets to UTC, MITRE tags, alerts from medium up with their entities', async () => {
    const r = await runImporter(hayabusaCsv, Buffer.from(HAYABUSA_2), { name: 'hayabusa.csv', chunk: 50 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events.map((e) => e.time)).toEqual([
      us('2019-07-19T14:57:04.412Z'),
      us('2024-03-17T16:24:27.519Z'),
      us('2024-03-17T16:25:00Z'),
      us('2024-03-17T16:26:00Z'),
    ]);
    expect(r.events[1]).toMatchObject({
      message: 'Logon Failure (Wrong Password) — User: taro ¦ SrcComp: KALI ¦ SrcIP: 10.1.2.3 ¦ LogonType: 3',
      host: 'SWAttckd.swtestnet.com',
      user: 'taro',
      source: 'Hayabusa',
      tags: ['medium', 'CredAccess', 'LatMov', 'T1110', 'T1021.002'],
    });
    expect(r.events[1]!.attributes).toMatchObject({ Channel: 'Sec', EventID: '4625', RecordID: '1559732', Level: 'MED' });
    // 'Severe' is no Hayabusa level: read as informational, with a warning naming it.
    expect(r.warnings).toEqual(['line 5: level "Severe" is not a known detection level; read as informational']);
    expect(r.events[3]!.tags).toEqual(['informational']);

    expect(r.alerts.map((a) => [a.title, a.severity])).toEqual([
      ['Proc Exec (Non-Exe Filetype)', 'high'],
      ['Logon Failure (Wrong Password)', 'medium'],
    ]);
    const [exec, logon] = r.alerts;
    expect(exec).toMatchObject({
      externalId: '8ac03a65-6c84-4116-acad-dc1558ff7a77|MSEDGEWIN10|2019-07-19 14:57:04.412 +00:00|1|4070|',
      status: 'new',
      category: 'Evas',
      detectionSource: 'Hayabusa',
      createdAt: '2019-07-19T14:57:04.412000Z',
      mitreTechniques: ['T1036'],
    });
    expect(logon).toMatchObject({ category: 'CredAccess', mitreTechniques: ['T1110', 'T1021.002'] });
    const entity = (id: string) => r.entities.find((e) => e.id === id)!;
    expect(exec!.entityIds.map((id) => `${entity(id).type}:${entity(id).key}`)).toEqual([
      'device:msedgewin10',
      'process:c:\\users\\ieuser\\appdata\\local\\temptcm.tmp',
      'user:msedgewin10\\ieuser',
      'hash:a95672c643fb8521fab9b7cae1366f7e',
      'hash:314aa91a2ad777e9b5ed8a1e0f4ab7cd1ff1f44e2ac1b6b5c1d3d2e6f9a8b7c6',
    ]);
    expect(entity(exec!.entityIds[1]!).attributes).toMatchObject({
      commandLine: 'C:\\Users\\IEUser\\AppData\\Local\\Temptcm.tmp -decode c:\\file.exe file.txt',
      pid: '6260',
    });
    expect(logon!.entityIds.map((id) => `${entity(id).type}:${entity(id).key}`)).toEqual([
      'device:swattckd.swtestnet.com',
      'user:taro',
      'device:kali',
      'ip:10.1.2.3',
    ]);
  });

  it('maps Chainsaw rows: rule names as the title, YAML Event Data as entities, every detection an alert (no levels in its CSV)', async () => {
    const r = await runImporter(hayabusaCsv, Buffer.from(CHAINSAW), { name: 'sigma.csv' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({ time: us('2019-03-19T23:34:25.698Z') + 264, source: 'Chainsaw', host: 'MSEDGEWIN10', user: 'MSEDGEWIN10\\IEUser' });
    expect(r.alerts.map((a) => [a.title, a.severity, a.detectionSource])).toEqual([
      ['Mimikatz Use; Suspicious Process Access', 'medium', 'Chainsaw'],
      ['Failed Logon From Public IP', 'medium', 'Chainsaw'],
    ]);
    expect(r.warnings).toEqual(['Chainsaw CSV carries no rule level: every detection became a medium-severity alert']);
    const keys = (i: number) => r.alerts[i]!.entityIds.map((id) => r.entities.find((e) => e.id === id)!).map((e) => `${e.type}:${e.key}`);
    expect(keys(0)).toEqual([
      'device:msedgewin10',
      'process:c:\\users\\ieuser\\mimikatz.exe',
      'process:c:\\windows\\system32\\lsass.exe',
      'user:msedgewin10\\ieuser',
    ]);
    expect(keys(1)).toEqual(['device:dc01', 'ip:203.0.113.9', 'user:admin']);
  });

  it('names the line of a bad time or a short row, and refuses a file that is not a detection CSV', async () => {
    const bad = await runImporter(
      hayabusaCsv,
      Buffer.from('Timestamp,Computer,EventID,Level,RuleTitle,Details,RulePath,FilePath\nyesterday,PC,1,high,T,,r,f\n2020-01-01 00:00:00 +00:00,PC,1\n'),
      { name: 'bad.csv' },
    );
    expect(bad.invalid).toEqual([
      'bad.csv: line 2, field "Timestamp": "yesterday" is not a time this importer understands',
      'bad.csv: line 3: has 3 fields, the header has 8',
    ]);
    const other = await runImporter(hayabusaCsv, Buffer.from('a,b\n1,2\n'), { name: 'other.csv' });
    expect(other.error?.message).toMatch(/other\.csv: line 1: not a Hayabusa or Chainsaw CSV header .* its columns are: a, b/);
    const unterminated = await runImporter(
      hayabusaCsv,
      Buffer.from('Timestamp,Computer,EventID,Level,RuleTitle,Details,RulePath,FilePath\n2020-01-01 00:00:00 +00:00,PC,1,high,T,"never closed\n'),
      {
        name: 'quote.csv',
      },
    );
    expect(unterminated.error?.message).toBe('quote.csv: line 2: a quoted field is never closed (unterminated quote)');
    const binary = await runImporter(hayabusaCsv, Buffer.from([0x54, 0x69, 0x00, 0xff, 0x10]), { name: 'garbage.csv' });
    expect(binary.error?.message).toMatch(/garbage\.csv: byte 2 is a NUL byte: this is a binary file/);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Hayabusa sample results (10,072 rows)' : NO_SAMPLES_REASON, () => {
    // One import of the sample, shared by the tests below (and timed: about 0.7 s on an idle 2-core machine).
    let imported: Promise<{ r: HarnessResult; elapsed: number }> | null = null;
    const importSample = () =>
      (imported ??= (async () => {
        const started = performance.now();
        const r = await runImporter(hayabusaCsv, SAMPLE);
        return { r, elapsed: performance.now() - started };
      })());

    it('is claimed by the Hayabusa importer', async () => {
      expect(hayabusaCsv.sniff(await readSample(SAMPLE, 'sample.csv'))).toBe(0.97);
    });

    it('imports every row as an event, with +09:00 local times as the right UTC instants, quickly', async () => {
      const { r, elapsed } = await importSample();
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.events).toHaveLength(10_072);
      expect(r.zoneless).toBe(0);
      expect(r.events[0]).toMatchObject({
        time: us('2013-10-23T16:16:13.843Z'),
        message: 'Logon Type 0 - System — Bootup',
        host: '37L4247D28-05',
        tags: ['informational'],
      });
      expect(r.events.at(-1)!.time).toBe(us('2021-11-18T07:42:54.822Z'));
      const hosts = new Set(r.events.map((e) => e.host));
      expect(hosts.size).toBe(53);
      const levels: Record<string, number> = {};
      for (const e of r.events) levels[e.tags[0]!] = (levels[e.tags[0]!] ?? 0) + 1;
      expect(levels).toEqual({ informational: 4414, low: 3725, medium: 449, high: 1350, critical: 134 });
      // A guard against gross regressions (a busy CI machine is several times slower), not a benchmark.
      expect(elapsed).toBeLessThan(10_000);
    });

    it('makes an alert of each distinct detection from medium up (1,933 rows, 178 of them exact repeats)', async () => {
      const { r } = await importSample();
      const bySeverity: Record<string, number> = {};
      for (const a of r.alerts) bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
      expect(bySeverity).toEqual({ critical: 111, high: 1256, medium: 388 });
      expect(r.alerts).toHaveLength(1755);

      const dcsync = r.alerts.find((a) => a.title === 'Powerview Add-DomainObjectAcl DCSync AD Extend Right')!;
      expect(dcsync).toMatchObject({ severity: 'critical', createdAt: '2019-02-02T09:17:27.629000Z', detectionSource: 'Hayabusa' });
      expect(dcsync.entityIds.map((id) => r.entities.find((e) => e.id === id)!.key)).toEqual(['icorp-dc.internal.corp']);

      const ps = r.alerts.find((a) => a.createdAt === '2019-04-18T16:56:08.370000Z' && a.title === 'Process Creation Sysmon Rule Alert')!;
      expect(ps.mitreTechniques).toEqual(['T1086']);
      const entities = ps.entityIds.map((id) => r.entities.find((e) => e.id === id)!);
      expect(entities.map((e) => `${e.type}:${e.key}`)).toEqual([
        'device:iewin7',
        'process:c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
        'user:iewin7\\ieuser',
      ]);
      // One process entity per path: its command line is the last one seen with it.
      expect(entities[1]!.attributes.commandLine).toMatch(/^powershell/i);
    });
  });
});

describe('Hayabusa and Chainsaw CSV on hostile input', () => {
  // /\s*[¦,;]\s*/ ran over the whole run of spaces from each of them: quadratic.
  it('reads a MitreTags cell of 200,000 spaces in linear time', async () => {
    const row = `"2024-03-17 17:25:00.000 +01:00","Rule","high","HOST","Sec","4624","1","","T1110${' '.repeat(200_000)}¦ T1021","User: taro","","-"`;
    const r = await runImporter(hayabusaCsv, Buffer.from(`${HAYABUSA_2.split('\r\n')[0]}\n${row}\n`), { name: 'h.csv' });
    expect(r.error).toBeNull();
    expect(r.events[0]!.tags).toEqual(['high', 'T1110', 'T1021']);
  }, 30_000);

  // /^(key):\s+(.*)$/ tried every split of the spaces when the value held a lone carriage return.
  it('reads Event Data lines with 200,000 spaces before a lone carriage return in linear time', () => {
    const spaces = ' '.repeat(200_000);
    expect(parseYamlFields(`A:${spaces}x\ry\nB:${spaces}ok \nC:${spaces}`)).toEqual([
      ['B', 'ok'],
      ['C', ''],
    ]);
  }, 30_000);
});
