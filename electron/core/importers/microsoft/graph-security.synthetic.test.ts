import { describe, expect, it } from 'vitest';
import { runOnText } from '../../../../tests/unit/support/recording-context';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { graphSecurity } from './graph-security';

import { alert, incident, us } from '../../../../tests/unit/support/graph-rows';

describe('Graph security importer', () => {
  const tempDir = useTempDirs();

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
});
