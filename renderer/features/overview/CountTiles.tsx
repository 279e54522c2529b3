import type { CaseCounts } from '../../../shared/ipc/contract';
import { formatCount } from '../../shared/format';
import type { WorkspaceTab } from '../../shared/store';

/** Each count and the tab that lists it (actions and evidence have no view of their own yet: their counts are not links). */
const TILES: { key: keyof CaseCounts; label: string; tab: WorkspaceTab | null }[] = [
  { key: 'events', label: 'Events', tab: 'timeline' },
  { key: 'alerts', label: 'Alerts', tab: 'alerts' },
  { key: 'entities', label: 'Entities', tab: 'entities' },
  { key: 'indicators', label: 'Indicators', tab: 'indicators' },
  { key: 'matches', label: 'Matches', tab: 'matches' },
  { key: 'actions', label: 'Actions', tab: null },
  { key: 'evidence', label: 'Evidence', tab: null },
];

/** The case's counts; each opens the view that lists them. */
export function CountTiles({ counts, onOpen }: { counts: CaseCounts | undefined; onOpen: (tab: WorkspaceTab) => void }) {
  return (
    <ul className="count-tiles" aria-label="What the case holds">
      {TILES.map(({ key, label, tab }) => {
        const value = counts ? formatCount(counts[key]) : '…';
        const body = (
          <>
            <span className="count-value">{value}</span>
            <span className="count-label">{label}</span>
          </>
        );
        return (
          <li key={key}>
            {tab ? (
              <button type="button" className="count-tile" onClick={() => onOpen(tab)} aria-label={`${value} ${label.toLowerCase()}: open the ${label} tab`}>
                {body}
              </button>
            ) : (
              <div className="count-tile is-static" title={`${label} are listed in the case's records; they have no view of their own yet`}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
