import type { CaseAction } from '../../../shared/domain/actions';
import { formatUtc } from '../../shared/time';
import { actionName, relative, SOURCE_LABELS } from './labels';
import { TargetCell } from './TargetCell';

interface Props {
  actions: readonly CaseAction[];
  now: string;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  /** Whose proposals the two-person rule keeps this analyst from approving (null: the rule is off). */
  barred: string | null;
}

/** Pending actions: what, on what (with its exact identifier), why, who asked and when, when it expires; boxes choose them for a decision. */
export function QueueTable({ actions, now, selected, onSelect, barred }: Props) {
  const all = actions.length > 0 && actions.every((a) => selected.has(a.id));
  return (
    <table className="table action-table" aria-label="Pending actions">
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <input
              type="checkbox"
              aria-label="Select every pending action shown"
              checked={all}
              onChange={(e) =>
                onSelect(
                  actions.map((a) => a.id),
                  e.target.checked,
                )
              }
            />
          </th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Rationale</th>
          <th scope="col">Source</th>
          <th scope="col">Proposed (UTC)</th>
          <th scope="col">Expires</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id} className={selected.has(a.id) ? 'is-selected' : undefined}>
            <td className="col-check">
              <input
                type="checkbox"
                aria-label={`Select ${actionName(a)} on ${a.target.display}`}
                checked={selected.has(a.id)}
                onChange={(e) => onSelect([a.id], e.target.checked)}
              />
            </td>
            <td className="col-action">
              <strong>{actionName(a)}</strong>
              {a.undoOf && <span className="faint small"> undoes an earlier action</span>}
            </td>
            <TargetCell target={a.target} />
            <td className="col-rationale">{a.rationale || <span className="faint">none given</span>}</td>
            <td>
              {SOURCE_LABELS[a.source]}
              {a.origin && <div className="faint small">{a.origin}</div>}
            </td>
            <td className="col-time">
              <span className="mono">{formatUtc(a.proposedAt).replace(' UTC', '')}</span>
              <div className="small">
                by {a.proposedBy}
                {barred === a.proposedBy && <span className="two-person-note"> (you: someone else approves)</span>}
              </div>
            </td>
            <td className="col-expiry" title={formatUtc(a.expiresAt)}>
              {relative(a.expiresAt, now)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
