import { CaseListScreen } from '../features/cases';
import { ImportDialog } from '../features/import';
import { BackupDialog, ExportPackageDialog, IdentityDialog, IdentitySection, ImportPackageDialog, RestoreDialog } from '../features/packages';
import { SettingsDialog } from '../features/settings';
import { lockVault, refreshVaultStatus, useSessionGuards } from '../features/vault';
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { api } from '../shared/api';
import { db } from '../shared/db';
import { caseChanged } from '../shared/readModel';
import { useUi } from '../shared/store';
import { focusFirst, focusLost, mainHeading } from '../shared/ui/focus';
import { Announcer } from '../shared/ui/Announcer';
import { CaseWorkspace } from './CaseWorkspace';
import { ShortcutSheet } from './ShortcutSheet';
import { useShortcuts } from './shortcuts';
import { TopBar } from './TopBar';

/**
 * The engine now serves another vault folder (a restored backup): this session ends as on a lock (views
 * closed, read model wiped; the engine's vault.locked may come before or after this), then the
 * unlock screen shows the other folder.
 */
async function openedAnotherVault(): Promise<void> {
  await lockVault('user', true);
  await refreshVaultStatus();
}

/** The app while the vault is open: top bar, then the case list or one case. */
export function UnlockedShell() {
  useSessionGuards();
  useShortcuts();
  // Creating the vault or unlocking removes the form that had focus: start on the screen's heading, not <body>.
  useEffect(() => {
    if (focusLost()) focusFirst(mainHeading());
  }, []);
  // A case changed (in this window or another): the views keyed on its revision ask again.
  useEffect(() => api.on('case.changed', (change) => void caseChanged(change)), []);
  const openCaseId = useUi((state) => state.openCaseId);
  const dialog = useUi((state) => state.dialog);
  const openCaseTitle = useLiveQuery(async () => (openCaseId ? ((await db.cases.get(openCaseId))?.title ?? '') : ''), [openCaseId]) ?? '';

  return (
    <div className="app">
      <TopBar />
      <main className="main">{openCaseId ? <CaseWorkspace key={openCaseId} caseId={openCaseId} /> : <CaseListScreen />}</main>
      {dialog === 'settings' && <SettingsDialog sections={<IdentitySection />} />}
      {/* Into the open case; from the case list, into new cases. */}
      {dialog === 'import' && <ImportDialog caseId={openCaseId} />}
      {dialog === 'shortcuts' && <ShortcutSheet />}
      {dialog === 'export-package' && openCaseId && <ExportPackageDialog caseId={openCaseId} title={openCaseTitle} />}
      {dialog === 'import-package' && <ImportPackageDialog />}
      {dialog === 'identity' && <IdentityDialog />}
      {dialog === 'backup' && <BackupDialog />}
      {dialog === 'restore' && <RestoreDialog onOpened={openedAnotherVault} />}
      <Announcer />
    </div>
  );
}
