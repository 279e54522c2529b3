import {
  checkDetermination,
  DETERMINATIONS_BY_CLASSIFICATION,
  type CaseStatus,
  type Classification,
  type Determination,
  type Severity,
} from '../../../../shared/domain/case';
import type { ActionStatus } from '../../../../shared/domain/records';

/**
 * Microsoft's enum vocabularies, in every casing they come in (Graph camelCase,
 * Sentinel and Defender API PascalCase, hand-edited exports in any case), onto
 * Casebook's. Keys are folded: lower case, without spaces, '_' or '-'. A value
 * we do not know maps to a neutral default and is reported once per field, so
 * a new enum member in a future API version never fails an import.
 */

export type Warn = (message: string) => void;

const fold = (value: string) => value.replace(/[\s_-]/g, '').toLowerCase();

/** Reports each unknown value of each field only once per import. */
export function onceWarner(warn: Warn): Warn {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    warn(message);
  };
}

function lookup<T extends string>(table: Record<string, T>, raw: unknown, fallback: T, what: string, warn: Warn): T {
  if (raw === null || raw === undefined || raw === '') return fallback;
  const text = String(raw);
  const hit = table[fold(text)];
  if (hit !== undefined) return hit;
  warn(`unknown ${what} "${text.slice(0, 60)}"; read as "${fallback}"`);
  return fallback;
}

/** 'unknown' is a real Graph value meaning "not set": the case default (medium), without a warning. */
const SEVERITY: Record<string, Severity> = {
  informational: 'informational',
  info: 'informational',
  information: 'informational',
  low: 'low',
  medium: 'medium',
  med: 'medium',
  moderate: 'medium',
  high: 'high',
  critical: 'critical',
  crit: 'critical',
  unknown: 'medium',
  unknownfuturevalue: 'medium',
};
export const mapSeverity = (raw: unknown, warn: Warn): Severity => lookup(SEVERITY, raw, 'medium', 'severity', warn);

/**
 * Graph incidentStatus and Sentinel status onto ours. 'awaitingAction' is work
 * in progress (Defender waits for an approval); 'redirected' means Defender
 * merged the incident into another one, so for us it is closed (the caller
 * warns with the target incident's id).
 */
const INCIDENT_STATUS: Record<string, CaseStatus> = {
  new: 'new',
  active: 'active',
  inprogress: 'inProgress',
  awaitingaction: 'inProgress',
  resolved: 'resolved',
  closed: 'closed',
  redirected: 'closed',
};
export const mapIncidentStatus = (raw: unknown, warn: Warn): CaseStatus => lookup(INCIDENT_STATUS, raw, 'active', 'incident status', warn);

/**
 * Alert status is free text in AlertRecord; we still fold the known values to
 * one spelling (Graph v2 new/inProgress/resolved, the legacy and Sentinel
 * New/InProgress/Resolved/Dismissed) so filters see one value per meaning.
 */
const ALERT_STATUS: Record<string, string> = {
  new: 'new',
  active: 'active',
  inprogress: 'inProgress',
  resolved: 'resolved',
  dismissed: 'dismissed',
  closed: 'resolved',
  unknown: 'unknown',
  unknownfuturevalue: 'unknown',
};
export function mapAlertStatus(raw: unknown): string {
  if (raw === null || raw === undefined || raw === '') return 'new';
  const text = String(raw);
  return ALERT_STATUS[fold(text)] ?? text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Both classification vocabularies: Graph v2 (truePositive, falsePositive,
 * informationalExpectedActivity) and the legacy / Sentinel one (TruePositive,
 * FalsePositive, BenignPositive, Undetermined).
 */
const CLASSIFICATION: Record<string, Classification> = {
  unknown: 'unknown',
  undetermined: 'unknown',
  unknownfuturevalue: 'unknown',
  truepositive: 'truePositive',
  falsepositive: 'falsePositive',
  informationalexpectedactivity: 'informationalExpectedActivity',
  'informational,expectedactivity': 'informationalExpectedActivity',
  benignpositive: 'informationalExpectedActivity',
};
export const mapClassification = (raw: unknown, warn: Warn): Classification => lookup(CLASSIFICATION, raw, 'unknown', 'classification', warn);

/**
 * Both determination vocabularies: Graph v2 alertDetermination and the older
 * Defender API one (compromisedUser, clean, insufficientData, confirmedActivity,
 * notAvailable...).
 */
const DETERMINATION: Record<string, Determination> = {
  unknown: 'unknown',
  notavailable: 'unknown',
  unknownfuturevalue: 'unknown',
  apt: 'apt',
  malware: 'malware',
  securitypersonnel: 'securityPersonnel',
  securitytesting: 'securityTesting',
  unwantedsoftware: 'unwantedSoftware',
  other: 'other',
  multistagedattack: 'multiStagedAttack',
  compromisedaccount: 'compromisedAccount',
  compromiseduser: 'compromisedAccount',
  phishing: 'phishing',
  malicioususeractivity: 'maliciousUserActivity',
  notmalicious: 'notMalicious',
  clean: 'notMalicious',
  notenoughdatatovalidate: 'notEnoughDataToValidate',
  insufficientdata: 'notEnoughDataToValidate',
  confirmeduseractivity: 'confirmedUserActivity',
  confirmedactivity: 'confirmedUserActivity',
  lineofbusinessapplication: 'lineOfBusinessApplication',
};
export const mapDetermination = (raw: unknown, warn: Warn): Determination => lookup(DETERMINATION, raw, 'unknown', 'determination', warn);

/**
 * Sentinel has no determination, only a classification reason. Two reasons
 * name a Graph determination; the others ("suspicious activity", "suspicious
 * but expected") do not, so they leave it unknown (the reason itself is kept
 * with the incident's attributes).
 */
const SENTINEL_REASON: Record<string, Determination> = {
  incorrectalertlogic: 'notMalicious',
  inaccuratedata: 'notEnoughDataToValidate',
  suspiciousactivity: 'unknown',
  suspiciousbutexpected: 'unknown',
  undetermined: 'unknown',
};
export const mapSentinelReason = (raw: unknown, warn: Warn): Determination => lookup(SENTINEL_REASON, raw, 'unknown', 'Sentinel classification reason', warn);

/**
 * A determination must fit the classification (the case model refuses the
 * pair otherwise). When the classification is unknown but the determination
 * names exactly one classification, that one is meant; otherwise the
 * classification, the analyst's main verdict, wins and the determination
 * becomes unknown, with a warning naming both.
 */
export function fitDetermination(
  classification: Classification,
  determination: Determination,
  warn: Warn,
): { classification: Classification; determination: Determination } {
  if (!checkDetermination(classification, determination)) return { classification, determination };
  if (classification === 'unknown') {
    const owners = (Object.keys(DETERMINATIONS_BY_CLASSIFICATION) as Classification[]).filter(
      (c) => c !== 'unknown' && DETERMINATIONS_BY_CLASSIFICATION[c].includes(determination),
    );
    if (owners.length === 1) return { classification: owners[0]!, determination };
  }
  warn(`determination "${determination}" does not fit classification "${classification}"; the determination was read as "unknown"`);
  return { classification, determination: 'unknown' };
}

/** Defender for Endpoint machineAction status, plus the Action center's approval states. */
const ACTION_STATUS: Record<string, ActionStatus> = {
  pending: 'pending',
  pendingapproval: 'pending',
  created: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  declined: 'rejected',
  inprogress: 'inProgress',
  running: 'inProgress',
  succeeded: 'succeeded',
  success: 'succeeded',
  completed: 'succeeded',
  failed: 'failed',
  timeout: 'failed',
  timedout: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};
export const mapActionStatus = (raw: unknown, warn: Warn): ActionStatus => lookup(ACTION_STATUS, raw, 'pending', 'action status', warn);
