import { describe, expect, it } from 'vitest';
import { runOnText } from '../../../../tests/unit/support/recording-context';
import { sentinel } from './sentinel';
import { jsonl, processRow, securityEvent, us } from '../../../../tests/unit/support/sentinel-rows';

describe('Sentinel importer', () => {
  describe('on advanced-hunting rows', () => {
    it('makes a DeviceProcessEvents row an event with its processes, hashes, device and user', async () => {
      const ctx = await runOnText(sentinel, jsonl(processRow));
      expect(ctx.invalids).toEqual([]);
      const [event] = ctx.allEvents;
      expect(event).toMatchObject({
        time: us('2024-03-02T08:05:00.123Z', 456),
        timestampDesc: 'Event Recorded',
        message: 'ProcessCreated powershell.exe → rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
        host: 'pc1.contoso.com',
        user: 'contoso\\alice',
      });
      // Kusto's type-suffixed columns are read under their plain names; JSON in AdditionalFields is spread.
      expect(event!.attributes).toMatchObject({ ReportId: '1234', 'AdditionalFields.ProcessIntegrityLevel': 'High', ProcessId: '5120' });
      expect(Object.keys(event!.attributes)).not.toContain('AdditionalFields_string');
      expect(ctx.allEntities.map((e) => `${e.type} ${e.value}`)).toEqual([
        'device pc1.contoso.com',
        'process c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
        'hash de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
        'process C:\\Windows\\System32\\rundll32.exe',
        'hash 2222222222222222222222222222222222222222222222222222222222222222',
        'hash 1111111111111111111111111111111111111111',
        'hash 33333333333333333333333333333333',
        'user contoso\\alice',
      ]);
      expect(ctx.allEntities[3]!.attributes).toEqual({ commandLine: processRow.ProcessCommandLine });
      expect(ctx.allEntities[0]).toMatchObject({ firstSeen: '2024-03-02T08:05:00.123456Z', attributes: { mdeDeviceId: 'd1e5' } });
    });

    it('writes each entity once however many rows name it', async () => {
      const ctx = await runOnText(sentinel, jsonl(processRow, { ...processRow, Timestamp: '2024-03-02T08:06:00Z' }));
      expect(ctx.allEvents).toHaveLength(2);
      expect(ctx.allEntities.filter((e) => e.type === 'device')).toHaveLength(1);
    });
  });

  describe('on other shapes', () => {
    it('reads a REST list of incidents as one incident each', async () => {
      const rest = (name: string, title: string, severity: string) => ({
        id: `/subscriptions/s/providers/Microsoft.SecurityInsights/incidents/${name}`,
        name,
        type: 'Microsoft.SecurityInsights/incidents',
        properties: {
          title,
          severity,
          status: 'Active',
          classification: null,
          createdTimeUtc: '2024-03-02T08:16:00Z',
          incidentNumber: 1,
          labels: [{ labelName: 'vip', labelType: 'User' }],
          owner: { assignedTo: null, userPrincipalName: 'bob@contoso.com' },
        },
      });
      const ctx = await runOnText(sentinel, JSON.stringify({ value: [rest('i-1', 'First', 'Informational'), rest('i-2', 'Second', 'MEDIUM')] }, null, 2));
      expect(ctx.incidents.map((i) => [i.externalId, i.fields.title, i.fields.severity, i.fields.status, i.fields.owner, i.fields.tags])).toEqual([
        ['i-1', 'First', 'informational', 'active', 'bob@contoso.com', ['vip']],
        ['i-2', 'Second', 'medium', 'active', 'bob@contoso.com', ['vip']],
      ]);
    });

    it("reads a JSON array of Log Analytics rows (the portal's JSON export)", async () => {
      const ctx = await runOnText(sentinel, JSON.stringify([securityEvent, processRow], null, 2));
      expect(ctx.allEvents.map((e) => e.source)).toEqual(['SecurityEvent', 'Microsoft Defender XDR advanced hunting']);
    });

    it('reads the Log Analytics query API answer (tables of columns and rows)', async () => {
      const answer = {
        tables: [
          {
            name: 'PrimaryResult',
            columns: Object.keys(securityEvent).map((name) => ({ name, type: 'string' })),
            rows: [Object.values(securityEvent), ['too', 'short']],
          },
        ],
      };
      const ctx = await runOnText(sentinel, JSON.stringify(answer, null, 2));
      expect(ctx.allEvents.map((e) => [e.time, e.host, e.user])).toEqual([[us('2024-03-02T07:59:00.500Z'), 'DC01.contoso.com', 'CONTOSO\\alice']]);
      expect(ctx.invalids).toEqual([
        { position: { record: 2 }, field: 'tables[0].rows', reason: `a row needs ${Object.keys(securityEvent).length} values, one per column` },
      ]);
    });

    it('reads REST alerts of an incident (entities of kind SecurityAlert, PascalCase enums)', async () => {
      const restAlerts = {
        value: [
          {
            id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/entities/e1',
            name: 'e1',
            type: 'Microsoft.SecurityInsights/Entities',
            kind: 'SecurityAlert',
            properties: {
              alertDisplayName: 'myAlert',
              severity: 'Low',
              status: 'New',
              systemAlertId: 'sa-rest-1',
              tactics: ['Persistence'],
              startTimeUtc: '2019-01-01T12:00:00Z',
              endTimeUtc: '2019-01-01T12:05:00Z',
              timeGenerated: '2019-01-01T12:06:00Z',
              productName: 'Azure Security Center',
              friendlyName: 'myAlert',
            },
          },
        ],
      };
      const ctx = await runOnText(sentinel, JSON.stringify(restAlerts));
      expect(ctx.alerts[0]!.record).toMatchObject({
        externalId: 'sa-rest-1',
        title: 'myAlert',
        severity: 'low',
        category: 'Persistence',
        detectionSource: 'Azure Security Center',
        createdAt: '2019-01-01T12:06:00.000000Z',
      });
    });

    it('reads REST incident entities, resolving *EntityId links by resource id', async () => {
      const base = '/subscriptions/s/providers/Microsoft.SecurityInsights/entities/';
      const body = {
        entities: [
          {
            id: `${base}h1`,
            name: 'h1',
            type: 'Microsoft.SecurityInsights/Entities',
            kind: 'Host',
            properties: { hostName: 'web01', dnsDomain: 'contoso.com', friendlyName: 'web01' },
          },
          {
            id: `${base}a1`,
            name: 'a1',
            type: 'Microsoft.SecurityInsights/Entities',
            kind: 'Account',
            properties: { accountName: 'svc', upnSuffix: 'contoso.com', hostEntityId: `${base}h1`, friendlyName: 'svc' },
          },
        ],
        metaData: [{ count: 1, entityKind: 'Host' }],
      };
      const ctx = await runOnText(sentinel, JSON.stringify(body));
      expect(ctx.allEntities.map((e) => `${e.type} ${e.value}`)).toEqual(['device web01.contoso.com', 'user svc@contoso.com']);
      expect(ctx.allEntities[1]!.attributes).toMatchObject({ host: 'web01.contoso.com' });
    });
  });
});
