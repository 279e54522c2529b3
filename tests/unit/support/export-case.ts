import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';

/**
 * A case with something in every part an export reads, made through the real
 * import pipeline from files written here: a Graph security incident (alerts
 * with ATT&CK techniques; device, user, IP, domain, URL and file evidence with
 * verdicts), a Timesketch timeline (hosts, users, attributes, hostile cells),
 * Defender machine actions, and indicators typed in.
 */

export const HOSTILE_TITLE = 'Credential theft <script>alert(1)</script> & "friends"';
export const SHA256 = 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db';

function incidentFile(dir: string): string {
  const evidence = [
    { '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: 'ws-042.contoso.com', roles: ['compromised'], verdict: 'suspicious' },
    { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'dana', domainName: 'CONTOSO' }, verdict: 'suspicious' },
    { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '203.0.113.7', roles: ['attacker'], verdict: 'malicious' },
    { '@odata.type': '#microsoft.graph.security.urlEvidence', url: 'http://evil.example/payload.ps1', verdict: 'malicious' },
    { '@odata.type': '#microsoft.graph.security.dnsEvidence', domainName: 'evil.example', verdict: 'malicious' },
    { '@odata.type': '#microsoft.graph.security.fileHashEvidence', value: SHA256, verdict: 'malicious' },
  ];
  const alert = (id: string, title: string, severity: string, techniques: string[], minute: number) => ({
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    incidentId: '1001',
    title,
    severity,
    status: 'new',
    category: 'CredentialAccess',
    detectionSource: 'microsoftDefenderForEndpoint',
    createdDateTime: `2024-03-01T09:${minute}:30Z`,
    firstActivityDateTime: `2024-03-01T09:${minute}:00Z`,
    lastActivityDateTime: `2024-03-01T09:${minute + 2}:00Z`,
    mitreTechniques: techniques,
    evidence,
  });
  const incident = {
    '@odata.type': '#microsoft.graph.security.incident',
    id: '1001',
    displayName: HOSTILE_TITLE,
    createdDateTime: '2024-03-01T10:00:00Z',
    status: 'active',
    severity: 'high',
    classification: 'truePositive',
    determination: 'compromisedAccount',
    assignedTo: 'dana@contoso.com',
    tags: ['Credential Theft'],
    alerts: [
      alert('da-1', 'Suspicious LSASS access', 'high', ['T1003.001'], 50),
      alert('da-2', 'Encoded PowerShell <b>bold</b>', 'medium', ['T1059.001', 'T1027'], 40),
      alert('da-3', 'Rare logon', 'low', [], 30),
    ],
  };
  const file = path.join(dir, 'incident.json');
  writeFileSync(file, JSON.stringify({ value: [incident] }));
  return file;
}

/** `count` events a second apart from 2024-03-01T09:00:00Z on two hosts, with hostile cells among them. */
export function timesketchFile(dir: string, count: number): string {
  const lines: string[] = [];
  const start = Date.parse('2024-03-01T09:00:00Z') * 1000;
  for (let i = 0; i < count; i++) {
    const time = start + i * 1_000_000 + (i % 7);
    const message =
      i === 3 ? "=cmd|' /C calc'!A0" : i === 4 ? 'two\nlines, "quoted"' : i === 5 ? 'Connection to 203.0.113.7:443 from ws-042' : `Process ${i} started`;
    lines.push(
      JSON.stringify({
        message,
        timestamp: time,
        timestamp_desc: i % 2 ? 'Event Recorded' : 'Creation Time',
        hostname: i % 3 ? 'ws-042.contoso.com' : 'srv-01.contoso.com',
        username: i % 2 ? 'CONTOSO\\dana' : 'SYSTEM',
        event_id: String(4688 + (i % 3)),
        tag: i % 10 === 0 ? ['suspicious'] : [],
      }),
    );
  }
  const file = path.join(dir, 'timeline.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function actionsFile(dir: string): string {
  const action = (id: string, type: string, status: string) => ({
    id,
    type,
    scope: 'Full',
    requestor: 'analyst@contoso.com',
    requestorComment: `${type} while we look`,
    status,
    machineId: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
    computerDnsName: 'ws-042.contoso.com',
    creationDateTimeUtc: '2024-03-01T11:00:00Z',
    lastUpdateTimeUtc: '2024-03-01T11:00:05Z',
    relatedFileInfo: null,
  });
  const file = path.join(dir, 'machine-actions.json');
  writeFileSync(file, JSON.stringify({ value: [action('a-1', 'Isolate', 'Succeeded'), action('a-2', 'RunAntiVirusScan', 'Pending')] }));
  return file;
}

export type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;

/** The case's files, written into `dir`: the incident (which makes the case), then its timeline and actions. */
export function exportCaseFiles(dir: string, events = 40) {
  return { incident: incidentFile(dir), timeline: timesketchFile(dir, events), actions: actionsFile(dir) };
}

/** Makes the case in `dir`; returns its id. */
export async function buildExportCase(call: Call, dir: string, events = 40): Promise<string> {
  const files = exportCaseFiles(dir, events);
  const made = await call('import.start', { taskId: 'incident', file: files.incident });
  const caseId = made.report.caseIds[0]!;
  await call('import.start', { taskId: 'timeline', file: files.timeline, caseId });
  await call('import.start', { taskId: 'actions', file: files.actions, caseId });
  await call('indicators.add', { caseId, type: 'ipv4', value: '203.0.113.7' });
  await call('indicators.add', { caseId, type: 'domain', value: 'evil.example' });
  await call('indicators.add', { caseId, type: 'sha256', value: SHA256 });
  await call('indicators.add', { caseId, type: 'url', value: "http://evil.example/it's.ps1" });
  return caseId;
}
