import type { MergeReport } from '../../../shared/domain/duplicates';
import { formatCount, plural } from '../../shared/format';

/** What a merge changed in the existing case: alerts updated (and how), alerts and entities added, events added and left out. */
export function MergeSummary({ merge }: { merge: MergeReport }) {
  if (merge.nothingNew) {
    return (
      <p className="merge-summary" data-testid="merge-summary">
        Merged into “{merge.caseTitle}”: nothing new. The case already holds this very file; nothing was written.
      </p>
    );
  }
  return (
    <section className="merge-summary" aria-label="What the merge changed" data-testid="merge-summary">
      <p>
        Merged into “{merge.caseTitle}”: {plural(merge.alertsUpdated.length, 'alert')} updated, {plural(merge.alertsAdded.length, 'alert')} added,{' '}
        {plural(merge.entitiesAdded, 'entity', 'entities')} added, {plural(merge.eventsAdded, 'event')} added ({formatCount(merge.eventsAlreadyThere)} already
        there, left out).
      </p>
      {(merge.alertsUpdated.length > 0 || merge.alertsAdded.length > 0) && (
        <ul className="merge-alerts">
          {merge.alertsUpdated.map((a) => (
            <li key={a.id}>
              Updated: {a.title} <span className="muted">({a.fields.join(', ')})</span>
            </li>
          ))}
          {merge.alertsAdded.map((a) => (
            <li key={a.id}>Added: {a.title}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
