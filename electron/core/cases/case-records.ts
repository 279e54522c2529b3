import { OPENED_ENTITIES_LIMIT } from '../../../shared/ipc/contract';
import type { AlertRecord, EntityRecord } from '../../../shared/domain/records';
import type { CaseState } from './case-state';

/** The entities that matter to triage: named by an alert, or given a role, a verdict or a remediation status. */
function triageEntities(entities: Iterable<EntityRecord>, alerts: AlertRecord[]): EntityRecord[] {
  const named = new Set(alerts.flatMap((a) => a.entityIds));
  return [...entities].filter((e) => named.has(e.id) || e.roles.length > 0 || e.verdict !== null || e.remediationStatus !== null);
}

/** A case's records as the read model gets them: all of them, but past OPENED_ENTITIES_LIMIT only the entities that matter to triage. */
export function recordLists(state: CaseState) {
  const alerts = [...state.alerts.values()];
  return {
    alerts,
    entities: state.entities.size > OPENED_ENTITIES_LIMIT ? triageEntities(state.entities.values(), alerts) : [...state.entities.values()],
    indicators: [...state.indicators.values()],
    actions: [...state.actions.values()],
    evidence: [...state.evidence.values()],
  };
}
