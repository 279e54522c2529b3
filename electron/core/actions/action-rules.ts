import { REVERSE_KIND, type ActionKind, type CaseAction } from '../../../shared/domain/actions';
import { CasebookError } from '../../../shared/ipc/errors';
import { actionName } from './action-state';

/**
 * The rules a decision or an outcome must meet, checked before anything is
 * written: a refusal names every action it concerns and why, and nothing is
 * recorded (a bulk decision is all or nothing).
 */

export interface DecisionRequest {
  ids: readonly string[];
  decision: 'approve' | 'reject';
  comment: string;
  actor: string;
  twoPersonRule: boolean;
}

const listed = (items: readonly string[]): string => (items.length > 5 ? `${items.slice(0, 5).join('; ')} (and ${items.length - 5} more)` : items.join('; '));

/** A decision the state of the action does not allow: a conflict with what was recorded before. */
const refuse = (message: string) => new CasebookError('conflict', message);

/** Why an action cannot be decided now, or null. */
function whyNotDecidable(action: CaseAction, request: DecisionRequest): string | null {
  if (action.status === 'expired') return `it expired at ${action.expiresAt} without a decision`;
  if (action.status !== 'pending') {
    return `it is already ${action.status}${action.decidedBy ? ` (by ${action.decidedBy}, ${action.decidedAt})` : ''}`;
  }
  if (request.decision === 'approve' && request.twoPersonRule && action.proposedBy === request.actor) {
    return `${request.actor} proposed it, and the two-person rule says whoever proposed an action cannot approve it`;
  }
  return null;
}

/** The actions a decision is on, or a refusal saying which cannot be decided and why. Returns their kind. */
export function checkDecision(actions: ReadonlyMap<string, CaseAction>, request: DecisionRequest): { kind: ActionKind; decided: CaseAction[] } {
  const ids = [...new Set(request.ids)];
  const unknown = ids.filter((id) => !actions.has(id));
  if (unknown.length) throw new CasebookError('not-found', `actions.decide: the case has no action ${listed(unknown)}; nothing was decided`);
  const decided = ids.map((id) => actions.get(id)!);
  const kinds = [...new Set(decided.map((a) => a.kind))];
  if (kinds.length > 1) {
    throw refuse(`actions.decide: the actions are of ${kinds.length} kinds (${kinds.join(', ')}); decide on one kind at a time; nothing was decided`);
  }
  if (request.decision === 'reject' && !request.comment.trim()) {
    throw new CasebookError('invalid-input', 'actions.decide: comment: a rejection needs a comment saying why; nothing was decided');
  }
  const problems = decided.flatMap((a) => {
    const why = whyNotDecidable(a, request);
    return why ? [`${actionName(a)} on ${a.target.display} (${a.id}): ${why}`] : [];
  });
  if (problems.length) throw refuse(`actions.decide: cannot ${request.decision} ${listed(problems)}; nothing was decided`);
  return { kind: kinds[0]!, decided };
}

/** The action an outcome is recorded on: it must be approved and not yet carried out. */
export function checkCompletion(actions: ReadonlyMap<string, CaseAction>, id: string): CaseAction {
  const action = actions.get(id);
  if (!action) throw new CasebookError('not-found', `actions.complete: the case has no action ${id}`);
  if (action.status !== 'approved') {
    const state = action.status === 'executed' || action.status === 'failed' ? `already marked ${action.status}` : action.status;
    throw refuse(
      `actions.complete: ${actionName(action)} on ${action.target.display} (${id}) is ${state}; only an approved action can be marked executed or failed`,
    );
  }
  return action;
}

/** The kind that undoes an action, or a refusal when it has none, was not carried out, or is being undone already. */
export function reverseOf(action: CaseAction, actions: ReadonlyMap<string, CaseAction> = new Map()): ActionKind {
  const undoing = [...actions.values()].find((a) => a.undoOf === action.id && ['pending', 'approved', 'executed'].includes(a.status));
  if (undoing) throw refuse(`actions.undo: ${actionName(action)} on ${action.target.display} is being undone already (${undoing.id}, ${undoing.status})`);
  const reverse = REVERSE_KIND[action.kind];
  if (!reverse) throw refuse(`actions.undo: ${actionName(action)} has no reverse action (only isolate, restrict app execution and disable user have one)`);
  if (action.status !== 'executed' && action.status !== 'approved') {
    throw refuse(`actions.undo: ${actionName(action)} on ${action.target.display} is ${action.status}; only an approved or executed action can be undone`);
  }
  return reverse;
}
