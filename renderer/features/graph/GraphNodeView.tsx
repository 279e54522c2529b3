import type { KeyboardEvent } from 'react';
import type { GraphNode } from '../../../shared/domain/graph';
import { KIND_LABEL, TYPE_LABELS } from '../../shared/entityKinds';
import { ALERT_W, type PlacedNode } from './layout';
import { ALERT_PATH, KIND_COLOUR, KindIcon, verdictTone } from './kinds';
import { SEVERITY_LABEL } from './text';

/** What a screen reader hears for a node: what it is, its whole name, its marks, and what activating it does. */
export function nodeDescription(node: GraphNode): string {
  if (node.kind === 'alert') return `Alert: ${node.label}; ${SEVERITY_LABEL[node.severity]} severity, ${node.status}. Opens the alert.`;
  if (node.kind === 'group')
    return `${node.count} ${TYPE_LABELS[node.entityType]}${node.flagged ? `, ${node.flagged} flagged malicious or suspicious` : ''}. Shows them one by one.`;
  const marks = [node.verdict && `verdict ${node.verdict}`, node.roles.length && `role ${node.roles.join(', ')}`].filter(Boolean).join('; ');
  return `${KIND_LABEL[node.entityType]}: ${node.label}${marks ? `; ${marks}` : ''}. Opens the entity.`;
}

function VerdictMark({ verdict }: { verdict: string | null }) {
  const tone = verdictTone(verdict);
  if (!tone) return null;
  return (
    <g className={`graph-verdict graph-verdict-${tone}`} transform="translate(12,-12)" aria-hidden="true">
      <circle r={6.5} />
      <text y={3.5}>{tone === 'benign' ? '✓' : '!'}</text>
    </g>
  );
}

function AlertShape({ placed }: { placed: PlacedNode }) {
  const node = placed.node as Extract<GraphNode, { kind: 'alert' }>;
  const left = -ALERT_W / 2;
  return (
    <>
      <rect className="graph-alert-card" x={left} y={-placed.height / 2} width={ALERT_W} height={placed.height} rx={6} />
      <rect className={`graph-alert-stripe sev-fill-${node.severity}`} x={left} y={-placed.height / 2} width={5} height={placed.height} rx={2} />
      <g transform={`translate(${left + 22},0)`} className={`sev-stroke-${node.severity}`}>
        <path d={ALERT_PATH} fill="none" strokeWidth={1.6} strokeLinejoin="round" strokeLinecap="round" />
      </g>
      <text className="graph-title" x={left + 38} y={-3}>
        {placed.title}
      </text>
      <text className="graph-subtitle" x={left + 38} y={13}>
        {placed.subtitle}
      </text>
    </>
  );
}

function EntityShape({ placed }: { placed: PlacedNode }) {
  const node = placed.node as Exclude<GraphNode, { kind: 'alert' }>;
  const colour = KIND_COLOUR[node.entityType];
  const left = -placed.width / 2;
  const tone = node.kind === 'entity' ? verdictTone(node.verdict) : null;
  return (
    <>
      <g transform={`translate(${left + 18},0)`}>
        <circle
          r={16}
          className={`graph-icon${node.kind === 'group' ? ' is-group' : ''}${tone ? ` ring-${tone}` : ''}`}
          style={{ stroke: tone ? undefined : colour }}
        />
        <KindIcon type={node.entityType} colour={colour} />
        {node.kind === 'entity' && <VerdictMark verdict={node.verdict} />}
        {node.kind === 'group' && node.flagged > 0 && <VerdictMark verdict="suspicious" />}
      </g>
      <text className="graph-title" x={left + 42} y={-2}>
        {placed.title}
      </text>
      <text className="graph-subtitle" x={left + 42} y={13}>
        {placed.subtitle}
      </text>
    </>
  );
}

/** One node: a focusable button in the SVG (Enter or Space activates it, as a click does). */
export function GraphNodeView({ placed, onActivate }: { placed: PlacedNode; onActivate: (node: GraphNode) => void }) {
  const { node } = placed;
  const key = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    onActivate(node);
  };
  return (
    <g
      data-node={node.id}
      className={`graph-node graph-node-${node.kind}`}
      transform={`translate(${placed.x},${placed.y})`}
      role="button"
      tabIndex={0}
      aria-label={nodeDescription(node)}
      onClick={() => onActivate(node)}
      onKeyDown={key}
    >
      <title>{node.kind === 'group' ? `${node.count} ${TYPE_LABELS[node.entityType]}` : node.label}</title>
      <rect className="graph-hit" x={-placed.width / 2 - 4} y={-placed.height / 2 - 4} width={placed.width + 8} height={placed.height + 8} rx={8} />
      {node.kind === 'alert' ? <AlertShape placed={placed} /> : <EntityShape placed={placed} />}
    </g>
  );
}
