import type { ActionState } from '../../../shared/domain/actions';
import { STATE_LABELS } from './labels';

/** An action's status in its colour: pending amber, approved teal, executed green, failed red, rejected and expired grey. */
export function StateBadge({ state }: { state: ActionState }) {
  return <span className={`badge action-state action-state-${state}`}>{STATE_LABELS[state]}</span>;
}
