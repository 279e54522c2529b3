/** Rows as Microsoft Sentinel (Log Analytics) exports them, for the Sentinel importer's tests (electron/core/importers/microsoft/sentinel.test.ts). */

export const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;
export const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A SecurityAlert row as Log Analytics exports it: Entities and ExtendedProperties are JSON inside strings, linked by $id/$ref. */
const entities = [
  { $id: '3', HostName: 'pc1', DnsDomain: 'contoso.com', OSFamily: 'Windows', Type: 'host' },
  { $id: '4', Name: 'alice', NTDomain: 'CONTOSO', Sid: 'S-1-5-21-1-2-3-1104', Host: { $ref: '3' }, Type: 'account' },
  {
    $id: '5',
    ProcessId: '4242',
    CommandLine: 'powershell.exe -enc AAA',
    ImageFile: {
      $id: '6',
      Directory: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
      Name: 'powershell.exe',
      FileHashes: [{ $id: '7', Algorithm: 'SHA256', Value: 'DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C', Type: 'filehash' }],
      Type: 'file',
    },
    Account: { $ref: '4' },
    Host: { $ref: '3' },
    Type: 'process',
  },
  { $id: '8', Address: '203.0.113.9', Type: 'ip' },
  { $id: '9', Url: 'http://evil.example/a.ps1', Type: 'url' },
  { $ref: '3' },
];

export const securityAlert = (over: Record<string, unknown> = {}) => ({
  TenantId: '00000000-0000-0000-0000-000000000000',
  TimeGenerated: '2024-03-02T08:15:00.1234567Z',
  DisplayName: 'Suspicious PowerShell download',
  AlertName: 'Suspicious PowerShell download',
  AlertSeverity: 'High',
  Description: 'PowerShell downloaded a payload',
  ProviderName: 'ASI Scheduled Alerts',
  VendorName: 'Microsoft',
  SystemAlertId: 'sa-1',
  AlertType: '2c3f5a4e-rule',
  IsIncident: false,
  StartTime: '2024-03-02T08:00:00Z',
  EndTime: '2024-03-02T08:10:00Z',
  RemediationSteps: '["Isolate the host","Reset the password"]',
  ExtendedProperties: JSON.stringify({ 'Query Period': '05:00:00', 'Analytic Rule Name': 'PS download', 'Search Query Results Overall Count': '3' }),
  Entities: JSON.stringify(entities),
  SourceSystem: 'Detection',
  ProductName: 'Azure Sentinel',
  ProductComponentName: 'Scheduled Alerts',
  Status: 'New',
  CompromisedEntity: 'pc1.contoso.com',
  Tactics: 'Execution, CommandAndControl',
  Techniques: '["T1059","T1105"]',
  SubTechniques: '["T1059.001"]',
  Type: 'SecurityAlert',
  ...over,
});

export const securityIncident = (over: Record<string, unknown> = {}) => ({
  TenantId: '00000000-0000-0000-0000-000000000000',
  TimeGenerated: '2024-03-02T09:00:00Z',
  IncidentName: 'inc-guid-1',
  Title: 'PowerShell download on pc1',
  Description: '',
  Severity: 'High',
  Status: 'New',
  Classification: '',
  ClassificationReason: '',
  Owner: '{"objectId":null,"email":null,"assignedTo":"Bob","userPrincipalName":"bob@contoso.com"}',
  Labels: '[{"labelName":"ransomware","labelType":"User"}]',
  CreatedTime: '2024-03-02T08:16:00Z',
  LastModifiedTime: '2024-03-02T09:00:00Z',
  IncidentNumber: 42,
  AlertIds: '["sa-1"]',
  AdditionalData: '{"alertsCount":1,"tactics":["Execution"]}',
  Type: 'SecurityIncident',
  ...over,
});

export const securityEvent = {
  TimeGenerated: '2024-03-02T07:59:00.5Z',
  Computer: 'DC01.contoso.com',
  EventID: 4624,
  Activity: '4624 - An account was successfully logged on.',
  Account: 'CONTOSO\\alice',
  IpAddress: '10.0.0.5',
  LogonType: 3,
  Type: 'SecurityEvent',
};

/** A DeviceProcessEvents row (advanced hunting), with the `_string` column Kusto writes when a type changed. */
export const processRow = {
  Timestamp: '2024-03-02T08:05:00.1234567Z',
  DeviceId: 'd1e5',
  DeviceName: 'pc1.contoso.com',
  ActionType: 'ProcessCreated',
  FileName: 'rundll32.exe',
  FolderPath: 'C:\\Windows\\System32\\rundll32.exe',
  SHA1: '1111111111111111111111111111111111111111',
  SHA256: '2222222222222222222222222222222222222222222222222222222222222222',
  MD5: '33333333333333333333333333333333',
  ProcessId: 5120,
  ProcessCommandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
  AccountDomain: 'contoso',
  AccountName: 'alice',
  InitiatingProcessFileName: 'powershell.exe',
  InitiatingProcessFolderPath: 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
  InitiatingProcessCommandLine: '"powershell.exe" -nop',
  InitiatingProcessSHA256: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
  InitiatingProcessAccountDomain: 'contoso',
  InitiatingProcessAccountName: 'alice',
  RemoteIP: '',
  AdditionalFields: '',
  AdditionalFields_string: '{"ProcessIntegrityLevel":"High"}',
  ReportId_long: 1234,
  ReportId_string: '',
};
