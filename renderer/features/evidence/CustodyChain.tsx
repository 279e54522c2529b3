import type { CustodyEntry } from '../../../shared/domain/evidence';
import { formatUtc } from '../../shared/time';

const dash = <span className="faint">—</span>;

function HashCell({ entry }: { entry: CustodyEntry }) {
  if (entry.hashVerified === 'match') return <span className="ev-match">verified: match</span>;
  if (entry.hashVerified === 'mismatch') return <strong className="ev-mismatch">MISMATCH</strong>;
  return <span className="faint">not checked</span>;
}

/** The chain of custody, oldest first, numbered; an entry that corrects another says which. Nothing here can be edited. */
export function CustodyChain({ custody }: { custody: readonly CustodyEntry[] }) {
  if (!custody.length) return <p className="muted">No custody entry yet. Record who collected it, and every hand it passed through.</p>;
  const number = new Map(custody.map((c, i) => [c.id, i + 1]));
  const correctedBy = new Map(custody.filter((c) => c.corrects).map((c) => [c.corrects!, number.get(c.id)!]));
  return (
    <div className="table-wrap">
      <table className="table ev-custody">
        <caption className="sr-only">Chain of custody, oldest first</caption>
        <thead>
          <tr>
            <th scope="col" className="col-num">
              #
            </th>
            <th scope="col">Event</th>
            <th scope="col">When</th>
            <th scope="col">By</th>
            <th scope="col">From → to</th>
            <th scope="col">Where</th>
            <th scope="col">Purpose</th>
            <th scope="col">Hash</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {custody.map((entry, i) => (
            <tr key={entry.id} className={entry.hashVerified === 'mismatch' ? 'ev-row-mismatch' : correctedBy.has(entry.id) ? 'ev-row-corrected' : undefined}>
              <td className="col-num mono">{i + 1}</td>
              <td className="nowrap">
                {entry.event}
                {entry.corrects && <div className="faint">corrects #{number.get(entry.corrects) ?? '?'}</div>}
                {correctedBy.has(entry.id) && <div className="ev-corrected-by">corrected by #{correctedBy.get(entry.id)}</div>}
              </td>
              <td className="col-time mono">{formatUtc(entry.at)}</td>
              <td className="nowrap">{entry.by}</td>
              <td>{entry.from || entry.to ? `${entry.from ?? '—'} → ${entry.to ?? '—'}` : dash}</td>
              <td>{entry.where ?? dash}</td>
              <td>{entry.purpose ?? dash}</td>
              <td className="nowrap">
                <HashCell entry={entry} />
              </td>
              <td className="ev-notes">
                {entry.notes ?? dash}
                {entry.recordedBy !== entry.by && <div className="faint">recorded by {entry.recordedBy}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
