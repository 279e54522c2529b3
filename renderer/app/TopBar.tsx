import { LockButton } from '../features/vault';
import { useUi } from '../shared/store';
import { Button } from '../shared/ui/Button';

export function TopBar() {
  const actor = useUi((state) => state.vault?.actor ?? '');
  const openDialog = useUi((state) => state.openDialog);
  const closeCase = useUi((state) => state.closeCase);

  return (
    <header className="topbar">
      <button type="button" className="brand brand-button" onClick={closeCase} title="Back to the case list">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Casebook</span>
      </button>
      <span className="offline-pill" title="No network: every request other than the app itself is blocked">
        Offline
      </span>
      <span className="spacer" />
      {actor && (
        <span className="muted topbar-actor">
          Analyst <strong>{actor}</strong>
        </span>
      )}
      <Button variant="ghost" onClick={() => openDialog('shortcuts')} aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
        Shortcuts
      </Button>
      <Button variant="ghost" onClick={() => openDialog('settings')}>
        Settings
      </Button>
      <LockButton />
    </header>
  );
}
