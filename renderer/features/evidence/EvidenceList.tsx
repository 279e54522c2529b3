import type { EvidenceRow } from '../../../shared/domain/evidence';
import { formatUtc } from '../../shared/time';
import { CopyButton } from './CopyButton';
import { kindLabel, shortHash, sizeLabel } from './format';

function Verification({ row }: { row: EvidenceRow }) {
  if (row.origin === 'import') return <span className="faint">—</span>;
  if (!row.lastVerification) return <span className="faint">never</span>;
  const { result, at } = row.lastVerification;
  return result === 'mismatch' ? <span className="ev-mismatch">MISMATCH · {formatUtc(at)}</span> : <span className="ev-match">match · {formatUtc(at)}</span>;
}

/** How many entities, alerts and events an item is linked to, in a few words; its page names them. */
function linkedLabel(row: EvidenceRow) {
  const { entities, alerts, events } = row.links;
  const parts = [
    entities.length && `${entities.length} entit${entities.length === 1 ? 'y' : 'ies'}`,
    alerts.length && `${alerts.length} alert${alerts.length === 1 ? '' : 's'}`,
    events.length && `${events.length} event${events.length === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : <span className="faint">—</span>;
}

/** Every item and imported file of the case, newest first; an item's title opens its page. */
export function EvidenceList({ rows, onOpen }: { rows: readonly EvidenceRow[]; onOpen: (id: string) => void }) {
  return (
    <table className="table ev-table">
      <caption className="sr-only">Evidence of this case, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Title</th>
          <th scope="col" className="col-num">
            Size
          </th>
          <th scope="col">Hash (SHA-256 unless said)</th>
          <th scope="col">Acquired</th>
          <th scope="col" className="col-num">
            Custody
          </th>
          <th scope="col">Linked to</th>
          <th scope="col">Last verification</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td className="nowrap">{kindLabel(row.kind)}</td>
            <td>
              {row.origin === 'item' ? (
                <button type="button" className="link-btn cell-ellipsis" onClick={() => onOpen(row.id)}>
                  {row.title}
                </button>
              ) : (
                <span className="cell-ellipsis" title={row.title}>
                  {row.title}
                </span>
              )}
              {row.storage === 'reference' && <span className="faint ev-held"> held elsewhere</span>}
            </td>
            <td className="col-num mono nowrap">{sizeLabel(row.size)}</td>
            <td className="mono nowrap">
              {row.hash && row.hash.alg !== 'SHA-256' && <span className="faint">{row.hash.alg} </span>}
              {shortHash(row.hash?.value ?? null)} {row.hash && <CopyButton value={row.hash.value} what={`${row.hash.alg} of ${row.title}`} />}
            </td>
            <td className="col-time mono">{row.acquiredAt ? formatUtc(row.acquiredAt) : <span className="faint">—</span>}</td>
            <td className="col-num mono">{row.origin === 'item' ? row.custodyCount : <span className="faint">—</span>}</td>
            <td className="nowrap">{linkedLabel(row)}</td>
            <td className="nowrap mono">
              <Verification row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
