import { ACTION_KIND_LABELS, DEFAULT_EXPIRY_DAYS, type ActionKind, type ActionState, type CaseAction } from '../../../shared/domain/actions';
import type { ActionRecord, ActionStatus } from '../../../shared/domain/records';
import type { JournalRecord } from '../cases/records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS } from '../cases/records/import-records';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED, type ProposedAction } from '../cases/records/action-records';
import { importedTarget } from './action-targets';

/**
 * A case's actions, replayed from its journal: those proposed in Casebook
 * (action.proposed), those imported (Defender machine actions in committed
 * import records), then every decision and outcome recorded on them. Whether
 * a pending action has expired is computed against `now` on every read: an
 * expiry is not a record, since nobody did anything.
 */

const DAY_MS = 86_400_000;

/** Defender's machine action types, by the kind of action each is. */
const IMPORTED_KINDS: Record<string, ActionKind> = {
  isolatemachine: 'isolate',
  isolate: 'isolate',
  unisolate: 'release',
  unisolatemachine: 'release',
  releasefromisolation: 'release',
  restrictcodeexecution: 'restrict-apps',
  unrestrictcodeexecution: 'unrestrict-apps',
  stopandquarantinefile: 'quarantine-file',
  runantivirusscan: 'av-scan',
  collectinvestigationpackage: 'collect-package',
};

/** An imported action's status, as Casebook's statuses say it (a cancelled one was not done: rejected at the source). */
const IMPORTED_STATES: Record<ActionStatus, ActionState> = {
  pending: 'pending',
  approved: 'approved',
  inProgress: 'approved',
  rejected: 'rejected',
  cancelled: 'rejected',
  succeeded: 'executed',
  failed: 'failed',
};

/** The kind of an imported action, by its type at the source (Defender's IsolateMachine); custom when it has none of Casebook's. */
export function importedKind(type: string): ActionKind {
  return IMPORTED_KINDS[type.toLowerCase()] ?? 'custom';
}

function proposed(p: ProposedAction, r: JournalRecord): CaseAction {
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    target: p.target,
    rationale: p.rationale,
    source: p.source,
    origin: null,
    externalId: null,
    proposedBy: r.actor,
    proposedAt: r.at,
    expiresAt: p.expiresAt,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    comment: null,
    outcomeNote: null,
    evidenceId: null,
    undoOf: p.undoOf,
    history: [{ at: r.at, actor: r.actor, what: 'proposed', note: p.rationale, seq: r.seq }],
  };
}

function imported(a: ActionRecord, r: JournalRecord): CaseAction {
  const proposedAt = a.createdAt ?? r.at;
  const status = IMPORTED_STATES[a.status];
  const by = a.requestor || a.source;
  const action: CaseAction = {
    id: a.id,
    kind: importedKind(a.type),
    title: a.type,
    target: importedTarget(a),
    rationale: a.comment,
    source: 'imported',
    origin: a.source,
    externalId: a.externalId,
    proposedBy: by,
    proposedAt,
    expiresAt: new Date(Date.parse(proposedAt) + DEFAULT_EXPIRY_DAYS * DAY_MS).toISOString(),
    status,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    outcomeNote: null,
    evidenceId: null,
    undoOf: null,
    history: [{ at: r.at, actor: r.actor, what: 'imported', note: `${a.type}, ${a.status} at ${a.source}${a.comment ? `: ${a.comment}` : ''}`, seq: r.seq }],
  };
  if (status !== 'pending') {
    const what = status === 'approved' ? 'approved' : status;
    const at = a.updatedAt ?? proposedAt;
    action.history.push({ at, actor: a.source, what, note: `${a.status} at the source`, seq: r.seq });
    if (status === 'executed' || status === 'failed') action.outcomeNote = `${a.status} at the source`;
    else [action.decidedBy, action.decidedAt] = [a.source, at];
  }
  return action;
}

/** The actions of a case as its journal stands, statuses computed against `now` (ms). */
export function replayActions(records: readonly JournalRecord[], now: number): Map<string, CaseAction> {
  const committed = new Set<string>();
  for (const r of records) if (r.type === IMPORT_COMMITTED) committed.add(r.data.importId);
  const actions = new Map<string, CaseAction>();
  for (const r of records) {
    if (r.type === ACTION_PROPOSED) {
      for (const p of r.data.actions) actions.set(p.id, proposed(p, r));
    } else if (r.type === IMPORT_RECORDS && committed.has(r.data.importId)) {
      for (const a of r.data.actions ?? []) if (!actions.has(a.id)) actions.set(a.id, imported(a, r));
    } else if (r.type === ACTION_DECIDED) {
      for (const id of r.data.ids) {
        const action = actions.get(id);
        if (!action) continue;
        [action.status, action.decidedBy, action.decidedAt, action.comment] = [r.data.decision, r.actor, r.at, r.data.comment || null];
        action.history.push({ at: r.at, actor: r.actor, what: r.data.decision, note: r.data.comment, seq: r.seq });
      }
    } else if (r.type === ACTION_COMPLETED) {
      const action = actions.get(r.data.id);
      if (!action) continue;
      [action.status, action.outcomeNote, action.evidenceId] = [r.data.outcome, r.data.note, r.data.evidenceId];
      action.history.push({ at: r.at, actor: r.actor, what: r.data.outcome, note: r.data.note, seq: r.seq });
    }
  }
  for (const action of actions.values()) expire(action, now);
  return actions;
}

/** A pending action past its expiry is expired, and its history says when. */
function expire(action: CaseAction, now: number): void {
  if (action.status !== 'pending' || Date.parse(action.expiresAt) > now) return;
  action.status = 'expired';
  action.history.push({ at: action.expiresAt, actor: 'Casebook', what: 'expired', note: 'no decision before it expired', seq: null });
}

/** A kind's name as a person reads it, or the title a custom or imported action was given. */
export function actionName(action: Pick<CaseAction, 'kind' | 'title'>): string {
  return action.kind === 'custom' && action.title ? action.title : ACTION_KIND_LABELS[action.kind];
}
