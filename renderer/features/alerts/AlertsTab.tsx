import type { ReactNode } from 'react';
import { AlertList } from './AlertList';
import { AlertPage } from './AlertPage';
import type { ProposeAction } from '../../shared/proposeAction';
import { backWithFocus, EscapeBack, noteOpener } from '../../shared/ui/pageBack';
import './alerts.css';

interface Props {
  caseId: string;
  /** The alert whose page is shown; null: the list. Kept by the workspace, so other tabs can open an alert. */
  alertId: string | null;
  onOpenAlert: (id: string | null) => void;
  onOpenEntity: (id: string) => void;
  /** Opens the propose-action dialog on the alert's entities (the workspace shows it). */
  onProposeAction?: ProposeAction;
  /** More sections for an alert's page (see AlertPage). */
  renderAlertExtra?: (alertId: string) => ReactNode;
}

export function AlertsTab({ caseId, alertId, onOpenAlert, onOpenEntity, onProposeAction, renderAlertExtra }: Props) {
  if (alertId) {
    // Back (its button or Escape) returns focus to the row that opened the page.
    const back = backWithFocus(() => onOpenAlert(null));
    return (
      <EscapeBack onBack={back}>
        <AlertPage caseId={caseId} id={alertId} onBack={back} onOpenEntity={onOpenEntity} onProposeAction={onProposeAction} renderExtra={renderAlertExtra} />
      </EscapeBack>
    );
  }
  return (
    <AlertList
      caseId={caseId}
      onOpen={(id) => {
        noteOpener();
        onOpenAlert(id);
      }}
    />
  );
}
