import type { EntityRow } from '../../../shared/domain/entities';
import {
  groupId,
  type GraphEdge,
  type GraphEntityNode,
  type GraphGroupNode,
  type GraphNode,
  type GraphQuery,
  type IncidentGraph,
} from '../../../shared/domain/graph';
import type { AlertRecord, EntityType } from '../../../shared/domain/records';

/** Two entities seen in the same events of a hub (a device or user whose events were read). */
export interface SeenWith {
  hub: string;
  other: string;
  weight: number;
}

export interface GraphSources {
  alerts: readonly AlertRecord[];
  /** The entity store's rows of every entity the alerts and seenWith name (an id without a row is left out). */
  rows: ReadonlyMap<string, EntityRow>;
  /** Devices and users whose neighbours were read: never folded into a group, since their own fans hang off them. */
  hubs: readonly string[];
  seenWith: readonly SeenWith[];
}

const FLAGGED = /^(malicious|suspicious)$/i;

const edgeId = (kind: GraphEdge['kind'], a: string, b: string) => `${kind}:${a}>${b}`;

function entityNode(row: EntityRow): GraphEntityNode {
  return {
    kind: 'entity',
    id: row.id,
    label: row.display,
    entityType: row.type,
    verdict: row.verdict,
    roles: row.roles,
    events: row.events,
    alerts: row.alerts,
  };
}

/** Every link before grouping: alert → entity (evidence) and hub – entity (seen with), each pair once. */
function rawGraph(src: GraphSources): { nodes: Map<string, GraphNode>; edges: Map<string, GraphEdge> } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const entity = (id: string) => {
    const row = src.rows.get(id);
    if (row && !nodes.has(id)) nodes.set(id, entityNode(row));
    return row;
  };
  for (const a of src.alerts) {
    nodes.set(a.id, { kind: 'alert', id: a.id, label: a.title, severity: a.severity, status: a.status, firstActivity: a.firstActivity });
    for (const id of new Set(a.entityIds)) {
      const row = entity(id);
      if (row) edges.set(edgeId('evidence', a.id, id), { id: edgeId('evidence', a.id, id), from: a.id, to: id, kind: 'evidence', roles: row.roles, weight: 1 });
    }
  }
  for (const hub of src.hubs) entity(hub);
  for (const { hub, other, weight } of src.seenWith) {
    if (hub === other || !entity(hub) || !entity(other)) continue;
    // Two hubs seen with each other: one edge, whichever read it first.
    if (edges.has(edgeId('seen-with', other, hub))) continue;
    const id = edgeId('seen-with', hub, other);
    const known = edges.get(id);
    if (!known || known.weight < weight) edges.set(id, { id, from: hub, to: other, kind: 'seen-with', roles: [], weight });
  }
  return { nodes, edges };
}

/** The fans a parent (alert or hub) has, by entity kind: the edges to entities of each kind that may be grouped. */
function fans(edges: Iterable<GraphEdge>, nodes: ReadonlyMap<string, GraphNode>, hubs: ReadonlySet<string>): Map<string, Map<EntityType, GraphEdge[]>> {
  const byParent = new Map<string, Map<EntityType, GraphEdge[]>>();
  for (const edge of edges) {
    const child = nodes.get(edge.to);
    if (child?.kind !== 'entity' || hubs.has(child.id)) continue;
    const kinds = byParent.get(edge.from) ?? new Map<EntityType, GraphEdge[]>();
    byParent.set(edge.from, kinds);
    const list = kinds.get(child.entityType) ?? [];
    kinds.set(child.entityType, list);
    list.push(edge);
  }
  return byParent;
}

/** Folds each fan of more than `groupAbove` entities of one kind into a group node, unless it is expanded. */
function group(
  nodes: Map<string, GraphNode>,
  edges: Map<string, GraphEdge>,
  hubs: ReadonlySet<string>,
  query: Pick<GraphQuery, 'expand' | 'groupAbove'>,
): void {
  const expanded = new Set(query.expand);
  const folded = new Set<string>();
  for (const [parent, kinds] of fans(edges.values(), nodes, hubs)) {
    for (const [type, fan] of kinds) {
      const id = groupId(parent, type);
      if (fan.length <= query.groupAbove || expanded.has(id)) continue;
      const flagged = fan.filter((e) => FLAGGED.test((nodes.get(e.to) as GraphEntityNode).verdict ?? '')).length;
      const node: GraphGroupNode = { kind: 'group', id, label: `${fan.length} ${type}`, entityType: type, parent, count: fan.length, flagged };
      nodes.set(id, node);
      edges.set(edgeId('group', parent, id), { id: edgeId('group', parent, id), from: parent, to: id, kind: 'group', roles: [], weight: fan.length });
      for (const e of fan) {
        edges.delete(e.id);
        folded.add(e.to);
      }
    }
  }
  // An entity folded into a group is still drawn if another link keeps it (a second alert names it).
  const linked = new Set<string>();
  for (const e of edges.values()) linked.add(e.from).add(e.to);
  for (const id of folded) if (!linked.has(id)) nodes.delete(id);
}

/** Past maxNodes, the entities with the fewest alerts and links go first (alerts, hubs and groups stay). */
function trim(nodes: Map<string, GraphNode>, edges: Map<string, GraphEdge>, hubs: ReadonlySet<string>, maxNodes: number): number {
  if (nodes.size <= maxNodes) return 0;
  const degree = new Map<string, number>();
  for (const e of edges.values()) for (const end of [e.from, e.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const candidates = [...nodes.values()]
    .filter((n): n is GraphEntityNode => n.kind === 'entity' && !hubs.has(n.id))
    .sort((a, b) => a.alerts - b.alerts || (degree.get(a.id) ?? 0) - (degree.get(b.id) ?? 0) || a.events - b.events || b.id.localeCompare(a.id));
  const drop = candidates.slice(0, Math.min(candidates.length, nodes.size - maxNodes));
  for (const n of drop) nodes.delete(n.id);
  for (const [id, e] of edges) if (!nodes.has(e.from) || !nodes.has(e.to)) edges.delete(id);
  return drop.length;
}

/** The graph of a case from its alerts and its hubs' neighbours: linked, grouped by kind, cut to maxNodes. */
export function buildGraph(src: GraphSources, query: Pick<GraphQuery, 'expand' | 'groupAbove' | 'maxNodes'>): Omit<IncidentGraph, 'tookMs'> {
  const { nodes, edges } = rawGraph(src);
  const hubs = new Set(src.hubs.filter((h) => nodes.has(h)));
  group(nodes, edges, hubs, query);
  const omitted = trim(nodes, edges, hubs, query.maxNodes);
  return { nodes: [...nodes.values()], edges: [...edges.values()], omitted, hubs: [...hubs] };
}
