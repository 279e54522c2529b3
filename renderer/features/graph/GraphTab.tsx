import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { GRAPH_LIMITS, type GraphNode } from '../../../shared/domain/graph';
import type { EntityType } from '../../../shared/domain/records';
import { ENTITY_TYPES } from '../../../shared/domain/records';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { GraphCanvas } from './GraphCanvas';
import { GraphLegend } from './GraphLegend';
import { layoutGraph } from './layout';
import './graph.css';

interface Props {
  caseId: string;
  onOpenAlert: (id: string) => void;
  onOpenEntity: (id: string) => void;
}

/** The larger node limits the analyst can ask for, in turn, when entities were left out (the contract's maximum last). */
const MORE_NODES = [1000, 2000] as const;

function useGraph(caseId: string, expand: string[], maxNodes: number) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQuery({
    queryKey: ['case', caseId, 'at', revision, 'graph', expand, maxNodes],
    queryFn: () => api.graph.get({ caseId, expand, maxNodes }),
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * The incident graph: the case's alerts, what they name and what is seen with
 * its devices and users, laid out left to right. A node opens its alert or
 * entity page; a group ("37 IP addresses") shows its members.
 */
export function GraphTab({ caseId, onOpenAlert, onOpenEntity }: Props) {
  const [expand, setExpand] = useState<string[]>([]);
  const [maxNodes, setMaxNodes] = useState<number>(GRAPH_LIMITS.maxNodes);
  useEffect(() => {
    setExpand([]);
    setMaxNodes(GRAPH_LIMITS.maxNodes);
  }, [caseId]);
  const graph = useGraph(caseId, expand, maxNodes);
  const layout = useMemo(() => (graph.data ? layoutGraph(graph.data) : null), [graph.data]);
  const kinds = useMemo(() => {
    const present = new Set<EntityType>();
    for (const n of graph.data?.nodes ?? []) if (n.kind !== 'alert') present.add(n.entityType);
    return ENTITY_TYPES.filter((t) => present.has(t));
  }, [graph.data]);

  const activate = (node: GraphNode) => {
    if (node.kind === 'alert') onOpenAlert(node.id);
    else if (node.kind === 'entity') onOpenEntity(node.id);
    else setExpand((e) => [...e, node.id]);
  };

  if (graph.error) return <Alert tone="error">Could not draw the graph: {messageOf(graph.error)}</Alert>;
  if (!graph.data || !layout) return <p className="muted">Drawing the graph…</p>;
  const { nodes, edges, omitted, hubs } = graph.data;
  if (nodes.length === 0) {
    return (
      <div className="graph-empty">
        <h2>Nothing to draw yet</h2>
        <p className="muted">
          The graph shows the case's alerts, the devices, users, addresses and files they name, and what is seen with its devices and users. Import an incident
          or alert export (Microsoft Graph, Sentinel) or a timeline that names hosts and users.
        </p>
      </div>
    );
  }
  const alerts = nodes.filter((n) => n.kind === 'alert').length;
  return (
    <div className="graph-tab">
      <div className="graph-summary">
        <h2 className="graph-heading">Incident graph</h2>
        <span className="muted" role="status">
          {alerts} alert{alerts === 1 ? '' : 's'}, {nodes.length - alerts} other node{nodes.length - alerts === 1 ? '' : 's'}, {edges.length} link
          {edges.length === 1 ? '' : 's'}
          {hubs.length ? `; dashed links from the events of ${hubs.length} device${hubs.length === 1 ? '' : 's'} and users` : ''}
          {graph.isFetching ? ' · updating…' : ''}
        </span>
        <span className="spacer" />
        {expand.length > 0 && (
          <Button variant="ghost" onClick={() => setExpand([])}>
            Regroup all
          </Button>
        )}
      </div>
      {omitted > 0 && <LeftOut omitted={omitted} maxNodes={maxNodes} onMore={setMaxNodes} />}
      <div className="graph-body">
        <GraphCanvas layout={layout} onActivate={activate} />
        <GraphLegend kinds={kinds} />
      </div>
    </div>
  );
}

/** Entities not drawn past the node limit: how many, why, and how to see them (a larger limit, or the Entities tab). */
function LeftOut({ omitted, maxNodes, onMore }: { omitted: number; maxNodes: number; onMore: (maxNodes: number) => void }) {
  const next = MORE_NODES.find((n) => n > maxNodes);
  return (
    <div className="graph-left-out" role="note" aria-label="Entities left out">
      <strong>
        {omitted.toLocaleString('en-US')} entit{omitted === 1 ? 'y is' : 'ies are'} not drawn
      </strong>
      <span className="muted">
        : past {maxNodes.toLocaleString('en-US')} nodes the least-linked entities (fewest alerts and links) are left out. The Entities tab lists every entity of
        the case; <span className="mono">casebook graph show CASE --json</span> gives the same count.
      </span>
      {next && (
        <Button variant="ghost" onClick={() => onMore(next)}>
          Draw up to {next.toLocaleString('en-US')} nodes
        </Button>
      )}
    </div>
  );
}
