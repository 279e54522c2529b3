import { z } from 'zod';
import { ACTION_KINDS, ACTION_SOURCES, type ActionKind, type ActionSource, type ActionTarget } from '../../../../shared/domain/actions';
import { ENTITY_TYPES } from '../../../../shared/domain/records';

/**
 * The journal records of response actions (electron/core/actions/): a
 * proposal (one or many actions, one per target), a decision on one or many
 * pending actions of one kind, and the outcome of an approved one. Imported
 * actions (Defender machine actions) are in their import's records; decisions
 * and outcomes on them are these records too.
 */
export const ACTION_PROPOSED = 'action.proposed';
export const ACTION_DECIDED = 'action.decided';
export const ACTION_COMPLETED = 'action.completed';

const targetSchema: z.ZodType<ActionTarget> = z.object({
  entityId: z.string().nullable(),
  type: z.enum(ENTITY_TYPES).nullable(),
  display: z.string(),
  identifierName: z.string(),
  identifier: z.string(),
  more: z.array(z.object({ name: z.string(), value: z.string() })),
});

export interface ProposedAction {
  id: string;
  kind: ActionKind;
  title: string;
  target: ActionTarget;
  rationale: string;
  source: ActionSource;
  /** ISO 8601 UTC. */
  expiresAt: string;
  undoOf: string | null;
}

const proposedActionSchema: z.ZodType<ProposedAction> = z.object({
  id: z.string().min(1),
  kind: z.enum(ACTION_KINDS),
  title: z.string(),
  target: targetSchema,
  rationale: z.string(),
  source: z.enum(ACTION_SOURCES),
  expiresAt: z.string(),
  undoOf: z.string().nullable(),
});

export const actionProposedSchema = z.object({ actions: z.array(proposedActionSchema).min(1) });
export interface ActionProposedData {
  actions: ProposedAction[];
}

export const actionDecidedSchema = z.object({
  ids: z.array(z.string().min(1)).min(1),
  kind: z.enum(ACTION_KINDS),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string(),
});
export interface ActionDecidedData {
  ids: string[];
  kind: ActionKind;
  decision: 'approved' | 'rejected';
  comment: string;
}

export const actionCompletedSchema = z.object({
  id: z.string().min(1),
  outcome: z.enum(['executed', 'failed']),
  note: z.string(),
  evidenceId: z.string().nullable(),
});
export interface ActionCompletedData {
  id: string;
  outcome: 'executed' | 'failed';
  note: string;
  evidenceId: string | null;
}
