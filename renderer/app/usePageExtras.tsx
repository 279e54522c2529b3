import { useState } from 'react';
import type { StoredEvent } from '../../shared/domain/timeline';
import { LinkedEvidence } from '../features/evidence';
import { EventStory, HostSessions } from '../features/story';
import { useUi } from '../shared/store';
import { NotesPanel } from '../shared/ui/NotesPanel';

/**
 * What other features add to an entity page, an alert page and an event's details (linked evidence, a host's
 * live-response sessions, notes, the event's story), given as render props since features do not import each other.
 * Linked evidence opens in the Evidence tab: the item shown there is kept here.
 */
export function usePageExtras(caseId: string, nav: { openEntity: (id: string) => void; openAlert: (id: string) => void }) {
  const setTab = useUi((state) => state.setWorkspaceTab);
  const [evidenceItem, setEvidenceItem] = useState<string | null>(null);
  const openEvidence = (id: string) => [setEvidenceItem(id), setTab('evidence')];
  const entityExtra = (entity: { id: string; type: string; display: string }) => (
    <>
      <LinkedEvidence caseId={caseId} target={{ kind: 'entity', id: entity.id }} onOpenItem={openEvidence} />
      {entity.type === 'device' && <HostSessions caseId={caseId} host={entity.display} />}
      <NotesPanel caseId={caseId} target={{ kind: 'entity', id: entity.id }} headingLevel={3} />
    </>
  );
  const alertExtra = (id: string) => (
    <>
      <LinkedEvidence caseId={caseId} target={{ kind: 'alert', id }} onOpenItem={openEvidence} />
      <NotesPanel caseId={caseId} target={{ kind: 'alert', id }} headingLevel={3} />
    </>
  );
  const eventStory = (event: StoredEvent) => (
    <>
      <EventStory caseId={caseId} event={event} onOpenEntity={nav.openEntity} onOpenAlert={nav.openAlert} />
      <LinkedEvidence caseId={caseId} target={{ kind: 'event', id: String(event.id) }} onOpenItem={openEvidence} headingClassName="details-section" />
    </>
  );
  return { evidenceItem, setEvidenceItem, entityExtra, alertExtra, eventStory };
}
