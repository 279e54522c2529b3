import { IMPORT_FORMATS, type ImportCounts, type ImportFormat } from '../../../shared/domain/import';

/** What each format is called on screen. */
export const FORMAT_LABELS: Record<ImportFormat, string> = {
  'graph-security': 'Microsoft Graph security (incidents, alerts)',
  'defender-machine-actions': 'Defender for Endpoint machine actions',
  sentinel: 'Microsoft Sentinel (incidents, SecurityAlert)',
  'microsoft-csv': 'Defender advanced hunting / Log Analytics CSV export',
  'timesketch-csv': 'Timesketch CSV',
  'timesketch-jsonl': 'Timesketch JSONL',
  'plaso-jsonl': 'Plaso JSON lines',
  'plaso-storage': 'Plaso storage (.plaso)',
  'plaso-csv': 'Plaso CSV (l2tcsv)',
  'hayabusa-csv': 'Hayabusa CSV',
  'hayabusa-json': 'Hayabusa JSON / JSONL',
  'security-datasets': 'Security-Datasets (Windows events)',
  tar: 'Tar archive (.tar, .tar.gz, .tgz)',
  zip: 'ZIP archive of other formats',
  evtx: 'Windows event log (.evtx)',
  'evtx-json': 'Windows events as JSON (evtx_dump, Chainsaw dump)',
  'evtx-yaml': 'Windows events as YAML (Chainsaw dump)',
  zeek: 'Zeek logs (TSV or JSON)',
  'suricata-eve': 'Suricata EVE JSON',
  cloudtrail: 'AWS CloudTrail',
  osquery: 'osquery result logs',
  velociraptor: 'Velociraptor collection or results',
  'kape-csv': 'KAPE / Eric Zimmerman tools CSV',
  stix21: 'STIX 2.1 bundle',
  misp: 'MISP event',
  'generic-csv': 'Generic CSV (map the columns)',
  'generic-jsonl': 'Generic JSONL (map the fields)',
};

export const ALL_FORMATS: readonly ImportFormat[] = IMPORT_FORMATS;

/** Formats whose columns the user maps on the preview. */
export function needsMapping(format: ImportFormat | null | undefined): boolean {
  return format === 'generic-csv' || format === 'generic-jsonl';
}

export const COUNT_LABELS: [keyof ImportCounts, string, string][] = [
  ['events', 'event', 'events'],
  ['alerts', 'alert', 'alerts'],
  ['entities', 'entity', 'entities'],
  ['indicators', 'indicator', 'indicators'],
  ['actions', 'action', 'actions'],
  ['incidents', 'incident', 'incidents'],
];

/** Zones offered first for times written without one; any other IANA name can be typed. */
export const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
] as const;

/** Every zone this browser knows, for the free-text field's suggestions. */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [...COMMON_ZONES];
  } catch {
    return [...COMMON_ZONES];
  }
}

/** A task id the caller chooses (import.start), so progress and cancel can name it before the call returns. */
export function newTaskId(): string {
  // crypto.randomUUID needs a secure context; getRandomValues works everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `import-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
