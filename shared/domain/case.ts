import { z } from 'zod';

/**
 * The incident fields of a case, following the Microsoft Defender / Sentinel
 * incident (Graph security API) so that imported incidents map one to one.
 */

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['new', 'active', 'inProgress', 'resolved', 'closed'] as const;
export const CLASSIFICATIONS = ['unknown', 'truePositive', 'falsePositive', 'informationalExpectedActivity'] as const;
/** Graph security `alertDetermination` vocabulary. */
export const DETERMINATIONS = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedUserActivity',
  'lineOfBusinessApplication',
] as const;
/** Traffic Light Protocol 2.0. */
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type CaseStatus = (typeof STATUSES)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Determination = (typeof DETERMINATIONS)[number];
export type Tlp = (typeof TLPS)[number];

/**
 * Which determinations the Defender portal offers for each classification.
 * 'unknown' and 'other' are always allowed so a responder is never forced to guess.
 */
export const DETERMINATIONS_BY_CLASSIFICATION: Record<Classification, readonly Determination[]> = {
  unknown: ['unknown'],
  truePositive: [
    'unknown',
    'multiStagedAttack',
    'maliciousUserActivity',
    'compromisedAccount',
    'malware',
    'phishing',
    'unwantedSoftware',
    'apt',
    'securityPersonnel',
    'securityTesting',
    'other',
  ],
  informationalExpectedActivity: ['unknown', 'securityTesting', 'lineOfBusinessApplication', 'confirmedUserActivity', 'securityPersonnel', 'other'],
  falsePositive: ['unknown', 'notMalicious', 'notEnoughDataToValidate', 'other'],
};

export const LABELS: Record<string, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
  new: 'New',
  active: 'Active',
  inProgress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
  unknown: 'Unknown',
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
  apt: 'APT',
  malware: 'Malware',
  securityPersonnel: 'Security personnel',
  securityTesting: 'Security testing',
  unwantedSoftware: 'Unwanted software',
  other: 'Other',
  multiStagedAttack: 'Multi-staged attack',
  compromisedAccount: 'Compromised account',
  phishing: 'Phishing',
  maliciousUserActivity: 'Malicious user activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  confirmedUserActivity: 'Confirmed user activity',
  lineOfBusinessApplication: 'Line-of-business application',
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

export function label(value: string): string {
  return LABELS[value] ?? value;
}

/** Where a case came from when an import created it (an incident in a Defender, Sentinel or MISP export...). */
export interface CaseOrigin {
  format: string;
  file: string;
  /** The incident's id in its source. */
  externalId: string;
  /** When the source says the incident was created (ISO 8601 UTC), if it says. */
  createdAt: string | null;
  attributes: Record<string, unknown>;
}

/** A case as every layer sees it: the state after replaying its journal. */
export interface CaseRecord {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  status: CaseStatus;
  classification: Classification;
  determination: Determination;
  owner: string;
  tags: string[];
  tlp: Tlp;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Sequence number of the journal entry that last changed the case; used for optimistic concurrency. */
  version: number;
  /** Set when an import created the case from an incident. */
  origin?: CaseOrigin | null;
}

/** Sizes a case field may have; importers shorten longer source values to these (and say so). */
export const CASE_LIMITS = { title: 300, description: 100_000, owner: 200, tag: 64, tags: 100 } as const;

export const tagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(CASE_LIMITS.tag, `a tag is at most ${CASE_LIMITS.tag} characters`)
  .regex(/^[^,\n\r\t]+$/, 'a tag cannot contain commas, tabs or line breaks');

/** The editable triage fields; every field optional so a patch names only what changes. */
export const casePatchSchema = z
  .object({
    title: z.string().trim().min(1, 'the title cannot be empty').max(CASE_LIMITS.title, `the title is at most ${CASE_LIMITS.title} characters`),
    description: z.string().max(CASE_LIMITS.description, 'the description is at most 100,000 characters'),
    severity: z.enum(SEVERITIES),
    status: z.enum(STATUSES),
    classification: z.enum(CLASSIFICATIONS),
    determination: z.enum(DETERMINATIONS),
    owner: z.string().trim().max(CASE_LIMITS.owner, `the owner is at most ${CASE_LIMITS.owner} characters`),
    tags: z.array(tagSchema).max(CASE_LIMITS.tags, `at most ${CASE_LIMITS.tags} tags`),
    tlp: z.enum(TLPS),
  })
  .partial()
  .strict();

export type CasePatch = z.infer<typeof casePatchSchema>;

export const caseCreateSchema = casePatchSchema.extend({
  title: z.string().trim().min(1, 'the title cannot be empty').max(CASE_LIMITS.title, `the title is at most ${CASE_LIMITS.title} characters`),
});
export type CaseCreate = z.infer<typeof caseCreateSchema>;

/** The fields a patch may touch, in display order. */
export const CASE_FIELDS = [
  'title',
  'description',
  'severity',
  'status',
  'classification',
  'determination',
  'owner',
  'tags',
  'tlp',
] as const satisfies readonly (keyof CasePatch)[];
export type CaseField = (typeof CASE_FIELDS)[number];

/** Returns a message when the determination does not fit the classification, else null. */
export function checkDetermination(classification: Classification, determination: Determination): string | null {
  if (DETERMINATIONS_BY_CLASSIFICATION[classification].includes(determination)) return null;
  return `determination '${determination}' does not fit classification '${classification}'; allowed: ${DETERMINATIONS_BY_CLASSIFICATION[classification].join(
    ', ',
  )}`;
}
