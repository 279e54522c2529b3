import type { ReactNode } from 'react';
import { EntityList } from './EntityList';
import { EntityPage } from './EntityPage';
import { backWithFocus, EscapeBack, noteOpener } from '../../shared/ui/pageBack';
import type { ProposeAction } from '../../shared/proposeAction';
import './entities.css';

interface Props {
  caseId: string;
  /** The entity whose page is shown; null: the list. Kept by the workspace, so other tabs can open an entity. */
  entityId: string | null;
  onOpenEntity: (id: string | null) => void;
  onOpenAlert: (id: string) => void;
  onShowInTimeline: (entity: string) => void;
  /** Opens the propose-action dialog on entities (the workspace shows it). */
  onProposeAction?: ProposeAction;
  /** More sections for an entity's page (see EntityPage). */
  renderEntityExtra?: (entity: { id: string; type: string; display: string }) => ReactNode;
}

/** The case's entities: the list, or one entity's page. */
export function EntitiesTab({ caseId, entityId, onOpenEntity, onOpenAlert, onShowInTimeline, onProposeAction, renderEntityExtra }: Props) {
  if (entityId) {
    // Back (its button or Escape) returns focus to the row that opened the page.
    const back = backWithFocus(() => onOpenEntity(null));
    return (
      <EscapeBack onBack={back}>
        <EntityPage
          caseId={caseId}
          id={entityId}
          onBack={back}
          onOpen={onOpenEntity}
          onOpenAlert={onOpenAlert}
          onShowInTimeline={onShowInTimeline}
          onProposeAction={onProposeAction}
          renderExtra={renderEntityExtra}
        />
      </EscapeBack>
    );
  }
  const open = (id: string | null) => {
    noteOpener();
    onOpenEntity(id);
  };
  return <EntityList caseId={caseId} onOpen={open} onProposeAction={onProposeAction} />;
}
