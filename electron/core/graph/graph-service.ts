import type { EntityRow } from '../../../shared/domain/entities';
import { GRAPH_LIMITS, type IncidentGraph } from '../../../shared/domain/graph';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { EntityService } from '../entities/entity-service';
import type { EntityIndex } from '../entities/entity-index';
import type { AlertRecord } from '../../../shared/domain/records';
import { buildGraph, type SeenWith } from './graph-build';

/**
 * The devices and users whose events are read for their neighbours: those the
 * alerts name first (the incident's own hosts and accounts), then the busiest
 * of the case, up to GRAPH_LIMITS.hubs.
 */
function chooseHubs(alerts: readonly AlertRecord[], index: EntityIndex): number[] {
  const hubs = new Set<number>();
  for (const a of alerts) {
    for (const id of a.entityIds) {
      const s = index.slotOf(id);
      if (s !== undefined && ['device', 'user'].includes(index.c.typeOf(s)) && hubs.size < GRAPH_LIMITS.hubs) hubs.add(s);
    }
  }
  if (hubs.size < GRAPH_LIMITS.hubs) {
    const busiest = index.list({ types: ['device', 'user'], sort: 'events', order: 'desc', offset: 0, limit: GRAPH_LIMITS.hubs });
    for (const row of busiest.rows) if (row.events > 0 && hubs.size < GRAPH_LIMITS.hubs) hubs.add(index.slotOf(row.id)!);
  }
  return [...hubs];
}

/** graph.get: the incident graph of a case, from the entity store (entities, their alerts, what is seen together). */
export class GraphService {
  readonly handlers: Pick<Handlers, 'graph.get'>;

  constructor(private readonly entities: EntityService) {
    this.handlers = { 'graph.get': (input) => this.get(input) };
  }

  private async get({ caseId, ...query }: ParsedInput<'graph.get'>): Promise<IncidentGraph> {
    const started = performance.now();
    const { alerts, index } = await this.entities.caseEntities(caseId);
    const rows = new Map<string, EntityRow>();
    const rowOf = (s: number) => {
      const id = index.c.ids[s]!;
      if (!rows.has(id)) rows.set(id, index.row(s));
    };
    for (const a of alerts) for (const id of a.entityIds) if (index.slotOf(id) !== undefined) rowOf(index.slotOf(id)!);
    const hubs = chooseHubs(alerts, index);
    const seenWith: SeenWith[] = [];
    for (const slot of hubs) {
      rowOf(slot);
      const near = await this.entities.cooccurringOf(caseId, index, slot, alerts);
      // Entities the same alert names are already joined through it: only those seen in the same events are links of their own.
      for (const other of near.filter((n) => n.together > 0).slice(0, GRAPH_LIMITS.perHub)) {
        rowOf(index.slotOf(other.id)!);
        seenWith.push({ hub: index.c.ids[slot]!, other: other.id, weight: other.together });
      }
    }
    const hubIds = hubs.map((s) => index.c.ids[s]!);
    return { ...buildGraph({ alerts, rows, hubs: hubIds, seenWith }, query), tookMs: Math.round(performance.now() - started) };
  }
}
