import { z } from 'zod';
import type { Severity } from './case';
import type { EntityType } from './records';

/**
 * The incident graph (graph.get), as the Defender portal draws it: the case's
 * alerts, the entities they name (with the roles their evidence gave), and the
 * entities seen with its devices and users in the same events. Large fans of
 * one kind are grouped ("37 IPs") until the analyst expands them.
 */

export const GRAPH_LIMITS = {
  /** Above this many entities of one kind on one alert or host, they are one group node (until expanded). */
  groupAbove: 4,
  /** At most this many nodes are sent; the least connected entities are left out past it. */
  maxNodes: 400,
  /** Devices and users whose events are read for co-occurring entities. */
  hubs: 8,
  /** Co-occurring entities listed per hub. */
  perHub: 15,
} as const;

export const graphGetSchema = z
  .object({
    caseId: z.string().uuid('not a case id'),
    /** Group node ids to show as their members. */
    expand: z.array(z.string().min(1).max(300)).max(500).default([]),
    groupAbove: z.number().int().min(1).max(500).default(GRAPH_LIMITS.groupAbove),
    maxNodes: z.number().int().min(10).max(2000).default(GRAPH_LIMITS.maxNodes),
  })
  .strict();
export type GraphQuery = z.output<typeof graphGetSchema>;

export interface GraphAlertNode {
  kind: 'alert';
  id: string;
  label: string;
  severity: Severity;
  status: string;
  firstActivity: string | null;
}

export interface GraphEntityNode {
  kind: 'entity';
  id: string;
  label: string;
  entityType: EntityType;
  verdict: string | null;
  roles: string[];
  events: number;
  alerts: number;
}

/** Several entities of one kind around one node, drawn as one until expanded. */
export interface GraphGroupNode {
  kind: 'group';
  /** `group:<parent id>:<entity type>`: expanding it is asking again with this id in `expand`. */
  id: string;
  label: string;
  entityType: EntityType;
  parent: string;
  count: number;
  /** How many of them have a malicious or suspicious verdict. */
  flagged: number;
}

export type GraphNode = GraphAlertNode | GraphEntityNode | GraphGroupNode;

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** evidence: an alert names the entity; seen-with: both appear in the same events (or alerts). */
  kind: 'evidence' | 'seen-with' | 'group';
  /** The entity's roles in the alert's evidence. */
  roles: string[];
  /** seen-with: events (of those read) naming both. */
  weight: number;
}

export interface IncidentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Entities left out past maxNodes. */
  omitted: number;
  /** Devices and users whose events were read for co-occurring entities. */
  hubs: string[];
  tookMs: number;
}

export const groupId = (parent: string, type: EntityType) => `group:${parent}:${type}`;
