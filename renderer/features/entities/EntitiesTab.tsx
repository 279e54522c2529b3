import type { ReactNode } from 'react';
import { EntityList } from './EntityList';
import { EntityPage } from './EntityPage';
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
    return (
      <EntityPage
        caseId={caseId}
        id={entityId}
        onBack={() => onOpenEntity(null)}
        onOpen={onOpenEntity}
        onOpenAlert={onOpenAlert}
        onShowInTimeline={onShowInTimeline}
        onProposeAction={onProposeAction}
        renderExtra={renderEntityExtra}
      />
    );
  }
  return <EntityList caseId={caseId} onOpen={onOpenEntity} onProposeAction={onProposeAction} />;
}
