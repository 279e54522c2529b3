import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { runOn, runOnText } from '../../../../tests/unit/support/recording-context';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { sentinel } from './sentinel';
import { jsonl, securityAlert, securityEvent, securityIncident, us } from '../../../../tests/unit/support/sentinel-rows';

describe('Sentinel importer', () => {
  const tempDir = useTempDirs();
  const writeTemp = async (name: string, text: string) => {
    const file = path.join(tempDir(), name);
    await writeFile(file, text);
    return file;
  };

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the real REST incident (PascalCase enums, *TimeUtc times)' : NO_SAMPLES_REASON, () => {
    const file = sample('sentinel', 'rest-incident.json');

    it('maps the incident to case fields, the classification reason to a determination', async () => {
      const ctx = await runOn(sentinel, file);
      expect(ctx.invalids).toEqual([]);
      expect(ctx.warnings).toEqual([]);
      expect(ctx.incidents).toEqual([
        expect.objectContaining({
          externalId: 'aaaaaaa-5cd7-4139-a149-9f2736ff2ab5',
          createdAt: '2019-01-01T13:15:30.000000Z',
          fields: {
            title: 'Myincident',
            description: 'Thisisademoincident',
            severity: 'high',
            status: 'closed',
            classification: 'falsePositive',
            determination: 'notEnoughDataToValidate',
            owner: 'johndoe',
            tags: [],
          },
        }),
      ]);
    });

    it('keeps what the case fields cannot hold on the incident-created event: number, tactics, reason, activity times', async () => {
      const ctx = await runOn(sentinel, file);
      expect(ctx.allEvents).toHaveLength(1);
      const [event] = ctx.allEvents;
      expect(event).toMatchObject({ time: us('2019-01-01T13:15:30Z'), timestampDesc: 'Incident created', message: 'Myincident' });
      expect(event!.attributes).toMatchObject({
        incidentId: 'aaaaaaa-5cd7-4139-a149-9f2736ff2ab5',
        incidentNumber: '3177',
        classificationReason: 'InaccurateData',
        classificationComment: 'Notamaliciousactivity',
        firstActivityTimeUtc: '2019-01-01T13:00:30Z',
        lastActivityTimeUtc: '2019-01-01T13:05:30Z',
        'additionalData.tactics': '["InitialAccess","Persistence"]',
      });
    });

    it('imports end to end into one closed case', async () => {
      const { report, cases } = await importIntoNewVault(tempDir(), { file });
      expect(report.format).toBe('sentinel');
      expect(cases).toHaveLength(1);
      expect(cases[0]!.state.case).toMatchObject({
        title: 'Myincident',
        severity: 'high',
        status: 'closed',
        classification: 'falsePositive',
        determination: 'notEnoughDataToValidate',
        owner: 'johndoe',
      });
      expect(cases[0]!.counts).toMatchObject({ events: 1, alerts: 0 });
    });
  });

  describe('on SecurityAlert rows', () => {
    it('reads the alert, its severity in any casing, techniques and the ExtendedProperties JSON string', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityAlert()));
      expect(ctx.invalids).toEqual([]);
      expect(ctx.alerts).toHaveLength(1);
      const alert = ctx.alerts[0]!.record;
      expect(alert).toMatchObject({
        externalId: 'sa-1',
        title: 'Suspicious PowerShell download',
        severity: 'high',
        status: 'new',
        category: 'Execution, CommandAndControl',
        detectionSource: 'Azure Sentinel',
        createdAt: '2024-03-02T08:15:00.123456Z',
        firstActivity: '2024-03-02T08:00:00.000000Z',
        lastActivity: '2024-03-02T08:10:00.000000Z',
        mitreTechniques: ['T1059', 'T1105', 'T1059.001'],
        source: 'Microsoft Sentinel',
      });
      expect(alert.attributes.ExtendedProperties).toEqual({
        'Query Period': '05:00:00',
        'Analytic Rule Name': 'PS download',
        'Search Query Results Overall Count': '3',
      });
      expect(alert.attributes.RemediationSteps).toEqual(['Isolate the host', 'Reset the password']);
      expect(alert.attributes.CompromisedEntity).toBe('pc1.contoso.com');
    });

    it('resolves $id/$ref links between entities: the account and the process get their host, the process its image file', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityAlert()));
      const list = ctx.alerts[0]!.record.entities!;
      expect(list.map((e) => `${e.type} ${e.value}`)).toEqual([
        'device pc1.contoso.com',
        'user CONTOSO\\alice',
        'hash DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C',
        'file C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'filePath C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'process C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'ip 203.0.113.9',
        'url http://evil.example/a.ps1',
      ]);
      const byType = (t: string) => list.find((e) => e.type === t)!;
      expect(byType('user').attributes).toMatchObject({ entityType: 'account', Host: 'pc1.contoso.com', Sid: 'S-1-5-21-1-2-3-1104' });
      expect(byType('process').attributes).toMatchObject({
        CommandLine: 'powershell.exe -enc AAA',
        ProcessId: '4242',
        Host: 'pc1.contoso.com',
        Account: 'CONTOSO\\alice',
        ImageFile: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      });
      expect(byType('file').attributes?.FileHashes).toEqual(['DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C']);
      expect(byType('hash').attributes).toMatchObject({ Algorithm: 'SHA256' });
    });

    it('puts the alert activity on the timeline of its host', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityAlert()));
      expect(ctx.allEvents.map((e) => [e.timestampDesc, e.time, e.host, e.user, e.message])).toEqual([
        ['Alert first activity', us('2024-03-02T08:00:00Z'), 'pc1.contoso.com', 'CONTOSO\\alice', 'Suspicious PowerShell download'],
        ['Alert last activity', us('2024-03-02T08:10:00Z'), 'pc1.contoso.com', 'CONTOSO\\alice', 'Suspicious PowerShell download'],
      ]);
    });

    it('keeps one alert per SystemAlertId when Log Analytics repeats it per update: newest status, earliest time, events once', async () => {
      const resolved = securityAlert({ TimeGenerated: '2024-03-02T10:00:00Z', Status: 'Resolved' });
      // Query results often come newest first.
      const ctx = await runOnText(sentinel, jsonl(resolved, securityAlert()));
      const written = ctx.alerts.map((a) => a.record);
      expect(written.at(-1)).toMatchObject({ externalId: 'sa-1', status: 'resolved', createdAt: '2024-03-02T08:15:00.123456Z' });
      expect(ctx.allEvents).toHaveLength(2);
    });

    it('reads an entity with an unknown Type as "other", keeping its fields', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityAlert({ Entities: '[{"$id":"2","Name":"Sidewinder","Flux":7,"Type":"quantum-device"}]' })));
      expect(ctx.alerts[0]!.record.entities).toEqual([
        expect.objectContaining({
          type: 'other',
          value: 'quantum-device: Sidewinder',
          attributes: { entityType: 'quantum-device', Name: 'Sidewinder', Flux: 7 },
        }),
      ]);
    });
  });

  describe('on SecurityIncident rows mixed with other rows', () => {
    const rows = [
      securityEvent,
      securityIncident({
        Status: 'Active',
        LastModifiedTime: '2024-03-02T09:30:00Z',
        Classification: 'TruePositive',
        ClassificationReason: 'SuspiciousActivity',
      }),
      securityAlert(),
      securityAlert({ SystemAlertId: 'sa-2', AlertName: 'Mass download', AlertSeverity: 'medium', Entities: '[]' }),
      securityIncident(),
      securityIncident({
        IncidentName: 'inc-guid-2',
        IncidentNumber: 43,
        Title: 'Mass download',
        Severity: 'Medium',
        AlertIds: '["sa-2"]',
        Owner: '{}',
        Labels: '[]',
      }),
    ];

    it('gives each incident its own alerts (by AlertIds) and leaves the rest to the file', async () => {
      const ctx = await runOnText(sentinel, jsonl(...rows));
      expect(ctx.invalids).toEqual([]);
      expect(ctx.of('').events.map((e) => e.message)).toEqual(['4624 - An account was successfully logged on.']);
      expect(ctx.of('').alerts).toEqual([]);
      expect(ctx.of('inc-guid-1').alerts.map((a) => a.externalId)).toEqual(['sa-1']);
      expect(ctx.of('inc-guid-2').alerts.map((a) => a.externalId)).toEqual(['sa-2']);
    });

    it('keeps the newest version of a repeated incident; owner and labels come from JSON strings', async () => {
      const ctx = await runOnText(sentinel, jsonl(...rows));
      const first = ctx.incidents.find((i) => i.externalId === 'inc-guid-1')!;
      expect(first.fields).toEqual({
        title: 'PowerShell download on pc1',
        description: '',
        severity: 'high',
        status: 'active',
        classification: 'truePositive',
        determination: 'unknown',
        owner: 'Bob',
        tags: ['ransomware'],
      });
      expect(ctx.of('inc-guid-1').events.filter((e) => e.timestampDesc === 'Incident created')).toHaveLength(1);
    });

    it('imports end to end into three cases: two incidents and the file', async () => {
      const file = await writeTemp('sentinel-rows.jsonl', jsonl(...rows));
      const { report, cases } = await importIntoNewVault(tempDir(), { file });
      expect(report.format).toBe('sentinel');
      const byTitle = new Map(cases.map((c) => [c.state.case.title, c]));
      expect([...byTitle.keys()].sort()).toEqual(['Import of sentinel-rows.jsonl', 'Mass download', 'PowerShell download on pc1']);
      const pc1 = byTitle.get('PowerShell download on pc1')!;
      expect(pc1.counts).toMatchObject({ alerts: 1, events: 3 });
      const keys = [...pc1.state.entities.values()].map((e) => `${e.type} ${e.key}`);
      expect(keys).toEqual(
        expect.arrayContaining(['device pc1.contoso.com', 'user contoso\\alice', 'hash de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c']),
      );
      const account = [...pc1.state.entities.values()].find((e) => e.type === 'user')!;
      expect(account.attributes.Host).toBe('pc1.contoso.com');
      expect(byTitle.get('Import of sentinel-rows.jsonl')!.counts).toMatchObject({ events: 1, alerts: 0 });
    });

    it('puts everything into the incident when the file holds only one', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityEvent, securityAlert({ SystemAlertId: 'unlisted' }), securityIncident()));
      expect(ctx.of('').events).toEqual([]);
      expect(ctx.of('inc-guid-1').alerts.map((a) => a.externalId)).toEqual(['unlisted']);
      expect(ctx.of('inc-guid-1').events.map((e) => e.timestampDesc)).toEqual([
        'Incident created',
        'Event Recorded',
        'Alert first activity',
        'Alert last activity',
      ]);
    });
  });

  describe('on bad input', () => {
    it('reports a broken JSON line at its line number and reads the rest', async () => {
      const ctx = await runOnText(sentinel, `${JSON.stringify(securityEvent)}\n{"TimeGenerated": \n${JSON.stringify(securityEvent)}\n`);
      expect(ctx.invalids).toEqual([{ position: { line: 2 }, field: null, reason: expect.stringMatching(/^not valid JSON/) }]);
      expect(ctx.allEvents).toHaveLength(2);
    });

    it('names the line and field of a row whose time is broken', async () => {
      const ctx = await runOnText(sentinel, jsonl(securityEvent, { ...securityEvent, TimeGenerated: '02/03/2024 08:00' }));
      expect(ctx.invalids).toEqual([{ position: { line: 2 }, field: 'TimeGenerated', reason: '"02/03/2024 08:00" is not a time this importer understands' }]);
    });

    it('refuses a truncated document and JSON that is not from Sentinel', async () => {
      await expect(runOnText(sentinel, '{\n  "value": [\n    {"TimeGenerated": "2024-03-02T08:00:00Z",', 'cut.json')).rejects.toThrow(
        'cut.json: not valid JSON at line 3, column 46 (byte 60): the document ends early (is the file truncated?)',
      );
      await expect(runOnText(sentinel, '{"value": [{"machineId": "x", "type": "Isolate"}]}', 'actions.json')).rejects.toThrow(
        'actions.json: no Sentinel incident, alert, entity or Log Analytics row in the file',
      );
      await expect(runOnText(sentinel, '', 'empty.json')).rejects.toThrow('empty.json: the file is empty');
    });

    it('reads times without a zone in the zone chosen for the import, and counts them', async () => {
      const ctx = await runOn(sentinel, await writeTemp('local.jsonl', jsonl({ ...securityEvent, TimeGenerated: '2024-03-02 09:59:00' })), 'Europe/Berlin');
      expect(ctx.allEvents[0]!.time).toBe(us('2024-03-02T08:59:00Z'));
      expect(ctx.zoneless).toBe(1);
    });
  });
});
