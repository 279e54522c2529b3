import { useRef } from 'react';
import type { GraphNode } from '../../../shared/domain/graph';
import { Button } from '../../shared/ui/Button';
import { GraphNodeView } from './GraphNodeView';
import { edgePath, type GraphLayout, type PlacedEdge } from './layout';
import { useViewport } from './useViewport';

function edgeTitle(e: PlacedEdge['edge'], names: ReadonlyMap<string, string>): string {
  const ends = `${names.get(e.from)} → ${names.get(e.to)}`;
  if (e.kind === 'evidence') return `${ends}: named by the alert${e.roles.length ? ` (${e.roles.join(', ')})` : ''}`;
  if (e.kind === 'seen-with') return `${ends}: seen together in ${e.weight} event(s)`;
  return `${ends}: grouped`;
}

/**
 * The laid-out graph in a pannable, zoomable frame. The frame is one tab stop
 * that takes +, -, the arrows and 0 (fit); each node is a button after it.
 */
export function GraphCanvas({ layout, onActivate }: { layout: GraphLayout; onActivate: (node: GraphNode) => void }) {
  const frame = useRef<HTMLDivElement>(null);
  const { view, fit, zoomBy, frameProps } = useViewport(frame, layout);
  const names = new Map(layout.nodes.map((n) => [n.node.id, n.title]));
  return (
    <div className="graph-stage">
      <div className="graph-toolbar" role="toolbar" aria-label="Zoom">
        <Button variant="ghost" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in (+)">
          +
        </Button>
        <Button variant="ghost" onClick={() => zoomBy(0.8)} aria-label="Zoom out" title="Zoom out (−)">
          −
        </Button>
        <Button variant="ghost" onClick={fit} title="Fit the graph to the frame (0)">
          Fit
        </Button>
        <span className="graph-zoom" aria-live="polite">
          {Math.round(view.k * 100)}%
        </span>
      </div>
      <div
        ref={frame}
        className="graph-frame"
        tabIndex={0}
        role="group"
        aria-label="Incident graph: + and − zoom, the arrow keys pan, 0 fits; Tab reaches each node"
        aria-roledescription="graph"
        {...frameProps}
      >
        <svg className="graph-svg" width="100%" height="100%">
          <defs>
            <marker id="graph-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" className="graph-arrow" />
            </marker>
          </defs>
          <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
            <g className="graph-edges">
              {layout.edges.map((e) => (
                <path
                  key={e.edge.id}
                  d={edgePath(e)}
                  className={`graph-edge graph-edge-${e.edge.kind}${e.overlay ? ' is-overlay' : ''}`}
                  markerEnd="url(#graph-arrow)"
                >
                  <title>{edgeTitle(e.edge, names)}</title>
                </path>
              ))}
            </g>
            <g className="graph-nodes">
              {layout.nodes.map((n) => (
                <GraphNodeView key={n.node.id} placed={n} onActivate={onActivate} />
              ))}
            </g>
          </g>
        </svg>
      </div>
    </div>
  );
}
