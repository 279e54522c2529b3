import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { RecordingContext } from '../../../../tests/unit/support/recording-context';
import { logAnalyticsRowKind, mapLogAnalyticsRow } from './log-analytics';

/**
 * mapLogAnalyticsRow is what the Security-Datasets importer calls for the
 * Defender advanced-hunting and SecurityEvent rows in its zips; here it runs
 * on the rows of the golden-SAML dataset itself.
 */

/** The only entry of a one-file zip (these have no data descriptor), inflated. */
function onlyZipEntry(file: string): string {
  const zip = readFileSync(file);
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error(`${file}: not a zip`);
  const method = zip.readUInt16LE(8);
  const size = zip.readUInt32LE(18);
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  const data = zip.subarray(start, start + size);
  return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

const rowsOf = (zipName: string) =>
  onlyZipEntry(sample('security-datasets', 'golden-saml', zipName))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function mapAll(rows: Record<string, unknown>[]): RecordingContext {
  const ctx = RecordingContext.ofText('', 'golden-saml.zip');
  rows.forEach((row, i) => expect(mapLogAnalyticsRow(ctx, row, { entry: 'rows.json', line: i + 1 })).toBe(true));
  return ctx;
}

const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;

describe('mapLogAnalyticsRow', () => {
  it('says which kind a row is, and false for rows it does not know', () => {
    expect(logAnalyticsRowKind({ Type: 'SecurityAlert' })).toBe('SecurityAlert');
    expect(logAnalyticsRowKind({ SystemAlertId: 'x', AlertName: 'y' })).toBe('SecurityAlert');
    expect(logAnalyticsRowKind({ IncidentNumber: 1, Title: 't' })).toBe('SecurityIncident');
    expect(logAnalyticsRowKind({ EventID: 4624, Computer: 'dc', TimeGenerated: 't' })).toBe('WindowsEvent');
    expect(logAnalyticsRowKind({ Timestamp: 't', ActionType: 'ProcessCreated' })).toBe('AdvancedHunting');
    expect(logAnalyticsRowKind({ TimeGenerated: 't', Type: 'AuditLogs' })).toBe('Generic');
    expect(logAnalyticsRowKind({ '@timestamp': 't', EventID: 1, Hostname: 'h' })).toBeNull();
    const ctx = RecordingContext.ofText('');
    expect(mapLogAnalyticsRow(ctx, { message: 'hello' }, { line: 1 })).toBe(false);
    expect(ctx.allEvents).toEqual([]);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the golden-SAML Security-Datasets rows' : NO_SAMPLES_REASON, () => {
    it('maps the 9 Defender advanced-hunting rows (DeviceEvents, IdentityDirectoryEvents, CloudAppEvents) without a Type column', () => {
      const rows = rowsOf('Microsoft365DefenderEvents.Zip');
      expect(rows.map(logAnalyticsRowKind)).toEqual(Array(9).fill('AdvancedHunting'));
      const ctx = mapAll(rows);
      expect(ctx.invalids).toEqual([]);
      const events = ctx.allEvents;
      expect(events).toHaveLength(9);
      expect(events[0]).toMatchObject({
        time: us('2021-08-02T13:11:39.772Z', 449),
        message: 'LdapSearch by powershell.exe',
        host: 'adfs01.simulandlabs.com',
        user: 'wardog@simulandlabs.com',
      });
      // AdditionalFields_string holds JSON text; ReportId_long a number: both read under their plain names.
      expect(events[0]!.attributes).toMatchObject({
        'AdditionalFields.SearchFilter': '(objectClass=*)',
        'AdditionalFields.DistinguishedName': 'CN=596f0e13-7a4b-49a1-a106-0cbcba66b065,CN=ADFS,CN=Microsoft,CN=Program Data,DC=simulandlabs,DC=com',
        ReportId: '113597',
      });
      expect(events[5]).toMatchObject({
        message: 'Directory Services replication in Active Directory by pgustavo@simulandlabs.com from 192.168.2.5 to dc01.simulandlabs.com',
        user: 'pgustavo@simulandlabs.com',
      });
      // Here AdditionalFields is an object already.
      expect(events[5]!.attributes['AdditionalFields.TO.DEVICE']).toBe('DC01');
      expect(events[7]!.message).toBe('MailItemsAccessed in Microsoft Exchange Online by SimuLandApp from 1.2.3.4');
      const entities = new Set(ctx.allEntities.map((e) => `${e.type} ${e.value}`));
      expect(entities).toEqual(
        new Set([
          'device adfs01.simulandlabs.com',
          'process c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
          'hash de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
          'hash 6cbce4a295c163791b60fc23d285e6d84f28ee4c',
          'hash 7353f60b1739074eb17c5f4dddefe239',
          'user wardog@simulandlabs.com',
          'ip 192.168.2.5',
          'ip 192.168.2.4',
          'user pgustavo@simulandlabs.com',
          'ip 1.2.3.4',
        ]),
      );
    });

    it('maps the 38 Windows rows (SecurityEvent, Event, and one without a Type) to events on their computers', () => {
      const rows = rowsOf('WindowsEvents.Zip');
      expect(new Set(rows.map(logAnalyticsRowKind))).toEqual(new Set(['WindowsEvent']));
      const ctx = mapAll(rows);
      expect(ctx.invalids).toEqual([]);
      const events = ctx.allEvents;
      expect(events).toHaveLength(38);
      expect(events[0]).toMatchObject({
        message: 'Event 412 from AD FS Auditing',
        host: 'ADFS01.simulandlabs.com',
        source: 'SecurityEvent',
        time: us('2021-08-02T13:09:20.040Z'),
      });
      expect(events[2]).toMatchObject({
        message: '4624 - An account was successfully logged on.',
        host: 'DC01.simulandlabs.com',
        user: 'SIMULANDLABS.COM\\wardog',
      });
      expect(events[2]!.attributes).toMatchObject({ IpAddress: '192.168.2.5', LogonType: '3', LogonGuid: 'bd2dda1b-862a-504f-2260-d9d2ed316e26' });
      const sysmon = events.find((e) => e.attributes.EventLog === 'Microsoft-Windows-Sysmon/Operational')!;
      expect(sysmon).toMatchObject({ message: 'Event 18 from Microsoft-Windows-Sysmon: Pipe Connected', source: 'Event', user: 'NT AUTHORITY\\SYSTEM' });
      expect(sysmon.attributes.ProcessId).toBe('5692');
      expect(events.find((e) => e.attributes.EventID === '5156')!.source).toBe('WindowsEvent');
    });

    it('maps the AAD audit rows as generic Log Analytics rows', () => {
      const ctx = mapAll(rowsOf('AADAuditEvents.Zip'));
      expect(ctx.allEvents.map((e) => e.message)).toEqual([
        'AuditLogs: Update application – Certificates and secrets management',
        'AuditLogs: Update application – Certificates and secrets management',
        'Application: Update application',
        'ServicePrincipal: Add delegated permission grant',
      ]);
    });
  });
});
