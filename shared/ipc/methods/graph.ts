import { graphGetSchema, type IncidentGraph } from '../../domain/graph';
import { method, returns } from '../method';

export const graphMethods = {
  /** The incident graph: alerts, their entities, entities seen with the case's devices and users; large fans grouped by kind. */
  'graph.get': method(graphGetSchema, returns<IncidentGraph>()),
} as const;
