import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { chooseImporter, readSample } from '../registry';
import { microsoftPortalCsv, portalTimeIso } from './portal-csv';

const sniffText = (text: string) => microsoftPortalCsv.sniff({ name: 'x.csv', size: text.length, head: Buffer.from(text), text });

describe('Defender advanced hunting and Log Analytics CSV exports', () => {
  it('reads the portals’ time texts: US month/day with a 12-hour clock, and month names', () => {
    expect(portalTimeIso('9/13/2023, 5:05:34.381 AM', true)).toBe('2023-09-13T05:05:34.381Z');
    expect(portalTimeIso('12/1/2023, 12:00:01 AM', true)).toBe('2023-12-01T00:00:01Z');
    expect(portalTimeIso('12/1/2023, 12:30:00.5 PM', true)).toBe('2023-12-01T12:30:00.5Z');
    // The Defender portal writes no zone: the import's zone applies (and is counted).
    expect(portalTimeIso('Oct 9, 2024 2:40:09 PM', false)).toBe('2024-10-09T14:40:09');
    expect(portalTimeIso('2023-10-18T14:37:28.2012261Z', true)).toBe('2023-10-18T14:37:28.2012261Z');
    expect(portalTimeIso('13/1/2023, 0:00:00 AM', true)).toBe('13/1/2023, 0:00:00 AM');
  });

  it('is recognised by its header alone, whatever the file is called', () => {
    expect(sniffText('Timestamp,DeviceId,DeviceName,ActionType,FileName\n')).toBe(0.9);
    expect(sniffText('TenantId,"TimeGenerated [UTC]",Activity\n')).toBe(0.9);
    expect(sniffText('TimeGenerated,Type,Computer\n')).toBe(0.9);
    expect(sniffText('Timestamp,Computer,EventID,Level,RuleTitle\n')).toBe(0);
    expect(sniffText('[{"Timestamp":"x","ActionType":"y","DeviceName":"z"}]')).toBe(0);
  });

  it('a Log Analytics export: [UTC] columns read as UTC, a Local Time column in the import’s zone', async () => {
    const csv = [
      'TenantId,"TimeGenerated [UTC]","StartTime [Local Time]",Type,Computer,Activity,SourceUserName',
      't-1,"1/2/2024, 3:04:05.600 PM","1/2/2024, 4:04:05.600 PM",CommonSecurityLog,fw-01,logon,alice',
    ].join('\r\n');
    const r = await runImporter(microsoftPortalCsv, Buffer.from(csv), { timezone: 'Europe/Berlin' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ time: us('2024-01-02T15:04:05.600Z'), host: 'fw-01', user: 'alice', message: 'CommonSecurityLog: logon' });
    expect(r.events[0]!.attributes).toMatchObject({ StartTime: '2024-01-02T16:04:05.600' });
  });

  it('a row without a time is an invalid record at its line', async () => {
    const csv = 'Timestamp,DeviceName,ActionType\n2024-01-01T00:00:00Z,pc1,ProcessCreated\n,pc1,ProcessCreated\n';
    const r = await runImporter(microsoftPortalCsv, Buffer.from(csv), { name: 'ah.csv' });
    expect(r.events).toHaveLength(1);
    expect(r.invalid).toEqual(['ah.csv: line 3, field "Timestamp": the advanced-hunting row has no Timestamp or no ActionType']);
  });
});

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the real exports' : NO_SAMPLES_REASON, () => {
  it('Defender advanced hunting CSV: 26 rows, JSON in AdditionalFields, device, processes and hashes as entities', async () => {
    const file = sample('more', 'defender-ah', 'dafneb-advanced_hunting_test.csv');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('microsoft-csv');
    const r = await runImporter(microsoftPortalCsv, file);
    expect(r.error).toBeNull();
    expect(r.invalidTotal).toBe(0);
    expect(r.zoneless).toBe(0);
    expect(r.events).toHaveLength(26);
    expect(new Set(r.events.map((e) => e.attributes.ActionType)).size).toBe(26);
    const first = r.events[0]!;
    expect(first.time).toBe(us('2023-10-18T14:37:28Z') + 201_226);
    expect(first.host).toBe('test-hostname');
    expect(first.user).toBe('nt authority\\system');
    expect(first.message).toBe('AntivirusScanCompleted by msmpeng.exe');
    expect(first.attributes['AdditionalFields.ScanTypeIndex']).toBe('Quick');
    expect(first.attributes.InitiatingProcessSHA256).toBe('d5bad8fd7460dc44c94cc0e9639274a9a69b0ed631d15c86986324901b5044aa');
    const entities = r.entities.map((e) => `${e.type}:${e.display}`);
    expect(entities).toContain('device:test-hostname');
    expect(entities).toContain('process:c:\\programdata\\microsoft\\windows defender\\platform\\4.18.23090.2008-0\\msmpeng.exe');
    expect(entities).toContain('hash:d5bad8fd7460dc44c94cc0e9639274a9a69b0ed631d15c86986324901b5044aa');
  });

  it('the same rows exported as JSON (the portal’s other download) give the same events, through the Sentinel importer', async () => {
    const file = sample('more', 'defender-ah', 'dafneb-advanced_hunting_test.csv');
    const fromCsv = await runImporter(microsoftPortalCsv, file);
    const rows = fromCsv.events.map((e) => e.attributes);
    const parsed = (await import('papaparse')).default.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true });
    const json = JSON.stringify(parsed.data.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== ''))));
    const { importer } = chooseImporter({ name: 'ah.json', size: json.length, head: Buffer.from(json), text: json });
    expect(importer.format).toBe('sentinel');
    const fromJson = await runImporter(importer, Buffer.from(json));
    expect(fromJson.events.map((e) => [e.time, e.host, e.user, e.message])).toEqual(fromCsv.events.map((e) => [e.time, e.host, e.user, e.message]));
    expect(fromJson.events.map((e) => e.attributes)).toEqual(rows);
  });

  it('Log Analytics CommonSecurityLog export: 10 rows, "TimeGenerated [UTC]" in the portal’s US format', async () => {
    const file = sample('more', 'sentinel-export', 'sentinel-asim-CrowdStrike_Falcon_ASimAuthentication_IngestedLogs.csv');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('microsoft-csv');
    const r = await runImporter(microsoftPortalCsv, file);
    expect(r.error).toBeNull();
    expect(r.invalidTotal).toBe(0);
    expect(r.zoneless).toBe(0);
    expect(r.events).toHaveLength(10);
    expect(r.events[0]).toMatchObject({
      time: us('2023-09-13T05:05:34.381Z'),
      source: 'CommonSecurityLog',
      host: '10.20.30.40',
      user: 'sanitized@sanitized.com',
      message: 'CommonSecurityLog: userAuthenticate',
    });
    expect(r.events[0]!.attributes).toMatchObject({ DeviceVendor: 'CrowdStrike', ReceiptTime: '1694581534037', DeviceCustomDate1: 'Sep 13 2023 10:35:34' });
    // Rows are not in time order in the export; every one still has its own time.
    expect(new Set(r.events.map((e) => e.time)).size).toBe(10);
  });
});
