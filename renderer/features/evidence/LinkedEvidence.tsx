import { EVIDENCE_KIND_LABELS } from '../../../shared/domain/evidence';
import { useEvidenceList } from './queries';
import './evidence.css';

/** What a page is: an entity, an alert or a timeline event (its id as a string). */
export interface EvidenceTarget {
  kind: 'entity' | 'alert' | 'event';
  id: string;
}

const LIST = { entity: 'entities', alert: 'alerts', event: 'events' } as const;

/**
 * The evidence items linked to an entity, an alert or an event, for that page (given by the workspace,
 * since features do not import each other): each opens the item's page. Nothing is shown when none is linked.
 */
export function LinkedEvidence({
  caseId,
  target,
  onOpenItem,
  headingClassName = 'ev-subheading',
}: {
  caseId: string;
  target: EvidenceTarget;
  onOpenItem: (itemId: string) => void;
  /** The heading's look where it sits (the event details' sections have their own). */
  headingClassName?: string;
}) {
  const list = useEvidenceList(caseId);
  const rows = (list.data ?? []).filter((r) => r.links[LIST[target.kind]].includes(target.id));
  if (!rows.length) return null;
  return (
    <section className="ev-linked" aria-label="Linked evidence">
      <h3 className={headingClassName}>Evidence ({rows.length})</h3>
      <ul className="ev-linked-evidence">
        {rows.map((r) => (
          <li key={r.id}>
            <button type="button" className="link-btn" onClick={() => onOpenItem(r.id)}>
              {r.title}
            </button>
            <span className="faint">
              {r.kind === 'import' ? 'Imported file' : EVIDENCE_KIND_LABELS[r.kind]}
              {r.storage === 'reference' ? ', held elsewhere' : ''}
              {r.lastVerification?.result === 'mismatch' ? ' · HASH MISMATCH at its last verification' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
