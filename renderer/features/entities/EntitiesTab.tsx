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
}

/** The case's entities: the list, or one entity's page. */
export function EntitiesTab({ caseId, entityId, onOpenEntity, onOpenAlert, onShowInTimeline, onProposeAction }: Props) {
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
      />
    );
  }
  return <EntityList caseId={caseId} onOpen={onOpenEntity} onProposeAction={onProposeAction} />;
}
