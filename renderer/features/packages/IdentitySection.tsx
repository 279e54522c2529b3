import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { IDENTITY_QUERY } from './IdentityDialog';
import './packages.css';

/** The settings' view of carrying cases: this vault's signing fingerprint and how many keys it trusts, and the ways to the identity, backup and restore screens. */
export function IdentitySection() {
  const openDialog = useUi((state) => state.openDialog);
  const identity = useQuery({ queryKey: IDENTITY_QUERY, queryFn: () => api.identity.show({}) });
  return (
    <section className="stack" aria-labelledby="settings-identity">
      <h3 id="settings-identity" className="section-title">
        Examiner identity and backups
      </h3>
      {identity.error && <Alert tone="error">{messageOf(identity.error)}</Alert>}
      {identity.data && (
        <dl className="facts">
          <dt>Signing fingerprint</dt>
          <dd className="mono selectable identity-key">{identity.data.identity.signingFingerprint}</dd>
          <dt>Trusted identities</dt>
          <dd>{identity.data.known.length === 0 ? 'none yet' : identity.data.known.map((k) => k.name).join(', ')}</dd>
        </dl>
      )}
      <div className="actions actions-start">
        <Button onClick={() => openDialog('identity')}>Identity and trusted keys…</Button>
        <Button onClick={() => openDialog('backup')}>Back up the vault…</Button>
        <Button onClick={() => openDialog('restore')}>Restore a backup…</Button>
      </div>
    </section>
  );
}
