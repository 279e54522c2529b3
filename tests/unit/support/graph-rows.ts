// Graph security API rows for the importer's tests: an incident and an alert with everything set, each field overridable.

/** µs since the epoch of an ISO time, plus extra µs (7-digit fractions carry more than Date.parse keeps). */
export const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;

export const incident = (over: Record<string, unknown> = {}) => ({
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

export const alert = (over: Record<string, unknown> = {}) => ({
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
