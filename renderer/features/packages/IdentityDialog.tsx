import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ExaminerIdentity } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { TrustedKeys } from './TrustedKeys';
import './packages.css';

export const IDENTITY_QUERY = ['identity'] as const;

/** The file name offered for the public keys: the examiner's name, made safe for a file system. */
export function publicKeysFileName(name: string): string {
  return `${
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'examiner'
  }.casebook-keys.txt`;
}

/**
 * This vault's examiner identity (its age recipient and Ed25519 signing key,
 * with fingerprints), its public keys saved to a file for other examiners, and
 * the examiners whose signing keys this vault trusts.
 */
export function IdentityDialog() {
  const closeDialog = useUi((state) => state.closeDialog);
  const identity = useQuery({ queryKey: IDENTITY_QUERY, queryFn: () => api.identity.show({}) });
  return (
    <Dialog title="Examiner identity and trusted keys" onClose={closeDialog} className="dialog-wide dialog-identity">
      <div className="stack identity-dialog">
        {identity.error && <Alert tone="error">{messageOf(identity.error)}</Alert>}
        {identity.isPending && <p className="muted">Reading the identity…</p>}
        {identity.data && <OwnIdentity identity={identity.data.identity} />}
        <hr className="divider" />
        {identity.data && <TrustedKeys known={identity.data.known} />}
        <div className="actions">
          <Button onClick={closeDialog}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}

function OwnIdentity({ identity }: { identity: ExaminerIdentity }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const exportKeys = async () => {
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      const { file } = await api.files.save({
        title: 'Save the public keys',
        defaultName: publicKeysFileName(identity.name),
        filters: [{ name: 'Text', extensions: ['txt'] }],
      });
      if (!file) return;
      const written = await api.identity.save({ out: file.token });
      setSaved(written.name);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="stack" aria-labelledby="own-identity">
      <div className="section-head">
        <h3 id="own-identity" className="section-title">
          This vault’s identity
        </h3>
        <span className="spacer" />
        <Button variant="primary" onClick={() => void exportKeys()} busy={busy}>
          Export public keys…
        </Button>
      </div>
      <p className="muted">
        Packages sent to you are encrypted to the age recipient; packages you sign carry the Ed25519 key. Give the public keys to whoever exchanges packages
        with you, and read the fingerprints to them over another channel (a call) so they can check them. The secret keys never leave the vault.
      </p>
      <dl className="facts identity-facts">
        <dt>Examiner</dt>
        <dd>
          {identity.name} <span className="muted">· since {formatUtc(identity.createdAt)}</span>
        </dd>
        <dt>age recipient</dt>
        <dd className="mono selectable identity-key">{identity.ageRecipient}</dd>
        <dt>age fingerprint</dt>
        <dd className="mono selectable identity-key">{identity.ageFingerprint}</dd>
        <dt>Ed25519 signing key</dt>
        <dd className="mono selectable identity-key">{identity.signingKey}</dd>
        <dt>Signing fingerprint</dt>
        <dd className="mono selectable identity-key">{identity.signingFingerprint}</dd>
      </dl>
      {saved && <Alert tone="success">Public keys saved to {saved}.</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}
