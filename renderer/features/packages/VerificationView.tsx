import type { PackageVerification } from '../../../shared/domain/packages';
import { formatCount, formatMiB } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { TrustSigner } from './TrustSigner';

/** Every check of a package with its result, the signer, and what the manifest says the package holds. */
export function VerificationView({ verification: v, onTrusted }: { verification: PackageVerification; onTrusted?: () => void }) {
  const m = v.manifest;
  return (
    <div className="stack" data-testid="package-verification">
      <Alert tone={v.ok ? 'success' : 'error'}>{v.ok ? 'The package verifies: every check passed.' : `The package does not verify. ${v.firstFailure}`}</Alert>
      <table className="table checks-table">
        <caption className="sr-only">Package checks</caption>
        <colgroup>
          <col className="col-check" />
          <col className="col-result" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {v.checks.map((c) => (
            <tr key={c.name} className={c.ok ? undefined : 'is-failed'}>
              <th scope="row" className="mono">
                {c.name}
              </th>
              <td>
                <span className={`check-result ${c.ok ? 'is-ok' : 'is-bad'}`}>{c.ok ? '✓ passed' : '✗ failed'}</span>
              </td>
              <td className="check-detail selectable">{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>Signed by</dt>
        <dd className="identity-key">
          {v.signer ? (
            <>
              <span className="mono selectable">{v.signer.fingerprint}</span>{' '}
              <span className={v.signer.known ? 'signer-known' : 'signer-unknown'}>
                {v.signer.self ? '(this vault’s own key)' : v.signer.known ? `(${v.signer.name}, a known examiner)` : '(a key this vault does not know)'}
              </span>
            </>
          ) : (
            'not signed'
          )}
        </dd>
        {m && (
          <>
            <dt>Case</dt>
            <dd>
              {m.case.title} <span className="mono muted">{m.case.id}</span>
            </dd>
            <dt>Made</dt>
            <dd>
              {formatUtc(m.createdAt)} by {m.createdBy.actor}
            </dd>
            <dt>Holds</dt>
            <dd>
              {formatCount(m.counts.records)} journal records, {formatCount(m.counts.events)} events, {formatCount(m.counts.alerts)} alerts,{' '}
              {formatCount(m.counts.entities)} entities, {formatCount(m.counts.indicators)} indicators; {formatMiB(v.bytes)} MiB
            </dd>
            {(m.selection || m.redaction) && (
              <>
                <dt>Selective</dt>
                <dd>
                  {m.selection ? 'a selection of the case' : 'the whole case'}
                  {m.redaction ? `; redacted: ${m.redaction.fields.join(', ')}` : ''}
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {v.signer && !v.signer.known && onTrusted && (
        <TrustSigner signer={v.signer} suggestedName={m?.createdBy.actor ?? ''} onTrusted={onTrusted} key={v.signer.fingerprint} />
      )}
    </div>
  );
}
