import { NON_REMEDIATING_KINDS, type ActionKind, type RemediationStatus } from '../../../shared/domain/actions';
import type { SetBy } from '../../../shared/domain/entities';
import type { JournalRecord } from '../cases/records/journal-record';
import { IMPORT_RECORDS } from '../cases/records/import-records';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED } from '../cases/records/action-records';
import { importedTarget } from './action-targets';
import { importedKind } from './action-state';

/** A remediation status an action's decision or outcome gives an entity. */
export interface RemediationMark extends SetBy {
  entityId: string;
  status: RemediationStatus;
  /** What set it, as the entity page says: "action approved", "action executed". */
  from: string;
}

/**
 * Follows a journal record by record and says what each decision or outcome
 * does to its target's remediation status: approved → in progress, executed →
 * remediated, failed → failed. A rejection changes nothing; neither do the
 * reverse actions (a release is not a remediation) nor evidence collection.
 * The entity store (entities/entity-index.ts) applies the marks in journal
 * order with the analyst's own, so the latest word wins.
 */
export class ActionRemediation {
  private readonly targets = new Map<string, { entityId: string; kind: ActionKind }>();

  /** The marks one record makes (none for most records). */
  take(r: JournalRecord): RemediationMark[] {
    if (r.type === ACTION_PROPOSED) {
      for (const a of r.data.actions) if (a.target.entityId) this.targets.set(a.id, { entityId: a.target.entityId, kind: a.kind });
    } else if (r.type === IMPORT_RECORDS) {
      // Imported actions' targets, so decisions on them reach the device; their status at the source sets nothing here.
      for (const a of r.data.actions ?? []) {
        const entityId = importedTarget(a).entityId;
        if (entityId && !this.targets.has(a.id)) this.targets.set(a.id, { entityId, kind: importedKind(a.type) });
      }
    } else if (r.type === ACTION_DECIDED && r.data.decision === 'approved') {
      return this.marks(r.data.ids, 'in-progress', 'action approved', r);
    } else if (r.type === ACTION_COMPLETED) {
      return this.marks([r.data.id], r.data.outcome === 'executed' ? 'remediated' : 'failed', `action ${r.data.outcome}`, r);
    }
    return [];
  }

  private marks(ids: readonly string[], status: RemediationStatus, from: string, r: JournalRecord): RemediationMark[] {
    const out: RemediationMark[] = [];
    for (const id of ids) {
      const target = this.targets.get(id);
      if (target && !NON_REMEDIATING_KINDS.includes(target.kind)) out.push({ entityId: target.entityId, status, from, actor: r.actor, at: r.at });
    }
    return out;
  }
}
