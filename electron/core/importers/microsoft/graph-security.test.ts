import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { runOn, runOnText } from '../../../../tests/unit/support/recording-context';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { ImportProblem } from '../problems';
import { graphSecurity } from './graph-security';

/** µs since the epoch of an ISO time, plus extra µs (7-digit fractions carry more than Date.parse keeps). */
const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;

const incident = (over: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.security.incident',
  id: '1001',
  displayName: 'Credential theft on two devices',
  createdDateTime: '2024-03-01T10:00:00Z',
  status: 'active',
  severity: 'high',
  classification: 'truePositive',
  determination: 'compromisedAccount',
  assignedTo: 'dana@contoso.com',
  tags: ['Credential Theft'],
  ...over,
});

const alert = (over: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id: 'da-1',
  incidentId: '1001',
  title: 'Suspicious LSASS access',
  severity: 'high',
  status: 'new',
  category: 'CredentialAccess',
  detectionSource: 'microsoftDefenderForEndpoint',
  createdDateTime: '2024-03-01T09:55:00Z',
  firstActivityDateTime: '2024-03-01T09:50:00Z',
  lastActivityDateTime: '2024-03-01T09:52:00Z',
  mitreTechniques: ['T1003.001'],
  evidence: [],
  ...over,
});

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

  describe('on synthetic exports', () => {
    it('makes two cases of a list with two incidents when no case is chosen', async () => {
      const list = {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/incidents',
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/security/incidents?$skip=2',
        value: [
          incident({ alerts: [alert()] }),
          incident({
            id: '1002',
            displayName: 'Phishing wave',
            severity: 'Low',
            status: 'resolved',
            classification: 'falsePositive',
            determination: 'clean',
            tags: [],
            alerts: [],
          }),
        ],
      };
      const file = `${tempDir()}/incidents.json`;
      await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(list)));
      const { report, cases } = await importIntoNewVault(tempDir(), { file });
      expect(report.caseIds).toHaveLength(2);
      const byTitle = new Map(cases.map((c) => [c.state.case.title, c]));
      expect(byTitle.get('Credential theft on two devices')!.state.case).toMatchObject({
        severity: 'high',
        status: 'active',
        determination: 'compromisedAccount',
      });
      expect(byTitle.get('Credential theft on two devices')!.counts.alerts).toBe(1);
      expect(byTitle.get('Phishing wave')!.state.case).toMatchObject({
        severity: 'low',
        status: 'resolved',
        classification: 'falsePositive',
        determination: 'notMalicious',
      });
      expect(byTitle.get('Phishing wave')!.counts.alerts).toBe(0);
    });

    it('reads both determination vocabularies and any casing', async () => {
      const cases: [string, string, string][] = [
        ['truePositive', 'compromisedUser', 'compromisedAccount'],
        ['falsePositive', 'clean', 'notMalicious'],
        ['FalsePositive', 'InsufficientData', 'notEnoughDataToValidate'],
        ['informationalExpectedActivity', 'confirmedActivity', 'confirmedUserActivity'],
        ['INFORMATIONALEXPECTEDACTIVITY', 'ConfirmedUserActivity', 'confirmedUserActivity'],
        ['TruePositive', 'MultiStagedAttack', 'multiStagedAttack'],
        ['benignPositive', 'lineOfBusinessApplication', 'lineOfBusinessApplication'],
      ];
      for (const [classification, determination, expected] of cases) {
        const ctx = await runOnText(graphSecurity, JSON.stringify(incident({ classification, determination })));
        expect(ctx.incidents[0]!.fields.determination, `${classification}/${determination}`).toBe(expected);
        expect(ctx.warnings).toEqual([]);
      }
    });

    it('maps every Graph incident status, and says where a redirected incident went', async () => {
      const expected: Record<string, string> = {
        active: 'active',
        resolved: 'resolved',
        inProgress: 'inProgress',
        awaitingAction: 'inProgress',
        redirected: 'closed',
        New: 'new',
      };
      for (const [status, ours] of Object.entries(expected)) {
        const ctx = await runOnText(graphSecurity, JSON.stringify(incident({ status, redirectIncidentId: status === 'redirected' ? '2001' : null })));
        expect(ctx.incidents[0]!.fields.status, status).toBe(ours);
        if (status === 'redirected')
          expect(ctx.warnings).toEqual(['record 1: incident 1001 was redirected (merged) into incident 2001; it was imported as closed']);
      }
      const odd = await runOnText(graphSecurity, JSON.stringify(incident({ status: 'unknownFutureValue', severity: 'Catastrophic' })));
      expect(odd.incidents[0]!.fields).toMatchObject({ status: 'active', severity: 'medium' });
      expect(odd.warnings).toEqual(['unknown incident status "unknownFutureValue"; read as "active"', 'unknown severity "Catastrophic"; read as "medium"']);
    });

    it('keeps a determination that does not fit the classification out of the case, with a warning', async () => {
      const ctx = await runOnText(graphSecurity, JSON.stringify(incident({ classification: 'falsePositive', determination: 'malware' })));
      expect(ctx.incidents[0]!.fields).toMatchObject({ classification: 'falsePositive', determination: 'unknown' });
      expect(ctx.warnings).toEqual(['determination "malware" does not fit classification "falsePositive"; the determination was read as "unknown"']);
      // An unset classification with a telling determination: the determination says which.
      const inferred = await runOnText(graphSecurity, JSON.stringify(incident({ classification: 'unknown', determination: 'phishing' })));
      expect(inferred.incidents[0]!.fields).toMatchObject({ classification: 'truePositive', determination: 'phishing' });
    });

    it('cleans fields the case model would refuse: long titles, tags with commas', async () => {
      const ctx = await runOnText(graphSecurity, JSON.stringify(incident({ displayName: 'x'.repeat(400), tags: ['a,b', 'A,B', ' c '] })));
      expect(ctx.incidents[0]!.fields.title).toHaveLength(300);
      expect(ctx.incidents[0]!.fields.tags).toEqual(['a b', 'c']);
    });

    it('maps every kind of evidence, and keeps an unknown kind as an "other" entity with all its fields', async () => {
      const evidence = [
        {
          '@odata.type': '#microsoft.graph.security.userEvidence',
          roles: ['compromised'],
          userAccount: { accountName: 'alice', domainName: 'CONTOSO', userPrincipalName: 'alice@contoso.com', displayName: 'Alice' },
        },
        { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '203.0.113.7', countryLetterCode: 'NL', roles: ['attacker'] },
        { '@odata.type': '#microsoft.graph.security.urlEvidence', url: 'https://evil.example/payload' },
        { '@odata.type': '#microsoft.graph.security.mailboxEvidence', primaryAddress: 'alice@contoso.com', displayName: 'Alice' },
        {
          '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
          internetMessageId: '<abc@evil.example>',
          subject: 'Invoice',
          recipientEmailAddress: 'alice@contoso.com',
          p1Sender: { emailAddress: 'billing@evil.example' },
          senderIp: '198.51.100.2',
        },
        {
          '@odata.type': '#microsoft.graph.security.registryValueEvidence',
          registryHive: 'HKEY_CURRENT_USER',
          registryKey: 'Software\\Run',
          registryValueName: 'updater',
          registryValue: 'c:\\x.exe',
        },
        { '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence', appId: 11161, displayName: 'Office 365' },
        { '@odata.type': '#microsoft.graph.security.oauthApplicationEvidence', appId: 'a-1', displayName: 'SimuLandApp' },
        { '@odata.type': '#microsoft.graph.security.securityGroupEvidence', displayName: 'Domain Admins', securityGroupId: 'g-1' },
        { '@odata.type': '#microsoft.graph.security.azureResourceEvidence', resourceId: '/subscriptions/s/vm1', resourceName: 'vm1' },
        { '@odata.type': '#microsoft.graph.security.amazonResourceEvidence', amazonResourceId: 'arn:aws:ec2:1', resourceName: 'i-1' },
        { '@odata.type': '#microsoft.graph.security.googleCloudResourceEvidence', fullResourceName: '//compute/x', resourceName: 'x' },
        { '@odata.type': '#microsoft.graph.security.mailClusterEvidence', clusterBy: 'Subject', clusterByValue: 'Invoice', query: 'q1' },
        { '@odata.type': '#microsoft.graph.security.blobEvidence', url: 'https://acct.blob.core.windows.net/c/b', name: 'b' },
        { '@odata.type': '#microsoft.graph.security.kubernetesPodEvidence', name: 'web-1', namespace: { name: 'prod', cluster: { name: 'aks1' } } },
        { '@odata.type': '#microsoft.graph.security.quantumFluxEvidence', fluxLevel: 11, roles: ['contextual'] },
      ];
      const ctx = await runOnText(graphSecurity, JSON.stringify(alert({ evidence })));
      expect(ctx.invalids).toEqual([]);
      const entities = ctx.alerts[0]!.record.entities!;
      expect(entities.map((e) => `${e.type} ${e.value}`)).toEqual([
        'user alice@contoso.com',
        'ip 203.0.113.7',
        'url https://evil.example/payload',
        'mailbox alice@contoso.com',
        'mailMessage <abc@evil.example>',
        'emailAddress billing@evil.example',
        'emailAddress alice@contoso.com',
        'ip 198.51.100.2',
        'registryValue HKCU\\Software\\Run\\updater',
        'cloudApplication Office 365',
        'oauthApplication SimuLandApp',
        'securityGroup Domain Admins',
        'cloudResource /subscriptions/s/vm1',
        'cloudResource arn:aws:ec2:1',
        'cloudResource //compute/x',
        'other mail cluster: q1',
        'cloudResource https://acct.blob.core.windows.net/c/b',
        'cloudResource kubernetesPod:aks1/prod/web-1',
        'other quantumFluxEvidence: {"fluxLevel":11}',
      ]);
      expect(entities[0]).toMatchObject({ display: 'Alice', roles: ['compromised'] });
      expect(entities.at(-1)).toMatchObject({ roles: ['contextual'], attributes: { evidenceType: 'quantumFluxEvidence', fluxLevel: 11 } });
      expect(ctx.events[0]!.record.user).toBe('alice@contoso.com');
    });

    it('reads an incident whose @odata.type is an older or unexpected name, or missing, by its shape', async () => {
      const older = incident({ '@odata.type': '#microsoft.graph.incident', id: '2001' });
      const unexpected = incident({
        '@odata.type': '#microsoft.graph.security.incidentV3',
        id: '2002',
        incidentWebUrl: 'https://security.microsoft.com/incidents/2002',
      });
      const none = incident({ '@odata.type': undefined, id: '2003', alerts: [alert({ '@odata.type': undefined, id: 'a-3', alertWebUrl: 'https://x' })] });
      const text = JSON.stringify({ value: [older, unexpected, none] });
      expect(graphSecurity.sniff({ name: 'i.json', size: text.length, head: Buffer.from(text), text })).toBeGreaterThanOrEqual(0.9);
      const ctx = await runOnText(graphSecurity, text);
      expect(ctx.warnings).toEqual([]);
      expect(ctx.incidents.map((i) => i.externalId)).toEqual(['2001', '2002', '2003']);
      expect(ctx.of('2003').alerts.map((a) => a.externalId)).toEqual(['a-3']);
    });

    it('keeps two runs of one image on one device as two processes, each with its start on the timeline', async () => {
      const run = (pid: number, started: string) => ({
        '@odata.type': '#microsoft.graph.security.processEvidence',
        processId: pid,
        processCommandLine: `powershell.exe -enc ${pid}`,
        processCreationDateTime: started,
        mdeDeviceId: 'dev-1',
        imageFile: { fileName: 'powershell.exe', filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0' },
        userAccount: { accountName: 'alice', domainName: 'CONTOSO' },
      });
      const evidence = [
        {
          '@odata.type': '#microsoft.graph.security.deviceEvidence',
          deviceDnsName: 'wks-7.contoso.com',
          mdeDeviceId: 'dev-1',
          lastIpAddress: '10.0.4.17',
          lastExternalIpAddress: '203.0.113.50',
          ipInterfaces: ['10.0.4.17', 'fe80::1c2b:3d4e:5f60:7a8b'],
        },
        run(4120, '2024-03-01T09:50:01Z'),
        run(5312, '2024-03-01T09:51:30Z'),
      ];
      const ctx = await runOnText(graphSecurity, JSON.stringify(alert({ evidence })));
      const entities = ctx.alerts[0]!.record.entities!;
      const processes = entities.filter((e) => e.type === 'process');
      expect(processes.map((p) => p.display)).toEqual([
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe (pid 4120)',
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe (pid 5312)',
      ]);
      expect(new Set(processes.map((p) => p.value)).size).toBe(2);
      // The device's private, public and interface addresses are IP entities of the same alert, naming the device.
      expect(entities.filter((e) => e.type === 'ip').map((e) => [e.value, e.attributes])).toEqual([
        ['203.0.113.50', { device: 'wks-7.contoso.com', seenAs: 'public address' }],
        ['10.0.4.17', { device: 'wks-7.contoso.com', seenAs: 'private address' }],
        ['fe80::1c2b:3d4e:5f60:7a8b', { device: 'wks-7.contoso.com', seenAs: 'interface address' }],
      ]);
      const starts = ctx.allEvents.filter((e) => e.timestampDesc === 'Process created');
      expect(starts.map((e) => [e.time, e.host, e.user, e.message])).toEqual([
        [us('2024-03-01T09:50:01Z'), 'wks-7.contoso.com', 'CONTOSO\\alice', 'Process started: powershell.exe -enc 4120 (pid 4120)'],
        [us('2024-03-01T09:51:30Z'), 'wks-7.contoso.com', 'CONTOSO\\alice', 'Process started: powershell.exe -enc 5312 (pid 5312)'],
      ]);
    });

    it("reads a list of alerts; an alert goes with its incident when that incident is in the file, else into the file's own case", async () => {
      const text = JSON.stringify([alert({ id: 'loose', incidentId: '9999' }), incident(), alert({ id: 'mine' })]);
      const ctx = await runOnText(graphSecurity, text);
      expect(ctx.of('').alerts.map((a) => a.externalId)).toEqual(['loose']);
      expect(ctx.of('1001').alerts.map((a) => a.externalId)).toEqual(['mine']);
    });

    it('reads JSON Lines, one incident per line (as SIEM pipelines store them)', async () => {
      const text = [JSON.stringify(incident()), '', JSON.stringify(incident({ id: '1002', displayName: 'Second' }))].join('\n');
      const ctx = await runOnText(graphSecurity, text);
      expect(ctx.incidents.map((i) => i.fields.title)).toEqual(['Credential theft on two devices', 'Second']);
    });

    it('reads a list of evidence as entities of the file', async () => {
      const ctx = await runOnText(
        graphSecurity,
        JSON.stringify({ value: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.1.1.1', roles: ['attacker'] }] }),
      );
      expect(ctx.of('').entities).toEqual([expect.objectContaining({ type: 'ip', value: '10.1.1.1', roles: ['attacker'] })]);
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
