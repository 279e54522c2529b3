/**
 * Curated case records that imports bring in (alerts, entities, indicators,
 * pending actions, evidence). They live in the case journal and, for the open
 * case, in the renderer's read model. Timeline events are not here: they live
 * in the engine's timeline store (see shared/domain/timeline.ts).
 */
import type { Severity } from './case';

export const ENTITY_TYPES = [
  'device',
  'user',
  'ip',
  'domain',
  'url',
  'file',
  'hash',
  'process',
  'mailbox',
  'mailMessage',
  'registryKey',
  'registryValue',
  'cloudApplication',
  'cloudResource',
  'oauthApplication',
  'securityGroup',
  'emailAddress',
  'filePath',
  'other',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface EntityRecord {
  /** Stable id: a hash of type and normalized key, so the same thing from two sources is one entity. */
  id: string;
  caseId: string;
  type: EntityType;
  /** Normalized identity (case-folded host, canonical IP, lower-case hash...). */
  key: string;
  /** How to show it. */
  display: string;
  /** Graph evidence roles (e.g. 'attacker', 'compromised', 'contextual'). */
  roles: string[];
  verdict: string | null;
  remediationStatus: string | null;
  /** Where it was seen: source names (file or product). */
  sources: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Everything else the source said about it. */
  attributes: Record<string, unknown>;
}

export interface AlertRecord {
  id: string;
  caseId: string;
  /** The source's own id, to deduplicate re-imports. */
  externalId: string;
  title: string;
  severity: Severity;
  status: string;
  category: string | null;
  source: string;
  detectionSource: string | null;
  createdAt: string | null;
  firstActivity: string | null;
  lastActivity: string | null;
  description: string;
  mitreTechniques: string[];
  entityIds: string[];
  attributes: Record<string, unknown>;
}

export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'email',
  'filename',
  'mutex',
  'registry',
  'user-agent',
  'other',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface IndicatorRecord {
  id: string;
  caseId: string;
  type: IndicatorType;
  value: string;
  /** Whether the source marks it for detection (MISP to_ids, STIX indicator). */
  forDetection: boolean;
  source: string;
  externalId: string | null;
  description: string;
  tlp: string | null;
  labels: string[];
  /** STIX pattern or MISP type it came from. */
  origin: string;
  validFrom: string | null;
  validUntil: string | null;
  attributes: Record<string, unknown>;
}

export const ACTION_STATUSES = ['pending', 'approved', 'rejected', 'inProgress', 'succeeded', 'failed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionRecord {
  id: string;
  caseId: string;
  externalId: string | null;
  /** e.g. 'IsolateMachine', 'StopAndQuarantineFile', 'RunAntiVirusScan'. */
  type: string;
  status: ActionStatus;
  target: string;
  requestor: string;
  comment: string;
  source: string;
  createdAt: string | null;
  updatedAt: string | null;
  attributes: Record<string, unknown>;
}

export interface EvidenceRecord {
  id: string;
  caseId: string;
  kind: 'import' | 'file';
  name: string;
  size: number;
  sha256: string;
  /** For imports: the importer, counts and warnings. */
  importer: string | null;
  counts: Record<string, number>;
  warnings: string[];
  addedBy: string;
  addedAt: string;
  attributes: Record<string, unknown>;
}
