import type { EntityType } from './records';

/**
 * Response actions (issue 14): proposed in Casebook or imported (Defender
 * machine actions), reviewed (approved or rejected), then carried out outside
 * Casebook and marked executed or failed. Every proposal, decision and outcome
 * is a journal record; an action's status is computed from them on read.
 */

export const ACTION_KINDS = [
  'isolate',
  'release',
  'restrict-apps',
  'unrestrict-apps',
  'quarantine-file',
  'disable-user',
  'enable-user',
  'reset-password',
  'revoke-sessions',
  'block-indicator',
  'delete-email',
  'remove-scheduled-task',
  'stop-service',
  'collect-package',
  'av-scan',
  'custom',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  isolate: 'Isolate device',
  release: 'Release device from isolation',
  'restrict-apps': 'Restrict app execution',
  'unrestrict-apps': 'Remove app restriction',
  'quarantine-file': 'Stop and quarantine file',
  'disable-user': 'Disable user',
  'enable-user': 'Enable user',
  'reset-password': 'Reset password',
  'revoke-sessions': 'Revoke sessions',
  'block-indicator': 'Block indicator',
  'delete-email': 'Delete e-mail',
  'remove-scheduled-task': 'Remove scheduled task',
  'stop-service': 'Stop service',
  'collect-package': 'Collect investigation package',
  'av-scan': 'Run antivirus scan',
  custom: 'Custom action',
};

/** The action that undoes each reversible kind ("undo" proposes it). */
export const REVERSE_KIND: Partial<Record<ActionKind, ActionKind>> = {
  isolate: 'release',
  release: 'isolate',
  'restrict-apps': 'unrestrict-apps',
  'unrestrict-apps': 'restrict-apps',
  'disable-user': 'enable-user',
  'enable-user': 'disable-user',
};

/** Kinds whose outcome says nothing about whether the target is remediated: the reverse actions and evidence collection. */
export const NON_REMEDIATING_KINDS: readonly ActionKind[] = ['release', 'unrestrict-apps', 'enable-user', 'collect-package'];

export const ACTION_SOURCES = ['manual', 'imported', 'rule', 'playbook'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export const ACTION_STATES = ['pending', 'approved', 'rejected', 'expired', 'executed', 'failed'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** Days a proposal waits for a decision unless told otherwise (as in Defender). */
export const DEFAULT_EXPIRY_DAYS = 7;

export const REMEDIATION_STATUSES = ['not-remediated', 'in-progress', 'remediated', 'failed', 'excluded'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export const REMEDIATION_LABELS: Record<RemediationStatus, string> = {
  'not-remediated': 'Not remediated',
  'in-progress': 'In progress',
  remediated: 'Remediated',
  failed: 'Failed',
  excluded: 'Excluded',
};

/** What an action acts on: the entity, and the exact identifier whoever carries it out needs (device id, SID, UPN, SHA-256). */
export interface ActionTarget {
  /** The case's entity id, or null for an imported action whose target is not an entity of the case. */
  entityId: string | null;
  type: EntityType | null;
  display: string;
  /** e.g. 'Device id', 'SID', 'UPN', 'SHA-256', 'Host name'. */
  identifierName: string;
  identifier: string;
  /** Other exact identifiers found on the entity (a user's SID beside its UPN). */
  more: { name: string; value: string }[];
}

/** One step of an action's history: who did what, when, and why. */
export interface ActionEvent {
  at: string;
  actor: string;
  what: 'proposed' | 'imported' | 'approved' | 'rejected' | 'executed' | 'failed' | 'expired';
  note: string;
  /** The journal record that says so (none for an expiry, which is computed). */
  seq: number | null;
}

export interface CaseAction {
  id: string;
  kind: ActionKind;
  /** What the source called it (an imported action's type, a custom action's name). */
  title: string;
  target: ActionTarget;
  rationale: string;
  source: ActionSource;
  /** Where an imported action came from (e.g. 'Microsoft Defender for Endpoint') and its id there. */
  origin: string | null;
  externalId: string | null;
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
  status: ActionState;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  outcomeNote: string | null;
  evidenceId: string | null;
  /** The action this one undoes. */
  undoOf: string | null;
  history: ActionEvent[];
}

export interface ActionList {
  actions: CaseAction[];
  /** The time statuses were computed against (expiry). */
  now: string;
  twoPersonRule: boolean;
}

export const RUNBOOK_FORMATS = ['md', 'csv', 'json'] as const;
export type RunbookFormat = (typeof RUNBOOK_FORMATS)[number];

export interface Runbook {
  format: RunbookFormat;
  fileName: string;
  content: string;
  actions: number;
}
