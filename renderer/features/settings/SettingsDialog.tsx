import type { ReactNode } from 'react';
import { useUi } from '../../shared/store';
import { Dialog } from '../../shared/ui/Dialog';
import { ChangePassphraseForm } from './ChangePassphraseForm';
import { RotateKeysForm } from './RotateKeysForm';
import { SessionSettingsForm } from './SessionSettingsForm';
import { VerifyVaultSection } from './VerifyVaultSection';
import './settings.css';

/** `sections`: what other features add (the examiner identity), given by the app since features do not import each other. */
export function SettingsDialog({ sections }: { sections?: ReactNode }) {
  const vault = useUi((state) => state.vault);
  const closeDialog = useUi((state) => state.closeDialog);
  if (!vault) return null;

  return (
    <Dialog title="Settings" onClose={closeDialog} className="dialog-wide">
      <SessionSettingsForm vault={vault} />
      <hr className="divider" />
      <ChangePassphraseForm />
      <hr className="divider" />
      <VerifyVaultSection />
      <hr className="divider" />
      <RotateKeysForm />
      <hr className="divider" />
      {sections && (
        <>
          {sections}
          <hr className="divider" />
        </>
      )}
      <dl className="facts">
        <dt>Vault folder</dt>
        <dd className="mono selectable">{vault.dir}</dd>
      </dl>
    </Dialog>
  );
}
