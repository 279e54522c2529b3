import { useUi } from '../../shared/store';
import { CreateVaultForm } from './CreateVaultForm';
import { UnlockForm } from './UnlockForm';
import './vault.css';

/** The only screen while the vault is locked or does not exist yet. */
export function VaultScreen() {
  const vault = useUi((state) => state.vault);
  if (!vault) return null;

  return (
    <main className="vault-screen">
      <div className="vault-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <h1>Casebook</h1>
        </div>
        {vault.state === 'missing' ? <CreateVaultForm /> : <UnlockForm />}
        <dl className="vault-meta">
          <dt>Vault folder</dt>
          <dd className="mono" title={vault.dir}>
            {vault.dir}
          </dd>
        </dl>
      </div>
    </main>
  );
}
