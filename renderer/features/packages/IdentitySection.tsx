import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import './packages.css';

/** The vault's examiner identity (made on first use) with its fingerprints, its public keys to hand out, and the examiners it knows. */
export function IdentitySection() {
  const identity = useQuery({ queryKey: ['identity'], queryFn: () => api.identity.show({}) });
  const keys = useQuery({ queryKey: ['identity', 'public-keys'], queryFn: () => api.identity.export({}) });
  return (
    <section className="stack" aria-labelledby="settings-identity">
      <h3 id="settings-identity" className="section-title">
        Examiner identity
      </h3>
      <p className="muted">Packages are encrypted to the age key and signed with the Ed25519 key. Give the public keys below to whoever sends you packages.</p>
      {identity.error && <Alert tone="error">{messageOf(identity.error)}</Alert>}
      {identity.data && (
        <dl className="facts">
          <dt>Examiner</dt>
          <dd>
            {identity.data.identity.name} <span className="muted">(since {formatUtc(identity.data.identity.createdAt)})</span>
          </dd>
          <dt>age recipient</dt>
          <dd className="mono selectable identity-key">{identity.data.identity.ageRecipient}</dd>
          <dt>age key fingerprint</dt>
          <dd className="mono selectable">{identity.data.identity.ageFingerprint}</dd>
          <dt>Signing key fingerprint</dt>
          <dd className="mono selectable">{identity.data.identity.signingFingerprint}</dd>
          <dt>Known examiners</dt>
          <dd>
            {identity.data.known.length === 0
              ? 'none yet (casebook identity trust FILE)'
              : identity.data.known.map((k) => (
                  <div key={k.signingKey}>
                    {k.name} <span className="mono muted">{k.signingFingerprint}</span>
                  </div>
                ))}
          </dd>
        </dl>
      )}
      {keys.data && (
        <label className="field">
          <span className="field-label">Public keys (to copy and send)</span>
          <textarea className="input textarea mono" readOnly rows={5} value={keys.data.text} spellCheck={false} />
        </label>
      )}
    </section>
  );
}
