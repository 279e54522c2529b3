import { CaseListScreen } from '../features/cases';
import { ImportDialog } from '../features/import';
import { SettingsDialog } from '../features/settings';
import { useSessionGuards } from '../features/vault';
import { useUi } from '../shared/store';
import { Announcer } from '../shared/ui/Announcer';
import { CaseWorkspace } from './CaseWorkspace';
import { ShortcutSheet } from './ShortcutSheet';
import { useShortcuts } from './shortcuts';
import { TopBar } from './TopBar';

/** The app while the vault is open: top bar, then the case list or one case. */
export function UnlockedShell() {
  useSessionGuards();
  useShortcuts();
  const openCaseId = useUi((state) => state.openCaseId);
  const dialog = useUi((state) => state.dialog);

  return (
    <div className="app">
      <TopBar />
      <main className="main">{openCaseId ? <CaseWorkspace key={openCaseId} caseId={openCaseId} /> : <CaseListScreen />}</main>
      {dialog === 'settings' && <SettingsDialog />}
      {/* Into the open case; from the case list, into new cases. */}
      {dialog === 'import' && <ImportDialog caseId={openCaseId} />}
      {dialog === 'shortcuts' && <ShortcutSheet />}
      <Announcer />
    </div>
  );
}
