import type { FieldChange } from '../../../shared/domain/audit';
import { ACTION_KIND_LABELS } from '../../../shared/domain/actions';
import type { ActionCompletedData, ActionDecidedData, ActionProposedData } from '../cases/records/action-records';

/** How the audit trail shows the action records: what was proposed on what, and each decision and outcome with its why. */

export function actionProposedChanges(data: ActionProposedData): FieldChange[] {
  return data.actions.map((a) => ({
    field: `action ${a.id}`,
    from: null,
    to: `${a.kind === 'custom' ? a.title : ACTION_KIND_LABELS[a.kind]} on ${a.target.display} (${a.target.identifierName} ${a.target.identifier}), ${a.source}, expires ${a.expiresAt}: ${a.rationale}`,
  }));
}

export function actionDecidedChanges(data: ActionDecidedData): FieldChange[] {
  const which = data.ids.length === 1 ? `action ${data.ids[0]}` : `${data.ids.length} actions (${ACTION_KIND_LABELS[data.kind]})`;
  const changes: FieldChange[] = [{ field: `status of ${which}`, from: 'pending', to: data.decision }];
  if (data.comment) changes.push({ field: `comment on ${which}`, from: null, to: data.comment });
  return changes;
}

export function actionCompletedChanges(data: ActionCompletedData): FieldChange[] {
  const changes: FieldChange[] = [
    { field: `status of action ${data.id}`, from: 'approved', to: data.outcome },
    { field: `result of action ${data.id}`, from: null, to: data.note },
  ];
  if (data.evidenceId) changes.push({ field: `evidence of action ${data.id}`, from: null, to: data.evidenceId });
  return changes;
}
