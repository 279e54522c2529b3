import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { runOn, runOnText } from '../../../../tests/unit/support/recording-context';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { ImportProblem } from '../problems';
import { graphSecurity } from './graph-security';

import { alert, incident, us } from '../../../../tests/unit/support/graph-rows';

describe('Graph security importer', () => {
  const tempDir = useTempDirs();

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the real incident (alerts as one object, U+FFFD characters)' : NO_SAMPLES_REASON, () => {
    const file = sample('defender', 'graph-incident-with-alert.json');

    it('maps the incident to case fields', async () => {
      const ctx = await runOn(graphSecurity, file);
      expect(ctx.incidents).toHaveLength(1);
      const [inc] = ctx.incidents;
      expect(inc!.externalId).toBe('2972395');
      expect(inc!.fields).toEqual({
        title: 'Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources',
        description: '',
        severity: 'medium',
        status: 'active',
        classification: 'truePositive',
        determination: 'multiStagedAttack',
        owner: 'KaiC@contoso.onmicrosoft.com',
        tags: ['Demo'],
      });
      expect(inc!.createdAt).toBe('2021-08-13T08:43:35.553333Z');
      expect(ctx.invalids).toEqual([]);
    });

    it('reads `alerts` written as a single object as one alert of that incident', async () => {
      const ctx = await runOn(graphSecurity, file);
      const { alerts } = ctx.of('2972395');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        externalId: 'da637551227677560813_-961444813',
        title: 'Suspicious execution of hidden file',
        severity: 'low',
        status: 'new',
        category: 'DefenseEvasion',
        detectionSource: 'antivirus',
        createdAt: '2021-04-27T12:19:27.721130Z',
        firstActivity: '2021-04-26T07:45:50.116000Z',
        lastActivity: '2021-05-02T07:56:58.222000Z',
        mitreTechniques: ['T1564.001'],
      });
      expect(alerts[0]!.attributes.serviceSource).toBe('microsoftDefenderForEndpoint');
    });

    it('keeps the U+FFFD characters as they are and says so once', async () => {
      const ctx = await runOn(graphSecurity, file);
      const actions = ctx.alerts[0]!.record.attributes.recommendedActions as string;
      expect(actions).toContain('\uFFFD\tReview the machine timeline');
      expect(actions.match(/\uFFFD/g)).toHaveLength(10);
      expect(ctx.warnings.filter((w) => w.includes('U+FFFD'))).toEqual([
        '10 character(s) in the file are U+FFFD (text damaged before or during export); they were kept as they are',
      ]);
    });

    it('turns device, file, process and registry key evidence into entities with roles, verdict and remediation status', async () => {
      const ctx = await runOn(graphSecurity, file);
      const entities = ctx.alerts[0]!.record.entities!;
      expect(entities.map((e) => `${e.type} ${e.value}`)).toEqual([
        'device tempDns',
        'file C:\\Program Files\\temp\\MsSense.exe',
        'filePath C:\\Program Files\\temp\\MsSense.exe',
        'hash 8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
        'hash 5f1e8acedc065031aad553b710838eb366cfee9a',
        // The process is its image on its device with its PID and start: another run of MsSense.exe would be another entity.
        'process C:\\Program Files\\temp\\MsSense.exe (pid 4780, started 2021-08-12T12:43:19.0772577Z, on 73e7e2de709dff64ef64b1d0c30e67fab63279db)',
        'filePath C:\\Program Files\\temp\\MsSense.exe',
        'hash 8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
        'hash 5f1e8acedc065031aad553b710838eb366cfee9a',
        'registryKey HKLM\\SYSTEM\\CONTROLSET001\\CONTROL\\WMI\\AUTOLOGGER\\SENSEAUDITLOGGER',
      ]);
      const [device, file_, , sha256, , proc] = entities;
      expect(proc!.display).toBe('C:\\Program Files\\temp\\MsSense.exe (pid 4780)');
      expect(device).toMatchObject({ roles: ['compromised'], verdict: 'unknown', remediationStatus: 'none', firstSeen: '2020-09-12T07:28:32.432175Z' });
      expect(device!.attributes).toMatchObject({
        evidenceType: 'deviceEvidence',
        mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
        osPlatform: 'Windows10',
        riskScore: 'medium',
      });
      expect(file_).toMatchObject({ roles: [], verdict: 'unknown', remediationStatus: 'none' });
      expect(file_!.attributes?.detectionStatus).toBe('detected');
      expect(sha256!.attributes).toEqual({ algorithm: 'sha256', fileName: 'MsSense.exe' });
      expect(proc!.attributes).toMatchObject({ processCommandLine: '"MsSense.exe"', processId: 4780, parentProcessId: 668 });
      expect(proc!.attributes?.userAccount).toMatchObject({ accountName: 'SYSTEM', domainName: 'NT AUTHORITY' });
    });

    it('puts the incident, its comment and the alert activity on the timeline, the alert events on the device', async () => {
      const ctx = await runOn(graphSecurity, file);
      const events = ctx.of('2972395').events.map((e) => [e.timestampDesc, e.time, e.host, e.message.slice(0, 40)]);
      expect(events).toEqual([
        ['Incident created', us('2021-08-13T08:43:35.553Z', 333), '', 'Multi-stage incident involving Initial a'],
        ['Incident comment', us('2021-09-30T12:07:37.275Z', 699), '', 'Demo incident'],
        ['Alert created', us('2021-04-27T12:19:27.721Z', 130), 'tempDns', 'Suspicious execution of hidden file'],
        ['Alert first activity', us('2021-04-26T07:45:50.116Z'), 'tempDns', 'Suspicious execution of hidden file'],
        ['Alert last activity', us('2021-05-02T07:56:58.222Z'), 'tempDns', 'Suspicious execution of hidden file'],
        // The evidence's own moments: when the device was first seen, when the process and its parent started.
        ['Evidence first seen', us('2020-09-12T07:28:32.432Z', 175), 'tempDns', 'Evidence first seen: tempDns'],
        ['Process created', us('2021-08-12T12:43:19.077Z', 257), 'tempDns', 'Process started: "MsSense.exe" (pid 4780'],
        ['Parent process created', us('2021-08-12T07:39:09.090Z', 923), 'tempDns', 'Parent process started: C:\\Windows\\Syste'],
      ]);
      const started = ctx.of('2972395').events.find((e) => e.timestampDesc === 'Process created')!;
      expect(started).toMatchObject({ user: 'NT AUTHORITY\\SYSTEM', tags: ['evidence'] });
      expect(started.attributes).toMatchObject({ alertId: 'da637551227677560813_-961444813', evidenceType: 'processEvidence' });
      expect(ctx.of('2972395').events[2]!.attributes).toMatchObject({
        alertId: 'da637551227677560813_-961444813',
        incidentId: '28282',
        mitreTechniques: 'T1564.001',
      });
    });

    it('imports end to end into one case holding the alert and its normalized entities', async () => {
      const { report, cases } = await importIntoNewVault(tempDir(), { file });
      expect(report.format).toBe('graph-security');
      expect(report.skippedTotal).toBe(0);
      expect(cases).toHaveLength(1);
      const { state, counts } = cases[0]!;
      expect(state.case).toMatchObject({
        title: expect.stringMatching(/^Multi-stage incident/),
        severity: 'medium',
        status: 'active',
        determination: 'multiStagedAttack',
        owner: 'KaiC@contoso.onmicrosoft.com',
        tags: ['Demo'],
      });
      // The alert's seven, the assignee's address with its domain from the events' attributes, the process's user.
      expect(counts).toMatchObject({ events: 8, alerts: 1, entities: 10 });
      const keys = [...cases[0]!.entityKeys].sort();
      expect(keys).toContain('emailAddress davids@contoso.onmicrosoft.com');
      expect(keys).toContain('device tempdns');
      expect(keys).toContain('registryKey hklm\\system\\controlset001\\control\\wmi\\autologger\\senseauditlogger');
      expect(keys).toContain('file c:\\program files\\temp\\mssense.exe');
      const [alertRecord] = [...state.alerts.values()];
      expect(alertRecord!.entityIds).toHaveLength(7);
      const device = [...state.entities.values()].find((e) => e.type === 'device')!;
      expect(device.roles).toEqual(['compromised']);
    });
  });

  describe('on bad input', () => {
    it('refuses a truncated document, saying where it ends', async () => {
      const text = JSON.stringify(incident({ alerts: [alert()] })).slice(0, 300);
      await expect(runOnText(graphSecurity, text, 'cut.json')).rejects.toThrow(
        new ImportProblem(
          'cut.json: not valid JSON at line 1, column 301 (byte 300): the document ends early (is the file truncated?); the string opened at line 1, column 299 never closes',
        ),
      );
    });

    it('refuses JSON that holds no Graph security object', async () => {
      await expect(runOnText(graphSecurity, '{"type":"bundle","objects":[]}', 'stix.json')).rejects.toThrow(
        /stix\.json: no Microsoft Graph security incident, alert or evidence/,
      );
    });

    it('names the record and field of a broken time, and still imports the alert without it', async () => {
      const ctx = await runOnText(graphSecurity, JSON.stringify({ value: [incident({ alerts: [alert({ createdDateTime: 'yesterday' })] })] }));
      expect(ctx.invalids).toEqual([
        { position: { record: 1 }, field: 'alerts[0].createdDateTime', reason: '"yesterday" is not a time this importer understands' },
      ]);
      expect(ctx.alerts[0]!.record).toMatchObject({ externalId: 'da-1', createdAt: null, firstActivity: '2024-03-01T09:50:00.000000Z' });
    });

    it('reports an incident without an id as invalid and a non-object in the list by position', async () => {
      const ctx = await runOnText(graphSecurity, JSON.stringify({ value: [incident({ id: null }), 42, incident({ id: '7' })] }));
      expect(ctx.invalids).toEqual([
        { position: { record: 2 }, field: null, reason: 'expected a JSON object, found 42' },
        { position: { record: 1 }, field: 'id', reason: 'the incident has no id' },
      ]);
      expect(ctx.incidents.map((i) => i.externalId)).toEqual(['7']);
    });

    it('reports a broken line of JSON Lines at its line number and goes on', async () => {
      const ctx = await runOnText(graphSecurity, [JSON.stringify(incident()), '{"id": "broken', JSON.stringify(incident({ id: '3' }))].join('\n'));
      expect(ctx.invalids).toHaveLength(1);
      expect(ctx.invalids[0]).toMatchObject({ position: { line: 2 }, field: null });
      expect(ctx.incidents).toHaveLength(2);
    });

    it('refuses the whole file in strict mode through the pipeline, naming the position', async () => {
      const dir = tempDir();
      const file = `${dir}/bad.json`;
      await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(incident({ createdDateTime: '2024-13-45T00:00:00Z' }))));
      await expect(importIntoNewVault(tempDir(), { file })).rejects.toThrow(
        /bad\.json: record 1, field "createdDateTime": "2024-13-45T00:00:00Z" is not a time/,
      );
    });
  });
});
