import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { ChainVerification, VaultVerification } from '../../../shared/domain/audit';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';

/**
 * Checks every case of the vault (`vault.verify`): each journal's chain from
 * its first record to its last, and each case against the vault manifest, so a
 * case rolled back, replaced or deleted on disk shows here by name.
 */
export function VerifyVaultSection() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VaultVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    // Mounted anew, the result's alert is announced again even when it reads the same.
    setResult(null);
    try {
      setResult(await api.vault.verify({}));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby="settings-verify">
      <h3 id="settings-verify" className="section-title">
        Verify vault
      </h3>
      <p className="muted">
        Reads every case and checks its chain of authenticated records, and checks each case against the vault manifest: a case put back from an older copy,
        swapped or deleted on disk is named here.
      </p>
      <div className="actions actions-start">
        <Button onClick={verify} busy={busy}>
          {busy ? 'Verifying…' : result ? 'Verify again' : 'Verify vault'}
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {result && <VerificationResult result={result} />}
    </section>
  );
}

function VerificationResult({ result }: { result: VaultVerification }) {
  const titles = useLiveQuery(() => db.cases.toArray(), []);
  const titleOf = (id: string) => titles?.find((c) => c.id === id)?.title ?? null;
  const { manifest } = result;
  const bad = result.cases.filter((c) => !c.ok).length;
  return (
    <div className="stack vault-verification" data-testid="vault-verification">
      <Alert tone={result.ok ? 'success' : 'error'}>
        {result.ok
          ? `Every case verified: ${plural(result.cases.length, 'case')}, checked ${formatUtc(result.checkedAt)}.`
          : `${plural(bad, 'case')} of ${result.cases.length} failed, checked ${formatUtc(result.checkedAt)}.`}
      </Alert>
      <dl className="facts">
        <dt>Vault manifest</dt>
        <dd>
          {manifest.state === 'ok' ? `copy ${manifest.generation}, written ${formatUtc(manifest.updatedAt)}` : (manifest.message ?? manifest.state)}
          {manifest.adopted && <span className="muted"> (begun from a vault that had none)</span>}
        </dd>
        {result.unlisted.length > 0 && (
          <>
            <dt>Not yet in the manifest</dt>
            <dd className="mono">{result.unlisted.join(', ')}</dd>
          </>
        )}
      </dl>
      <ul className="verify-list" aria-label="Cases checked">
        {result.cases.map((c) => (
          <CaseLine key={c.caseId} verification={c} title={titleOf(c.caseId)} />
        ))}
      </ul>
      {manifest.accepted.length > 0 && (
        <section aria-labelledby="verify-accepted">
          <h4 id="verify-accepted" className="section-title">
            States accepted by hand
          </h4>
          <ul className="verify-accepted">
            {manifest.accepted.map((a) => (
              <li key={`${a.caseId}-${a.at}`}>
                {formatUtc(a.at)}, {a.actor}: <span className="mono">{a.caseId ?? 'the manifest'}</span>, {a.what}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function CaseLine({ verification: v, title }: { verification: ChainVerification; title: string | null }) {
  return (
    <li className={v.ok ? 'verify-ok' : 'verify-bad'}>
      <span className="verify-icon" aria-hidden="true">
        {v.ok ? '✓' : '✗'}
      </span>
      <span className="verify-case selectable" title={v.caseId}>
        <strong>{title ?? 'Unreadable case'}</strong> <span className="mono faint">{v.caseId}</span>
      </span>
      <span className="verify-detail">
        {v.ok ? `verified, ${plural(v.records, 'record')}` : `${plural(v.records, 'good record')}, then: ${v.problems.map((p) => p.reason).join('; ')}`}
        {v.tornTail && ` (a torn record of ${v.tornTail.bytes} bytes at the end, left by an interrupted write)`}
      </span>
    </li>
  );
}
