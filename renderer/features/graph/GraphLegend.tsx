import type { EntityType } from '../../../shared/domain/records';
import { TYPE_LABELS } from '../../shared/entityKinds';
import { ALERT_PATH, KIND_COLOUR, KindIcon } from './kinds';

function Swatch({ children }: { children: React.ReactNode }) {
  return (
    <svg width={22} height={22} viewBox="-11 -11 22 22" aria-hidden="true">
      {children}
    </svg>
  );
}

/** What the shapes, colours, marks and lines mean: the kinds the graph shows, then the marks and links. */
export function GraphLegend({ kinds }: { kinds: EntityType[] }) {
  return (
    <aside className="graph-legend" aria-label="Legend">
      <h3 className="graph-legend-title">Legend</h3>
      <ul>
        <li>
          <Swatch>
            <path d={ALERT_PATH} fill="none" stroke="var(--sev-high)" strokeWidth={1.6} strokeLinejoin="round" transform="scale(1.1)" />
          </Swatch>
          Alert (stripe: severity)
        </li>
        {kinds.map((k) => (
          <li key={k}>
            <Swatch>
              <circle r={10} className="graph-icon" style={{ stroke: KIND_COLOUR[k] }} />
              <g transform="scale(0.8)">
                <KindIcon type={k} colour={KIND_COLOUR[k]} />
              </g>
            </Swatch>
            {TYPE_LABELS[k]}
          </li>
        ))}
      </ul>
      <ul>
        <li>
          <Swatch>
            <circle r={7} className="graph-verdict-malicious" />
          </Swatch>
          Malicious
        </li>
        <li>
          <Swatch>
            <circle r={7} className="graph-verdict-suspicious" />
          </Swatch>
          Suspicious (on a group: some are)
        </li>
        <li>
          <Swatch>
            <circle r={9} className="graph-icon is-group" style={{ stroke: 'var(--text-muted)' }} />
          </Swatch>
          Group: click to expand
        </li>
      </ul>
      <ul>
        <li>
          <svg width={28} height={10} aria-hidden="true">
            <line x1={1} x2={27} y1={5} y2={5} className="graph-edge graph-edge-evidence" />
          </svg>
          Named by the alert
        </li>
        <li>
          <svg width={28} height={10} aria-hidden="true">
            <line x1={1} x2={27} y1={5} y2={5} className="graph-edge graph-edge-seen-with" />
          </svg>
          Seen in the same events
        </li>
      </ul>
    </aside>
  );
}
