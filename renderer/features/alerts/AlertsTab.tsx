import { AlertList } from './AlertList';
import { AlertPage } from './AlertPage';
import './alerts.css';

interface Props {
  caseId: string;
  /** The alert whose page is shown; null: the list. Kept by the workspace, so other tabs can open an alert. */
  alertId: string | null;
  onOpenAlert: (id: string | null) => void;
  onOpenEntity: (id: string) => void;
}

export function AlertsTab({ caseId, alertId, onOpenAlert, onOpenEntity }: Props) {
  if (alertId) return <AlertPage caseId={caseId} id={alertId} onBack={() => onOpenAlert(null)} onOpenEntity={onOpenEntity} />;
  return <AlertList caseId={caseId} onOpen={onOpenAlert} />;
}
