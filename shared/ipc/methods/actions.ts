import { z } from 'zod';
import type { AuditEntry } from '../../domain/audit';
import { ACTION_KINDS, ACTION_SOURCES, ACTION_STATES, RUNBOOK_FORMATS, type ActionList, type CaseAction, type Runbook } from '../../domain/actions';
import { caseId, method, returns } from '../method';

/** What a command on actions answers: the actions it made or changed, and the journal entries it wrote. */
export interface ActionChange {
  actions: CaseAction[];
  audit: AuditEntry[];
}

const actionId = z.string().min(1).max(200);
const text = (max: number) => z.string().trim().max(max);

export const actionListSchema = z
  .object({
    caseId,
    status: z.array(z.enum(ACTION_STATES)).max(ACTION_STATES.length).optional(),
    kinds: z.array(z.enum(ACTION_KINDS)).max(ACTION_KINDS.length).optional(),
    sources: z.array(z.enum(ACTION_SOURCES)).max(ACTION_SOURCES.length).optional(),
    /** Case-insensitive substring of the target's name or identifier. */
    target: text(500).optional(),
    /** Only actions proposed at least this many hours ago. */
    olderThanHours: z
      .number()
      .min(0)
      .max(24 * 366)
      .optional(),
  })
  .strict();

export const actionsMethods = {
  /** The case's actions (proposed and imported), their status computed against the current time. */
  'actions.list': method(actionListSchema, returns<ActionList>()),
  /** Proposes one action of a kind per target entity: one journal record. */
  'actions.propose': method(
    z
      .object({
        caseId,
        kind: z.enum(ACTION_KINDS),
        targets: z.array(z.string().min(1).max(200)).min(1, 'choose at least one target').max(10_000),
        rationale: text(4000).min(1, 'say why the action is needed'),
        /** A custom action's name (required for kind "custom"). */
        title: text(200).optional(),
        source: z.enum(ACTION_SOURCES).default('manual'),
        expiresInDays: z.number().min(0.01).max(365).default(7),
      })
      .strict(),
    returns<ActionChange>(),
  ),
  /** Approves or rejects one or many pending actions of one kind: one journal record; a rejection needs a comment. */
  'actions.decide': method(
    z
      .object({
        caseId,
        ids: z.array(actionId).min(1, 'choose at least one action').max(100_000),
        decision: z.enum(['approve', 'reject']),
        comment: text(4000).default(''),
      })
      .strict(),
    returns<ActionChange>(),
  ),
  /** An approved action carried out (or not) outside Casebook: its outcome, with a note and optionally an evidence item. */
  'actions.complete': method(
    z
      .object({
        caseId,
        id: actionId,
        outcome: z.enum(['executed', 'failed']),
        note: text(4000).min(1, 'say what happened'),
        evidenceId: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    returns<ActionChange>(),
  ),
  /** Proposes the reverse of an action (isolate ↔ release, restrict ↔ unrestrict, disable ↔ enable). */
  'actions.undo': method(z.object({ caseId, id: actionId, rationale: text(4000).optional() }).strict(), returns<ActionChange>()),
  /** The approved actions as a runbook for whoever is on the live network, grouped by target. */
  'actions.runbook': method(z.object({ caseId, format: z.enum(RUNBOOK_FORMATS) }).strict(), returns<Runbook>()),
} as const;
