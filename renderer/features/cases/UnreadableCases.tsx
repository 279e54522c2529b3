import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../shared/db';
import { Alert } from '../../shared/ui/Alert';

/** Cases the engine could not read (a damaged journal): named, never silently left out of the list. */
export function UnreadableCases() {
  const unreadable = useLiveQuery(() => db.unreadable.toArray(), []);
  if (!unreadable?.length) return null;
  return (
    <div className="unreadable">
      <Alert tone="error">
        <strong>
          {unreadable.length} case{unreadable.length === 1 ? '' : 's'} could not be read.
        </strong>
        <ul className="unreadable-list">
          {unreadable.map((c) => (
            <li key={c.caseId}>
              <span className="mono">{c.caseId}</span>: {c.message}
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}
